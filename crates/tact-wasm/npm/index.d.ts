// Types of both entries (node.js and web.js export the same functions).
export { lint, fix, rules, version } from "./tact_wasm.js";
export type { LintOptions, Finding, Suggestion, FixResult, RuleInfo } from "./tact_wasm.js";
