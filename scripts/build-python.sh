#!/usr/bin/env bash
# Builds the Python wheel of tact (`import tact` and the `tact` command, one abi3 wheel for
# CPython >= 3.10) into target/wheels/, then checks that it installs into a fresh virtualenv
# with nothing but the wheel (pip --no-index) and that both the module and the command run.
#
# Needs: python3 with venv, cargo; maturin comes from PyPI into a virtualenv under target/.
# Environment: PYTHON (default python3); TACT_BUILD_VENV, a virtualenv that has or gets
# maturin (default target/venv-build); TACT_PYTHON_PROFILE, the cargo profile (default
# release; scripts/test-python.sh uses dev, which builds faster). Further arguments go to
# `maturin build`.
# Prints the wheel's path as its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
venv=${TACT_BUILD_VENV:-$root/target/venv-build}
out=$root/target/wheels
profile=${TACT_PYTHON_PROFILE:-release}
maturin_req=$(grep '^maturin==' "$root/crates/tact-python/tests/requirements.txt")

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
if [ "$("$venv/bin/python" -m pip show maturin 2>/dev/null | sed -n 's/^Version: //p')" != "${maturin_req#maturin==}" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$maturin_req"
fi

mkdir -p "$out"
rm -f "$out"/tact-*.whl
"$venv/bin/maturin" build --profile "$profile" --manifest-path "$root/crates/tact-python/Cargo.toml" --out "$out" "$@" >&2
wheel=$(ls "$out"/tact-*.whl)

# The wheel alone, in a fresh virtualenv, with no index at all.
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
"$venv/bin/python" -m venv "$check/venv"
"$check/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"
"$check/venv/bin/python" -c 'import tact; assert [d.code for d in tact.Linter(lang="en").lint("Sorry, I don'"'"'t know.")]'
echo "I don't know." | "$check/venv/bin/tact" check --lang en - >/dev/null && { echo "tact check found nothing" >&2; exit 1; } || test $? -eq 1
echo "$wheel"
