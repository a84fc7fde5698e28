// The demo: a reply box that underlines what tact finds as you type (debounced), explains a
// finding when the pointer rests on it, and applies fixes. All in this page: the package is
// served from ./pkg/ (see serve.mjs) and the text is never sent anywhere.
//
// The box is a plain <textarea> (so undo, IME and spell checking keep working) laid over a
// backdrop that draws the same text, invisible, with <mark>s under the findings. tact's
// offsets are UTF-16 code units, the same as the textarea's, so they are used as they are.

const $ = (id) => document.getElementById(id);
const reply = $("reply");
const backdrop = $("backdrop");
const list = $("findings");
const tip = $("tip");
const statusLine = $("status");
const fixAllButton = $("fix-all");
const kindSelect = $("kind");
const langSelect = $("lang");

const DEBOUNCE_MS = 150;
const SAMPLE =
  "Hi Maria,\n\n" +
  "I don't know where your parcel is. As I already told you, you have to wait until the courier " +
  "updates the tracking. It's company policy, there is nothing I can do.\n\n" +
  "Please do not open duplicate tickets, it will not speed things up.\n\n" +
  "Best regards,\n{{agent_name}}";

let tact;
try {
  tact = await import("./pkg/web.js");
} catch (error) {
  statusLine.textContent = `Could not load tact (${error.message}). Build it: scripts/build-wasm.sh target/wasm-pkg`;
  throw error;
}

/** Findings for the text the backdrop shows; offsets kept valid while the user types. */
let findings = [];
let shownText = "";
let whyByCode = new Map();
let timer = 0;
let hideTimer = 0;
/** The first lint of an option set also builds its linter (once; then it is cached). */
const built = new Set();

function options() {
  const o = { kind: kindSelect.value };
  if (langSelect.value) o.lang = [langSelect.value];
  return o;
}

function loadRules() {
  whyByCode = new Map(tact.rules(options()).map((r) => [r.code, r.why]));
}

function safeReplacement(f) {
  return f.suggestions.find((s) => s.applicability === "safe" && s.replacement !== undefined)?.replacement;
}

/** Lints now and redraws everything. */
function check() {
  clearTimeout(timer);
  timer = 0;
  const text = reply.value;
  const t0 = performance.now();
  try {
    findings = tact.lint(text, options());
  } catch (error) {
    findings = [];
    statusLine.textContent = error.message;
    return;
  }
  const ms = performance.now() - t0;
  render(text);
  renderList();
  const counts = ["error", "warning", "info"]
    .map((s) => [s, findings.filter((f) => f.severity === s).length])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n > 1 ? "s" : ""}`);
  const key = JSON.stringify(options());
  const took = built.has(key) ? `checked in ${ms.toFixed(2)} ms` : `rules loaded and checked in ${ms.toFixed(1)} ms`;
  built.add(key);
  statusLine.textContent = `${counts.length ? counts.join(", ") : "No findings"} · ${took}`;
  const fixable = findings.filter((f) => safeReplacement(f) !== undefined).length;
  fixAllButton.disabled = fixable === 0;
  fixAllButton.textContent = fixable ? `Apply safe fixes (${fixable})` : "Apply safe fixes";
}

/**
 * Moves findings through one edit (the changed middle between a common prefix and suffix):
 * those before it stay, those after it shift, those touched by it go until the next lint.
 */
function shift(found, before, after) {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const editEnd = before.length - suffix;
  const delta = after.length - before.length;
  return found.flatMap((f) => {
    if (f.end <= prefix) return [f];
    if (f.start >= editEnd) return [{ ...f, start: f.start + delta, end: f.end + delta }];
    return [];
  });
}

/** Draws the text into the backdrop with a <mark> per finding (overlaps: the first one). */
function render(text) {
  shownText = text;
  const parts = [];
  let pos = 0;
  findings.forEach((f, i) => {
    if (f.start < pos) return;
    parts.push(text.slice(pos, f.start));
    const mark = document.createElement("mark");
    mark.className = f.severity;
    mark.dataset.index = String(i);
    mark.dataset.code = f.code;
    mark.title = f.message;
    mark.textContent = text.slice(f.start, f.end);
    parts.push(mark);
    pos = f.end;
  });
  // A trailing newline needs something after it to take up its line, as in the textarea.
  parts.push(text.slice(pos) + "\u200b");
  backdrop.replaceChildren(...parts);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function badge(f) {
  return el("span", `badge ${f.severity}`, `${f.code} ${f.severity}`);
}

function renderList() {
  const items = findings.map((f) => {
    const li = el("li", f.severity);
    li.dataset.code = f.code;
    const body = el("div", "message", f.message);
    const advice = f.suggestions.find((s) => s.replacement === undefined);
    const instead = f.suggestions.find((s) => s.replacement !== undefined);
    const where = el("button", "where", `${f.line}:${f.column}`);
    where.type = "button";
    where.title = "Select it in the reply";
    where.addEventListener("click", () => {
      reply.focus();
      reply.setSelectionRange(f.start, f.end);
    });
    const actions = el("div", "actions");
    const fix = safeReplacement(f);
    if (fix !== undefined) {
      const apply = el("button", "", `Use “${fix}”`);
      apply.type = "button";
      apply.addEventListener("click", () => replace(f, fix));
      actions.append(apply);
    }
    li.append(badge(f), body, where);
    const hint = instead ? `Instead: “${instead.text}”` : advice ? advice.text : "";
    if (hint || actions.childElementCount) {
      li.append(el("div", "hint", hint), actions);
    }
    return li;
  });
  if (items.length === 0 && reply.value.trim()) {
    items.push(el("li", "empty", kindSelect.value === "draft" ? "Nothing to change: good to send." : "Nothing to route on."));
  }
  list.replaceChildren(...items);
}

/** Replaces a finding's span, through the editing commands so that Ctrl+Z undoes it. */
function replace(f, text) {
  hideTip();
  reply.focus();
  reply.setSelectionRange(f.start, f.end);
  if (!document.execCommand("insertText", false, text)) {
    reply.setRangeText(text, f.start, f.end, "end");
    reply.dispatchEvent(new Event("input"));
  }
  check();
}

function autosize() {
  reply.style.height = "auto";
  reply.style.height = `${reply.scrollHeight}px`;
}

// ---- Hover: the textarea is on top, so find the mark under the pointer by its boxes. ----

function markAt(x, y) {
  for (const mark of backdrop.querySelectorAll("mark")) {
    for (const r of mark.getClientRects()) {
      if (x >= r.left && x <= r.right && y >= r.top - 2 && y <= r.bottom + 2) return { mark, rect: r };
    }
  }
  return null;
}

function showTip(mark, rect) {
  clearTimeout(hideTimer);
  const f = findings[Number(mark.dataset.index)];
  if (!f) return;
  if (tip.dataset.index === mark.dataset.index && !tip.hidden) return;
  for (const m of backdrop.querySelectorAll("mark.active")) m.classList.remove("active");
  mark.classList.add("active");
  tip.dataset.index = mark.dataset.index;
  // Every finding on this span (several rules can flag the same words).
  const here = findings.filter((g) => g.start < f.end && f.start < g.end);
  const cards = here.map((g) => {
    const card = el("div", "card");
    const head = el("div", "head");
    head.append(badge(g), el("span", "", `${g.name} · ${g.category}`));
    card.append(head, el("p", "msg", g.message));
    const why = whyByCode.get(g.code);
    if (why) card.append(el("p", "why", why));
    for (const s of g.suggestions) {
      if (s.replacement === undefined) {
        card.append(el("p", "advice", s.text));
        continue;
      }
      const row = el("div", "sugg");
      const use = el("button", s.applicability === "safe" ? "safe" : "", `“${s.replacement}”`);
      use.type = "button";
      use.addEventListener("click", () => replace(g, s.replacement));
      row.append(use, el("span", "kind", s.applicability === "safe" ? "safe fix" : "check it fits before using it"));
      card.append(row);
    }
    return card;
  });
  tip.replaceChildren(...cards);
  tip.hidden = false;
  const width = tip.offsetWidth;
  const left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
  tip.style.left = `${left}px`;
  tip.style.top = `${rect.bottom + window.scrollY + 6}px`;
}

function hideTip() {
  clearTimeout(hideTimer);
  tip.hidden = true;
  delete tip.dataset.index;
  for (const m of backdrop.querySelectorAll("mark.active")) m.classList.remove("active");
}

function hideSoon() {
  clearTimeout(hideTimer);
  hideTimer = setTimeout(hideTip, 300);
}

reply.addEventListener("mousemove", (e) => {
  const hit = markAt(e.clientX, e.clientY);
  if (hit) showTip(hit.mark, hit.rect);
  else if (!tip.hidden) hideSoon();
});
reply.addEventListener("mouseleave", hideSoon);
tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
tip.addEventListener("mouseleave", hideSoon);
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") hideTip();
});

reply.addEventListener("input", () => {
  hideTip();
  // Until the debounced lint runs, keep each underline on its words.
  findings = shift(findings, shownText, reply.value);
  render(reply.value);
  autosize();
  clearTimeout(timer);
  timer = setTimeout(check, DEBOUNCE_MS);
});

fixAllButton.addEventListener("click", () => {
  const fixed = tact.fix(reply.value, options());
  if (fixed.applied === 0) return;
  reply.focus();
  reply.select();
  if (!document.execCommand("insertText", false, fixed.text)) {
    reply.value = fixed.text;
  }
  autosize();
  check();
});

for (const select of [kindSelect, langSelect]) {
  select.addEventListener("change", () => {
    loadRules();
    check();
  });
}
window.addEventListener("resize", autosize);

reply.value = SAMPLE;
autosize();
loadRules();
check();
document.body.dataset.ready = "true";
