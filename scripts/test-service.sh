#!/usr/bin/env bash
# MCP end-to-end tests: the reference Python MCP SDK (PyPI `mcp`) drives the real `tact mcp`
# binary over stdio (crates/tact-service/tests/python/). The HTTP tests are Rust tests
# (`cargo test -p tact-service -p tact-cli`).
#
# Creates a virtualenv under target/venv-service (reused when present), installs the pinned
# requirements from PyPI, builds the binary, runs pytest and exits with pytest's status.
# Needs python3 (3.10+) with venv and pip, and cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
venv="$target/venv-service"
python="${PYTHON:-python3}"
requirements=crates/tact-service/tests/python/requirements.txt

if [ ! -x "$venv/bin/python" ]; then
    echo "== creating $venv"
    "$python" -m venv "$venv"
fi
echo "== pip install -r $requirements"
# Already-satisfied pins need no network; a half-made venv is completed.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"

echo "== cargo build -p tact-cli"
cargo build --quiet -p tact-cli
export TACT_BIN="$PWD/$target/debug/tact"
case "$target" in /*) TACT_BIN="$target/debug/tact" ;; esac

echo "== pytest crates/tact-service/tests/python"
status=0
"$venv/bin/python" -m pytest -q -p no:cacheprovider crates/tact-service/tests/python || status=$?
if [ "$status" -eq 5 ]; then
    echo "error: pytest collected no tests" >&2
fi
exit "$status"
