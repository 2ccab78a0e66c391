// The classroom vote page in a real browser (Debian's chromium, driven by playwright-core).
//
// Starts the real vote server (`jigsaw vote-server`, the same code the app runs), then
// three simulated phones open the page, enter the room code and vote; one changes its
// vote, one first tries a wrong code. The server's own tally is then asserted, voting is
// closed (the phones show it and cannot vote), and a new decision is opened (the phones
// move to it by themselves). Usage: node vote-page.mjs path/to/jigsaw
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const jigsaw = process.argv[2] ?? "target/debug/jigsaw";
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const options = ["Ring Tamsin", "Send a letter", "Ask the GP <b>first</b> & wait"];

const server = spawn(jigsaw, [
  "vote-server",
  "--question", "Two missed appointments: what now?",
  ...options.flatMap((o) => ["--option", o]),
], { stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: server.stdout });
const pending = [];
lines.on("line", (line) => pending.shift()?.(JSON.parse(line)));
const next = () => new Promise((resolve) => pending.push(resolve));
const ask = (command) => { const reply = next(); server.stdin.write(command + "\n"); return reply; };

const started = await next();
const base = `http://127.0.0.1:${started.port}/`;
console.log(`vote server on ${base}, room code ${started.code}`);

const browser = await chromium.launch({
  executablePath: browserPath,
  args: ["--no-sandbox", "--disable-gpu"],
});
let failed = false;
try {
  const phone = async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
    });
    return context.newPage();
  };
  const [a, b, c] = await Promise.all([phone(), phone(), phone()]);

  const join = async (page, code) => {
    await page.goto(base);
    await page.getByLabel("Room code (on the screen)").fill(code);
    await page.getByRole("button", { name: "Join" }).click();
  };
  const vote = async (page, text) => {
    await page.getByRole("button", { name: text }).click();
    await page.waitForFunction(
      (t) => [...document.querySelectorAll("#options button")]
        .some((b) => b.textContent.includes(t) && b.getAttribute("aria-pressed") === "true"),
      text,
    );
  };

  // Phone C tries a wrong code first and is told so; nothing is counted.
  await join(c, "WXYZ");
  await c.getByRole("status").filter({ hasText: "not this room's code" }).waitFor();
  assert.equal(await c.locator("#ballot").isVisible(), false);

  await join(a, started.code.toLowerCase());
  await join(b, started.code);
  await join(c, started.code);
  for (const page of [a, b, c]) {
    await page.locator("#ballot").waitFor({ state: "visible" });
    assert.equal(await page.locator("#question").textContent(), "Two missed appointments: what now?");
  }
  // Scenario text arrives as text, never as markup.
  assert.equal(await a.locator("#options b").count(), 0);
  await a.getByRole("button", { name: "Ask the GP <b>first</b> & wait" }).waitFor();

  await vote(a, "Ring Tamsin");
  await vote(b, "Ring Tamsin");
  await vote(c, "Send a letter");
  await vote(b, "Send a letter"); // B changes its mind
  let tally = await ask("snapshot");
  assert.deepEqual(tally.counts, [1, 2, 0], JSON.stringify(tally));
  assert.equal(tally.voters, 3);
  assert.equal(tally.devices, 3);

  // Readable on a small phone: nothing wider than the screen.
  const overflow = await a.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);

  // Closing voting: the phones say so, and a tap changes nothing.
  tally = await ask("close");
  for (const page of [a, b, c]) {
    await page.getByText("Voting has closed").waitFor();
  }
  assert.equal(await a.getByRole("button", { name: "Send a letter" }).isDisabled(), true);
  tally = await ask("snapshot");
  assert.deepEqual(tally.counts, [1, 2, 0]);

  // The next decision: the phones move to it by themselves, with no vote cast yet.
  await ask("next");
  for (const page of [a, b, c]) {
    await page.getByText("A new decision is open").waitFor({ timeout: 10000 });
    assert.equal(await page.locator('#options button[aria-pressed="true"]').count(), 0);
  }
  await vote(c, "Ask the GP");
  tally = await ask("snapshot");
  assert.deepEqual(tally.counts, [0, 0, 1], JSON.stringify(tally));
  console.log("vote page: 3 phones joined (one after a wrong code), voted, one changed its vote; tallies, closing and the next decision all correct");
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  server.stdin.end("quit\n");
}
process.exit(failed ? 1 : 0);
