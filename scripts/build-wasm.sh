#!/usr/bin/env bash
# Builds tact's npm package (crates/tact-wasm) into OUT_DIR: package.json, node.js (the Node.js
# entry: loads the .wasm with fs, synchronously), web.js (browsers and bundlers: fetches it),
# the wasm-bindgen glue, the .wasm and TypeScript types.
#
#   scripts/build-wasm.sh OUT_DIR
#
# Installs what is missing: the wasm32-unknown-unknown target (rustup) and wasm-bindgen-cli at
# exactly the version of the wasm-bindgen crate in Cargo.lock (from crates.io, once, cached in
# target/tools). Prints the .wasm size, raw and gzip'd.
set -euo pipefail

if [ $# -ne 1 ] || [ "${1#-}" != "$1" ]; then
  echo "usage: scripts/build-wasm.sh OUT_DIR" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
cd "$root"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# The target's standard library. rustup fetches it from the Rust project's servers, which a
# machine with only package registries may not reach: then this fails here, saying so.
if [ ! -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
  echo "== rustup target add wasm32-unknown-unknown"
  if ! rustup target add wasm32-unknown-unknown; then
    echo "error: the Rust target wasm32-unknown-unknown is not installed and rustup could not" >&2
    echo "fetch it; install it for $(rustc --version) and run this again" >&2
    exit 2
  fi
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (the glue format changes).
version="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$version" ]; then
  echo "error: no wasm-bindgen in Cargo.lock" >&2
  exit 2
fi
tools="$root/target/tools"
bindgen="$tools/bin/wasm-bindgen"
if [ "$("$bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  echo "== cargo install wasm-bindgen-cli $version (once: cached in target/tools)"
  # No default features: they only add TLS for the test runner's downloads (and a C build).
  if ! cargo install wasm-bindgen-cli --version "$version" --locked --no-default-features --root "$tools"; then
    # Seen on 2026-12-01: its Cargo.lock pins webpki-roots 1.0.11, which the registry did not
    # serve. Then take the newest compatible dependencies instead.
    echo "note: installing with its own Cargo.lock (--locked) failed; retrying with current compatible dependencies" >&2
    cargo install wasm-bindgen-cli --version "$version" --no-default-features --root "$tools"
  fi
fi

echo "== cargo build -p tact-wasm --target wasm32-unknown-unknown --profile wasm-release"
cargo build --locked -p tact-wasm --target wasm32-unknown-unknown --profile wasm-release
wasm="$root/target/wasm32-unknown-unknown/wasm-release/tact_wasm.wasm"

echo "== wasm-bindgen --target web → $out"
"$bindgen" --target web --out-dir "$out" --out-name tact_wasm \
  --remove-name-section --remove-producers-section "$wasm"
cp crates/tact-wasm/npm/node.js crates/tact-wasm/npm/web.js crates/tact-wasm/npm/index.d.ts \
  crates/tact-wasm/npm/README.md "$out/"

pkg_version="$(awk '/^\[workspace.package\]/ { p = 1 } p && /^version = / { gsub(/version = |"/, ""); print; exit }' Cargo.toml)"
cat > "$out/package.json" <<EOF
{
  "name": "tact-wasm",
  "version": "$pkg_version",
  "description": "Lint customer-service messages in the browser and in Node.js: tact compiled to WebAssembly.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "exports": {
    ".": {
      "types": "./index.d.ts",
      "node": "./node.js",
      "default": "./web.js"
    },
    "./tact_wasm_bg.wasm": "./tact_wasm_bg.wasm"
  },
  "main": "./node.js",
  "types": "./index.d.ts",
  "files": ["node.js", "web.js", "index.d.ts", "tact_wasm.js", "tact_wasm.d.ts", "tact_wasm_bg.wasm", "tact_wasm_bg.wasm.d.ts", "README.md"],
  "sideEffects": ["./node.js", "./web.js"],
  "engines": { "node": ">=20" }
}
EOF

raw="$(stat -c %s "$out/tact_wasm_bg.wasm")"
gz="$(gzip -9 -c "$out/tact_wasm_bg.wasm" | wc -c)"
echo "tact_wasm_bg.wasm: $raw bytes, $gz gzip -9"
