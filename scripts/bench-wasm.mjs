// Latency of the npm package (scripts/build-wasm.sh): a 1 KB draft linted after load, in
// Node.js and in headless Chromium. Run through scripts/bench-wasm.sh, which builds first.
//
//   node scripts/bench-wasm.mjs PKG_DIR [--no-browser]
//
// For each input: the first lint (which builds the linter: once per option set), WARM single
// lints (the slowest one is reported: the library's switch to a DFA), then BATCHES batches of
// CALLS lints each; per-call time is a batch's time / CALLS (Chromium's clock is coarse,
// 0.1 ms, without cross-origin isolation). Prints the median batch, per call, and the slowest.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = process.argv.slice(2);
const pkgDir = resolve(args.find((a) => !a.startsWith("--")) ?? resolve(root, "target/wasm-pkg"));
const browser = !args.includes("--no-browser");
const WARM = 400;
const BATCHES = 50;
const CALLS = 200;

// The same 1 KB draft as `cargo bench -p tact` ("lint 1 KB draft"): a good reply, no findings.
const CLEAN =
  "Hi Maria,\n\nthank you for your patience, and I'm sorry the parcel hasn't arrived yet. " +
  "I have asked our warehouse to trace it and I will write to you by tomorrow noon with what they find. " +
  "If it turns out to be lost, we will send a replacement the same day, free of charge, by express. " +
  "In the meantime you can follow the shipment with the tracking link in your order confirmation; " +
  "the courier usually updates it in the evening. Should you need the item urgently for an event, " +
  "reply to this e-mail and tell me the date: I can check whether a store near you has it in stock " +
  "and reserve it for you. I know how frustrating a late delivery is, especially when it is a gift, " +
  "and I want to make sure this is sorted out quickly for you. As a small apology I have added a " +
  "voucher for your next order to your account; it is valid for a year and there is nothing you " +
  "need to do to use it. Thanks again for letting us know, and for bearing with us. If anything " +
  "else comes up, just reply to this e-mail and it will reach me directly.\n\nBest regards,\nJonas\n";

// A curt 1 KB draft with findings, emoji and umlauts (offsets need converting).
const CURT =
  "Hi Jürgen 👋,\n\nI don't know where your parcel is. As I already told you, you have to wait until the " +
  "courier updates the tracking. It's company policy, there is nothing I can do. Please do not open " +
  "duplicate tickets, it will not speed things up. Calm down, it is not our fault that the courier is " +
  "late 🙄. You should have chosen express shipping if you needed it by Friday. We guarantee it will " +
  "arrive tomorrow, 100%. If you are not happy, don't come back. The tracking link is in your order " +
  "confirmation, and the courier usually updates it in the evening; the warehouse handed the parcel " +
  "over on Monday, so it is on its way. Should you need anything else, reply to this e-mail. We look " +
  "at every ticket in the order it arrives, so writing again does not help. Your order number is " +
  "{{order_id}} and the amount was charged on Tuesday. I can't be bothered to check the warehouse " +
  "again today, sorry. The driver tried to deliver twice and left a card, so please look in your " +
  "mailbox first, and check with your neighbours.\n\nRegards,\nSupport 😀\n";

// Runs in Node and, as source text, in the page: everything it needs is passed in. `cpu` is
// the process's CPU time in ms (Node only; the machine may be shared, and CPU time is what
// load does not inflate), or null.
function bench(tact, text, options, cpu) {
  const now = () => performance.now();
  const spent = () => (cpu ? cpu() : NaN);
  let w = now();
  let c = spent();
  const first = tact.lint(text, options);
  const firstMs = now() - w;
  const firstCpuMs = spent() - c;
  // Warm-up: WARM calls, past the point where the library swaps its phrase automaton from the
  // NFA to a DFA (after 256 KiB of text); the slowest single call is that swap.
  let stallMs = 0;
  let stallCpuMs = 0;
  let stallAt = -1;
  for (let i = 0; i < WARM; i++) {
    w = now();
    c = spent();
    tact.lint(text, options);
    const ms = now() - w;
    if (ms > stallMs) [stallMs, stallCpuMs, stallAt] = [ms, spent() - c, i + 2];
  }
  const wall = [];
  const cpuPer = [];
  for (let b = 0; b < BATCHES; b++) {
    w = now();
    c = spent();
    for (let i = 0; i < CALLS; i++) tact.lint(text, options);
    wall.push((now() - w) / CALLS);
    cpuPer.push((spent() - c) / CALLS);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    bytes: new TextEncoder().encode(text).length,
    units: text.length,
    findings: first.length,
    firstMs,
    firstCpuMs,
    stallMs,
    stallCpuMs,
    stallAt,
    medianUs: median(wall) * 1000,
    medianCpuUs: median(cpuPer) * 1000,
    maxUs: Math.max(...wall) * 1000,
  };
}

const INPUTS = [
  ["clean 1 KB draft", CLEAN],
  ["curt 1 KB draft", CURT],
];

function report(where, load, results) {
  console.log(`\n${where}: ${load}`);
  const ms = (wall, cpu) => `${wall.toFixed(1)} ms` + (Number.isNaN(cpu) ? "" : ` (CPU ${cpu.toFixed(1)} ms)`);
  const us = (wall, cpu) => `${wall.toFixed(1)} µs` + (Number.isNaN(cpu) ? "" : ` (CPU ${cpu.toFixed(1)} µs)`);
  results.forEach(([name, r], i) => {
    console.log(`  ${name}: ${r.bytes} bytes (${r.units} UTF-16 units), ${r.findings} findings`);
    const first = i === 0 ? "first lint (builds the linter)" : "first lint of this text       ";
    console.log(`    ${first}   ${ms(r.firstMs, r.firstCpuMs)}`);
    console.log(`    slowest warm-up call (#${String(r.stallAt).padEnd(3)})     ${ms(r.stallMs, r.stallCpuMs)}`);
    console.log(`    per lint, median batch           ${us(r.medianUs, r.medianCpuUs)}; slowest batch ${r.maxUs.toFixed(1)} µs`);
  });
}

const wasmBytes = readFileSync(resolve(pkgDir, "tact_wasm_bg.wasm")).length;
const load = (await import("node:os")).loadavg()[0].toFixed(1);
console.log(`package ${pkgDir}: tact_wasm_bg.wasm ${wasmBytes} bytes; ${BATCHES} batches × ${CALLS} calls; load average ${load}`);

// Node.js: a fresh process; import = read + compile + instantiate.
{
  const t0 = performance.now();
  const tact = await import(pathToFileURL(resolve(pkgDir, "node.js")).href);
  const loadMs = performance.now() - t0;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const results = INPUTS.map(([name, text]) => [name, bench(tact, text, { kind: "draft" }, cpu)]);
  report(`Node.js ${process.version}`, `import ${loadMs.toFixed(1)} ms`, results);
}

if (browser) {
  const { startServer } = await import(pathToFileURL(resolve(root, "examples/browser/serve.mjs")).href);
  const { launch } = await import(pathToFileURL(resolve(root, "crates/tact-wasm/test/chromium.mjs")).href);
  // A blank page of its own, so nothing has built a linter or warmed the module before.
  const site = mkdtempSync(join(tmpdir(), "tact-bench-"));
  writeFileSync(join(site, "index.html"), '<!doctype html><meta charset="utf-8"><title>tact bench</title>');
  const server = await startServer({ pkgDir, root: site });
  const chromium = await launch();
  try {
    const page = await chromium.context.newPage();
    await page.goto(server.url);
    const out = await page.evaluate(
      async ({ inputs, benchSrc }) => {
        let t0 = performance.now();
        const bytes = await (await fetch("/pkg/tact_wasm_bg.wasm")).arrayBuffer();
        await WebAssembly.compile(bytes);
        const compileMs = performance.now() - t0;
        t0 = performance.now();
        const tact = await import("/pkg/web.js");
        const importMs = performance.now() - t0;
        const benchFn = new Function(`return (${benchSrc})`)();
        return {
          agent: navigator.userAgent,
          compileMs,
          importMs,
          results: inputs.map(([n, t]) => [n, benchFn(tact, t, { kind: "draft" }, null)]),
        };
      },
      {
        inputs: INPUTS,
        benchSrc: bench.toString().replace(/\bCALLS\b/g, CALLS).replace(/\bBATCHES\b/g, BATCHES).replace(/\bWARM\b/g, WARM),
      },
    );
    const version = out.agent.match(/Chrome\/([\d.]+)/)?.[1] ?? out.agent;
    report(
      `Chromium ${version} (headless)`,
      `fetch + compile ${out.compileMs.toFixed(1)} ms; import (fetch + compile + instantiate) ${out.importMs.toFixed(1)} ms`,
      out.results,
    );
  } finally {
    await chromium.close();
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
}
