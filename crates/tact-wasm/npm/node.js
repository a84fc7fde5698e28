// Entry for Node.js (package.json "exports" → "node"): compiles the WebAssembly module
// synchronously from the file next to this one, so `lint` works as soon as the import resolves.
import { readFileSync } from "node:fs";
import { initSync } from "./tact_wasm.js";

initSync({ module: readFileSync(new URL("./tact_wasm_bg.wasm", import.meta.url)) });

export { lint, fix, rules, version } from "./tact_wasm.js";
