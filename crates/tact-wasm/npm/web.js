// Entry for browsers and bundlers (package.json "exports" → "default"): fetches and compiles
// the WebAssembly module next to this file (streaming when served as application/wasm). The
// top-level await means `lint` works as soon as the import resolves.
import init from "./tact_wasm.js";

await init({ module_or_path: new URL("./tact_wasm_bg.wasm", import.meta.url) });

export { lint, fix, rules, version } from "./tact_wasm.js";
