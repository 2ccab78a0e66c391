// Parses Mermaid files with Mermaid's own parser (the one that draws them), under a
// minimal DOM from jsdom, so `jigsaw graph --format mermaid` is known to be valid.
// Usage: node .ci/node/check-mermaid.mjs FILE...  Exit 0 when every file parses, 1 if any
// does not (each problem is printed), 2 on a usage error.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check-mermaid.mjs FILE...');
  process.exit(2);
}
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
let failed = 0;
for (const file of files) {
  try {
    const result = await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file} (${result.diagramType})`);
  } catch (error) {
    failed++;
    console.log(`invalid ${file}: ${String(error.message || error)}`);
  }
}
process.exit(failed ? 1 : 0);
