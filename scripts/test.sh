#!/usr/bin/env bash
# The whole test suite, from a fresh machine: the Rust workspace, then the front-ends that need
# more than cargo (the service's MCP client tests, the Python package, the WebAssembly package
# in Node and a headless browser). Each suite's own script installs what it needs from the
# package registries. Every suite runs even when an earlier one fails; the exit code is 1 if
# any failed.
#
#   scripts/test.sh            # everything
#   scripts/test.sh rust       # only the named suites: rust, service, python, wasm
set -uo pipefail
cd "$(dirname "$0")/.."

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(rust service python wasm)

passed=0
failed=0
failures=()
run() {
  local name=$1; shift
  echo "== suite: $name ($*)"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "== suite: $name passed in $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "== suite: $name FAILED after $((SECONDS - start)) s"
  fi
}

for s in "${suites[@]}"; do
  case "$s" in
    rust) run rust cargo test --workspace ;;
    service) run service bash scripts/test-service.sh ;;
    python) run python bash scripts/test-python.sh ;;
    wasm) run wasm bash scripts/test-wasm.sh ;;
    *) echo "unknown suite '$s' (rust, service, python, wasm)" >&2; exit 2 ;;
  esac
done

[ $failed -eq 0 ] || echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
[ $failed -eq 0 ]
