#!/usr/bin/env bash
# Latency of the npm package: a 1 KB draft linted after load, in Node.js and in headless
# Chromium (scripts/bench-wasm.mjs says what is timed). Builds the package first; figures are
# in docs/performance.md ("Browser and Node.js").
#
#   scripts/bench-wasm.sh [--no-browser]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
pkg="${TACT_WASM_PKG:-$root/target/wasm-pkg}"
scripts/build-wasm.sh "$pkg" >&2
browser=("$@")
if [ "${browser[*]-}" != "--no-browser" ]; then
  if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "note: no Chromium (scripts/test-wasm.sh installs it): timing Node.js only" >&2
    browser=(--no-browser)
  elif [ ! -d crates/tact-wasm/node_modules/playwright-core ]; then
    (cd crates/tact-wasm && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
fi
node scripts/bench-wasm.mjs "$pkg" ${browser[@]+"${browser[@]}"}
