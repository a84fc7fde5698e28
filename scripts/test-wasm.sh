#!/usr/bin/env bash
# Tests the browser and Node.js package end to end, from a fresh machine:
#   1. installs what is missing: Debian's chromium (apt), the npm test dependencies
#      (`npm ci`, crates/tact-wasm/package-lock.json), and, through scripts/build-wasm.sh, the
#      wasm32 target and wasm-bindgen-cli pinned to Cargo.lock (cached in target/tools);
#   2. builds the npm package into target/wasm-pkg (or $TACT_WASM_PKG);
#   3. runs Node's test runner over the JS API (crates/tact-wasm/test/api.test.mjs) and one
#      real headless-Chromium test of the demo page (browser.test.mjs; screenshots in
#      target/wasm-test/).
# Exits non-zero when anything fails. $CHROMIUM picks another Chromium binary.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=$SECONDS
trap 'echo "== test-wasm.sh: $((SECONDS - started)) s"' EXIT

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "error: Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 2
fi

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "== apt-get install chromium"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium
fi
"$chromium" --version

echo "== npm ci (crates/tact-wasm: playwright-core, which drives that Chromium; no browser download)"
(cd crates/tact-wasm && npm ci --no-audit --no-fund --loglevel=error)

pkg="${TACT_WASM_PKG:-$root/target/wasm-pkg}"
scripts/build-wasm.sh "$pkg"

echo "== node --test (JS API, then the demo page in headless Chromium)"
export TACT_WASM_PKG="$pkg" CHROMIUM="$chromium"
node --test crates/tact-wasm/test/api.test.mjs crates/tact-wasm/test/browser.test.mjs
