// Load measurement for classroom voting (not a test: it prints figures for
// docs/performance.md). Starts the real vote server (`jigsaw vote-server`), lets 200
// simulated phones join, then all 200 vote at the same moment while also polling the
// state as the page does. Checks that no vote is lost and prints the latency of the votes
// (median, p95, max) and of the polls. Usage: node vote-load.mjs path/to/jigsaw [devices]
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { performance } from "node:perf_hooks";
import http from "node:http";

const jigsaw = process.argv[2] ?? "target/debug/jigsaw";
const devices = Number(process.argv[3] ?? 200);
const options = ["Ring Tamsin", "Send a letter", "Ask the GP"];

const server = spawn(jigsaw, ["vote-server", ...options.flatMap((o) => ["--option", o])], {
  stdio: ["pipe", "pipe", "inherit"],
});
const pending = [];
createInterface({ input: server.stdout }).on("line", (l) => pending.shift()?.(JSON.parse(l)));
const next = () => new Promise((resolve) => pending.push(resolve));
const ask = (command) => { const reply = next(); server.stdin.write(command + "\n"); return reply; };
const { port, code, decision } = await next();
const base = `http://127.0.0.1:${port}`;

// Each simulated phone has its own connection (a keep-alive agent with one socket), as a
// real phone would.
// Like the page, a request with no answer in 8 seconds is given up and sent again on a new
// connection (counted in `retries`).
let retries = 0;
const request = async (agent, method, path, body) => {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await once(attempt === 0 ? agent : new http.Agent({ keepAlive: false }), method, path, body);
    } catch (error) {
      if (attempt >= 2) throw error;
      retries += 1;
    }
  }
};
const once = (agent, method, path, body) => new Promise((resolve, reject) => {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const req = http.request(`${base}${path}`, {
    method,
    agent,
    headers: data === undefined ? {} : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) },
  }, (res) => {
    let text = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => { text += chunk; });
    res.on("end", () => resolve({ status: res.statusCode, text }));
  });
  req.on("error", reject);
  req.setTimeout(8000, () => req.destroy(new Error("no answer in 8 s")));
  if (data !== undefined) req.write(data);
  req.end();
});
const agents = Array.from({ length: devices }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));

const tokens = await Promise.all(agents.map(async (agent) => {
  const reply = await request(agent, "POST", "/api/join", { code });
  if (reply.status !== 200) throw new Error(`join: ${reply.status}`);
  return JSON.parse(reply.text).token;
}));

const timed = async (f) => { const t = performance.now(); const r = await f(); return [performance.now() - t, r]; };
const expected = [0, 0, 0];
const started = performance.now();
const [votes, polls] = await Promise.all([
  Promise.all(tokens.map((token, i) => {
    expected[i % 3] += 1;
    return timed(() => request(agents[i], "POST", "/api/vote", { code, token, decision, option: i % 3 }).then((r) => r.status));
  })),
  // Each phone's poll goes out on a second connection of its own, as a page's poll and a
  // tap can overlap.
  Promise.all(tokens.map((token) => timed(() =>
    request(new http.Agent({ keepAlive: false }), "GET", `/api/state?code=${code}&token=${token}`).then((r) => r.status)))),
]);
const wall = performance.now() - started;

const failed = votes.filter(([, s]) => s !== 200).length + polls.filter(([, s]) => s !== 200).length;
const tally = await ask("snapshot");
server.stdin.end("quit\n");
agents.forEach((agent) => agent.destroy());

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const ms = (x) => `${x.toFixed(1)} ms`;
const voteTimes = votes.map(([t]) => t);
const pollTimes = polls.map(([t]) => t);
console.log(`devices: ${devices}; ${devices} votes and ${devices} polls sent at once, all answered in ${ms(wall)}`);
console.log(`votes: median ${ms(pct(voteTimes, 50))}, p95 ${ms(pct(voteTimes, 95))}, max ${ms(Math.max(...voteTimes))}`);
console.log(`polls: median ${ms(pct(pollTimes, 50))}, p95 ${ms(pct(pollTimes, 95))}, max ${ms(Math.max(...pollTimes))}`);
console.log(`tally: ${JSON.stringify(tally.counts)} from ${tally.voters} voters (expected ${JSON.stringify(expected)}); non-200 answers: ${failed}; requests retried after 8 s: ${retries}`);
const lost = JSON.stringify(tally.counts) !== JSON.stringify(expected) || tally.voters !== devices || failed > 0;
if (lost) {
  console.error("votes were lost or refused");
  process.exit(1);
}
