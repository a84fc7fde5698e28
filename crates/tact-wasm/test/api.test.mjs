// The npm package's JS API in Node.js: plain objects, UTF-16 offsets, kinds, languages,
// options, errors, fix. The package is the one scripts/build-wasm.sh wrote to $TACT_WASM_PKG
// (default target/wasm-pkg).
//
//   node --test crates/tact-wasm/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const pkgDir = resolve(process.env.TACT_WASM_PKG || join(root, "target/wasm-pkg"));
const tact = await import(pathToFileURL(join(pkgDir, "node.js")).href);
const { lint, fix, rules, version } = tact;

const FIELDS = ["code", "name", "category", "severity", "message", "start", "end", "line", "column", "matched", "suggestions"];

/** Asserts what every finding must satisfy on `text`. */
function checkFindings(text, found) {
  assert.ok(Array.isArray(found));
  for (const f of found) {
    assert.equal(Object.getPrototypeOf(f), Object.prototype, "a plain object");
    assert.deepEqual(Object.keys(f), FIELDS);
    assert.equal(text.slice(f.start, f.end), f.matched, `slice(${f.start}, ${f.end}) is the match`);
    const lineStart = text.lastIndexOf("\n", f.start - 1) + 1;
    assert.equal(f.line, text.slice(0, f.start).split("\n").length, "line");
    assert.equal(f.column, f.start - lineStart + 1, "column in UTF-16 units");
    assert.ok(["info", "warning", "error"].includes(f.severity));
    for (const s of f.suggestions) {
      assert.equal(typeof s.text, "string");
      assert.ok(["safe", "unsafe", "display-only"].includes(s.applicability));
      assert.equal("replacement" in s, s.applicability !== "display-only", "replacement only with a replacement");
    }
  }
  return found;
}

test("the package resolves by name through package.json exports, in a fresh Node process", () => {
  const dir = mkdtempSync(join(tmpdir(), "tact-import-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(pkgDir, join(dir, "node_modules", "tact-wasm"), "dir");
    const script =
      'const t = await import("tact-wasm");' +
      'const f = t.lint("Sorry, I don\'t know.", { kind: "draft" });' +
      "console.log(JSON.stringify({ v: t.version(), f: f.map(({ code, severity, start, end, message, suggestions }) =>" +
      " ({ code, severity, start, end, message: typeof message, suggestions: suggestions.length > 0 })) }));";
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir }).toString());
    assert.equal(out.v, JSON.parse(readFileSync(join(pkgDir, "package.json"))).version);
    assert.deepEqual(out.f, [{ code: "D101", severity: "warning", start: 7, end: 19, message: "string", suggestions: true }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("lint returns plain, JSON-clean objects with every field", () => {
  const text = "Sorry, I don't know. As I already told you, the parcel ships today.";
  const found = checkFindings(text, lint(text, { kind: "draft" }));
  assert.deepEqual(
    found.map((f) => [f.code, f.name, f.category, f.matched]),
    [
      ["D101", "dont-know", "dont-know", "I don't know"],
      ["D115", "as-i-said", "condescension", "As I already told you"],
    ],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(found)), found);
  const [, asISaid] = found;
  assert.deepEqual(asISaid.suggestions[0], { text: "As mentioned", replacement: "As mentioned", applicability: "safe" });
  assert.equal(asISaid.suggestions[1].applicability, "display-only");
  assert.equal(typeof version(), "string");
});

test("offsets are UTF-16 code units: emoji, umlauts, CRLF, several lines", () => {
  const text = "Grüße 👋🏽 from Jürgen 😀\r\nÄh… I don’t know 🤷. As I already told you, wait.\n\n{{first_name}}";
  const found = checkFindings(text, lint(text, { lang: "en" }));
  const byName = Object.fromEntries(found.map((f) => [f.name, f]));
  // "Grüße 👋🏽 from Jürgen 😀\r\n" is 27 UTF-16 units (36 bytes of UTF-8); "Äh… " 4 more
  // (6 bytes); "I don’t know" 12 (14 bytes).
  assert.equal(byName["dont-know"].start, 31);
  assert.equal(byName["dont-know"].end, 43);
  assert.deepEqual([byName["dont-know"].line, byName["dont-know"].column], [2, 5]);
  assert.equal(byName["as-i-said"].matched, "As I already told you");
  assert.deepEqual([byName["unfilled-placeholder"].line, byName["unfilled-placeholder"].column], [4, 1]);
  assert.equal(byName["unfilled-placeholder"].end, text.length);
});

test("a lone surrogate (invalid UTF-16) keeps the offsets of what follows", () => {
  const text = "\uD83D oops \uDE00 I don't know.";
  const [f] = checkFindings(text, lint(text));
  assert.equal(f.code, "D101");
  assert.equal(f.start, text.indexOf("I don't know"));
});

test("German and Estonian drafts; lang narrows the packs", () => {
  const de = "Hallo,\n\ndas weiß ich leider nicht. Wie ich bereits sagte, müssen Sie warten.";
  const deFound = checkFindings(de, lint(de, { lang: ["de"] }));
  assert.ok(deFound.length >= 2, JSON.stringify(deFound));
  assert.ok(deFound.every((f) => f.code.startsWith("D")));
  assert.ok(deFound.some((f) => f.matched === "weiß ich leider nicht" || f.matched.includes("weiß")), JSON.stringify(deFound));
  assert.deepEqual(lint(de, { lang: "en" }), [], "English packs only: the German phrases are not flagged");
  assert.deepEqual(lint(de, { lang: "en,de" }), lint(de, { lang: ["de", "en"] }), "list forms mean the same");
  const et = "Tere,\n\nma ei tea, millal pakk kohale jõuab. Nagu ma juba ütlesin, peate ootama.";
  assert.ok(checkFindings(et, lint(et, { lang: "et" })).length >= 2);
  assert.throws(() => lint(de, { lang: "fr" }), { name: "TactError", message: /lang: unknown value `fr`/ });
});

test("kind: incoming messages are triaged by other rules than drafts", () => {
  const msg = "This is the THIRD time I'm writing!!! Fix it or I will cancel my subscription and see you in court.";
  const incoming = checkFindings(msg, lint(msg, { kind: "incoming", lang: "en" }));
  const categories = new Set(incoming.map((f) => f.category));
  for (const c of ["churn-threat", "legal-threat", "repeat-contact"]) assert.ok(categories.has(c), `${c} in ${[...categories]}`);
  assert.ok(incoming.every((f) => !f.code.startsWith("D")), "no draft rules");
  assert.ok(lint(msg, { kind: "draft" }).every((f) => f.code.startsWith("D")), "no incoming rules for drafts");
  assert.deepEqual(lint(msg), lint(msg, { kind: "draft" }), "draft is the default");
  assert.throws(() => lint(msg, { kind: "reply" }), { name: "TactError", message: /kind: unknown value `reply`/ });
});

test("select, ignore and severity", () => {
  const text = "Sorry, I don't know. As I already told you, it ships today.";
  assert.deepEqual(lint(text, { select: "dont-know" }).map((f) => f.code), ["D101"]);
  assert.deepEqual(lint(text, { select: ["D115"] }).map((f) => f.code), ["D115"]);
  assert.deepEqual(lint(text, { ignore: "condescension" }).map((f) => f.code), ["D101"]);
  const leveled = lint(text, { severity: { "dont-know": "error" } });
  assert.deepEqual(leveled.map((f) => f.severity), ["error", "warning"]);
});

test("a team's own pack, alone or next to the built-in ones", () => {
  const source = [
    "pack: house",
    "language: en",
    "kind: draft",
    "rules:",
    "  - code: H101",
    "    name: competitor-name",
    "    category: policy-shield",
    "    severity: info",
    '    message: "Avoid naming competitors (“{matched}”)"',
    "    why: We talk about what we can do.",
    '    phrases: ["ShipFast"]',
  ].join("\n");
  const text = "Sorry, I don't know. 😀 ShipFast is faster.";
  const packs = [{ name: "house.yaml", source }];
  assert.deepEqual(lint(text, { packs }).map((f) => f.code), ["D101", "H101"]);
  const [own] = checkFindings(text, lint(text, { packs, builtin: false }));
  assert.equal(own.message, "Avoid naming competitors (“ShipFast”)");
  assert.equal(own.start, text.indexOf("ShipFast"));
  assert.deepEqual(rules({ packs, builtin: false }).map((r) => [r.code, r.why]), [["H101", "We talk about what we can do."]]);
});

test("errors are thrown as TactError with a clear message", () => {
  const cases = [
    [{ langs: "en" }, /^tact: invalid options: unknown key `langs`, expected one of: kind, lang, select/],
    ["draft", /expected an object/],
    [["draft"], /expected an object/],
    [{ lang: 3 }, /^tact: invalid options: lang: invalid type: integer `3`, expected a string or an array of strings$/],
    [{ builtin: "yes" }, /^tact: invalid options: builtin: invalid type: string "yes", expected a boolean$/],
    [{ packs: [{ name: "x.yaml" }] }, /^tact: invalid options: packs: missing field `source`$/],
    [{ severity: { "dont-know": "fatal" } }, /severity of `dont-know`: unknown value `fatal`, expected one of: info, warning, error/],
    [{ select: "no-such-rule" }, /could not build the linter:\n`no-such-rule` is not the code, name or category of any loaded rule/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => lint("I don't know.", options),
      (e) => e instanceof Error && e.name === "TactError" && message.test(e.message) && Array.isArray(e.errors),
      JSON.stringify(options),
    );
  }
  // A broken pack: each problem with its place, also as data.
  const bad = { builtin: false, packs: [{ name: "house.yaml", source: "pack: house\nlanguage: en\nkind: draft\nrules:\n  - code: H1\n    nmae: x\n" }] };
  let caught;
  try {
    fix("text", bad);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, "fix throws too");
  assert.match(caught.message, /^tact: could not build the linter:\nhouse\.yaml:\d+:\d+: /);
  assert.ok(caught.errors.length >= 1);
  assert.equal(caught.errors[0].origin, "house.yaml");
  assert.equal(typeof caught.errors[0].line, "number");
  assert.equal(typeof caught.errors[0].message, "string");
  // The failure is cached, and it stays a failure; good options still work afterwards.
  assert.throws(() => lint("text", bad), { name: "TactError" });
  assert.equal(lint("I don't know.").length, 1);
});

test("fix applies safe fixes only, keeps the rest of the text intact", () => {
  const text = "Grüße 😀! As I already told you, it ships today. I don't know when.";
  const fixed = fix(text, { kind: "draft" });
  assert.deepEqual(Object.keys(fixed), ["text", "applied", "converged"]);
  assert.equal(fixed.text, "Grüße 😀! As mentioned, it ships today. I don't know when.");
  assert.equal(fixed.applied, 1);
  assert.equal(fixed.converged, true);
  // "Let me find out" for "I don't know" is unsafe: shown, never applied.
  assert.ok(lint(fixed.text).some((f) => f.code === "D101"));
  assert.deepEqual(fix("Nothing to change here.", {}), { text: "Nothing to change here.", applied: 0, converged: true });
  // What a finding's safe replacement does by hand, fix does for all.
  const [f] = lint("As I already told you, yes.", { select: "D115" });
  const replacement = f.suggestions.find((s) => s.applicability === "safe").replacement;
  const text2 = "As I already told you, yes.";
  assert.equal(text2.slice(0, f.start) + replacement + text2.slice(f.end), fix(text2).text);
});

test("empty, long and quoted text", () => {
  assert.deepEqual(lint(""), []);
  const long = ("Thanks for writing in. 😀 ".repeat(4000) + "I don't know.").repeat(1);
  const found = checkFindings(long, lint(long));
  assert.deepEqual(found.map((f) => f.code), ["D101"]);
  const quoted = "Thanks, we are on it.\n\nOn Mon, Customer wrote:\n> I don't know what to do anymore";
  assert.deepEqual(lint(quoted), [], "the customer's quoted text is not the agent's");
});

test("rules lists what runs, with the reasoning", () => {
  const all = rules({ kind: "draft", lang: "en" });
  assert.ok(all.length > 10);
  for (const r of all) {
    assert.ok(r.why.length > 0, r.code);
    assert.ok(["en", "any"].includes(r.language), r.code);
    assert.ok(["draft", "any"].includes(r.kind), r.code);
  }
  assert.deepEqual(rules({ select: "dont-know", lang: "en" }).map((r) => r.code), ["D101"]);
});
