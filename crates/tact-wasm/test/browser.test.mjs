// The demo page (examples/browser/) in headless Chromium: type a bad draft, see the
// underlines, hover one, apply its safe fix, undo it, apply all safe fixes. Screenshots go to
// target/wasm-test/. The package is the one in $TACT_WASM_PKG (default target/wasm-pkg).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../../../examples/browser/serve.mjs";
import { launch } from "./chromium.mjs";

const root = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const pkgDir = resolve(process.env.TACT_WASM_PKG || join(root, "target/wasm-pkg"));
const shots = join(root, "target/wasm-test");

const DRAFT = "Hi Jürgen 👋🏽,\n\nI don't know where it is. As I already told you, please wait.\n\nBest, Ana";

test("demo page: underlines as you type, suggestion on hover, safe fix applied", { timeout: 180_000 }, async (t) => {
  mkdirSync(shots, { recursive: true });
  const server = await startServer({ pkgDir });
  t.after(() => server.close());
  const chromium = await launch();
  t.after(() => chromium.close());

  const page = await chromium.context.newPage();
  const problems = [];
  const elsewhere = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("request", (r) => r.url().startsWith(server.url) || r.url().startsWith("data:") || elsewhere.push(r.url()));

  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  // The sample draft is linted on load.
  assert.ok((await page.locator("#backdrop mark").count()) > 0, "the sample is underlined");

  // Replace it by typing, key by key, as an agent would.
  const reply = page.locator("#reply");
  await reply.fill("");
  await page.waitForFunction(() => document.querySelectorAll("#backdrop mark").length === 0);
  await reply.pressSequentially(DRAFT, { delay: 4 });
  const asISaid = page.locator('#backdrop mark[data-code="D115"]');
  await asISaid.waitFor({ timeout: 10_000 });
  assert.equal(await reply.inputValue(), DRAFT);

  // Each underline covers exactly its words (the UTF-16 offsets, after an emoji).
  assert.equal(await asISaid.textContent(), "As I already told you");
  assert.match(await asISaid.getAttribute("title"), /“As I already told you” reproaches the customer/);
  const dontKnow = page.locator('#backdrop mark[data-code="D101"]');
  assert.equal(await dontKnow.textContent(), "I don't know");
  assert.equal(await dontKnow.getAttribute("class"), "warning");
  assert.deepEqual(
    await page.locator("#findings li").evaluateAll((lis) => lis.map((li) => li.dataset.code)),
    ["D101", "D115"],
  );
  assert.match(await page.locator("#status").textContent(), /^2 warnings · /);

  // The textarea's text and the underlines line up: the mark sits on the typed words.
  const box = await asISaid.boundingBox();
  assert.ok(box && box.width > 50 && box.height > 10, JSON.stringify(box));

  // Hover: the card shows the message, the reasoning and the safe suggestion.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = page.locator("#tip");
  await tip.waitFor({ state: "visible", timeout: 5_000 });
  const tipText = await tip.textContent();
  assert.match(tipText, /D115 warning/);
  assert.match(tipText, /as-i-said · condescension/);
  assert.match(tipText, /reproaches the customer/);
  const safe = tip.locator("button.safe");
  assert.equal(await safe.textContent(), "“As mentioned”");
  assert.match(tipText, /safe fix/);
  await page.screenshot({ path: join(shots, "demo-hover.png"), fullPage: true });

  // Apply it: the text changes, the underline goes, the other stays.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height + 12, { steps: 4 });
  await safe.click();
  await page.waitForFunction(() => !document.querySelector('#backdrop mark[data-code="D115"]'));
  assert.equal(await reply.inputValue(), DRAFT.replace("As I already told you", "As mentioned"));
  assert.equal(await page.locator('#backdrop mark[data-code="D101"]').count(), 1);
  assert.equal(await tip.isHidden(), true);

  // It went through the editing commands: undo brings the old words back, and the lint.
  await reply.focus();
  await page.keyboard.press("Control+z");
  await asISaid.waitFor({ timeout: 5_000 });
  assert.equal(await reply.inputValue(), DRAFT);

  // "Apply safe fixes" does all of them at once (D101's suggestion is not safe: it stays).
  const fixAll = page.locator("#fix-all");
  assert.equal(await fixAll.textContent(), "Apply safe fixes (1)");
  await fixAll.click();
  await page.waitForFunction(() => !document.querySelector('#backdrop mark[data-code="D115"]'));
  assert.equal(await reply.inputValue(), DRAFT.replace("As I already told you", "As mentioned"));
  assert.equal(await fixAll.isDisabled(), true);

  // Incoming messages: other rules.
  await page.selectOption("#kind", "incoming");
  await reply.fill("This is the third time I'm writing. Fix it or I will cancel my subscription.");
  await page.locator("#backdrop mark").first().waitFor({ timeout: 5_000 });
  const codes = await page.locator("#findings li").evaluateAll((lis) => lis.map((li) => li.dataset.code));
  assert.ok(codes.length >= 2 && codes.every((c) => c.startsWith("I")), codes.join(","));

  await page.selectOption("#kind", "draft");
  await reply.fill(DRAFT);
  await asISaid.waitFor({ timeout: 5_000 });
  await page.screenshot({ path: join(shots, "demo.png"), fullPage: true });

  assert.deepEqual(problems, []);
  assert.deepEqual(elsewhere, [], "no request leaves 127.0.0.1");
});
