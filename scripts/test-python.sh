#!/usr/bin/env bash
# The Python package's tests, from a fresh machine: makes (or reuses) target/venv-python,
# installs the test tools from PyPI (crates/tact-python/tests/requirements.txt: maturin,
# pytest, pandas, pyarrow, pyspark, matplotlib, pre-commit) and, when `java` is missing,
# Debian's openjdk-17-jre-headless for PySpark; builds the wheel (scripts/build-python.sh),
# installs it, and runs pytest over crates/tact-python/tests/. The tests themselves reach no
# network: the pre-commit test's `pip install` reads a maturin wheel kept in target/python-wheels.
#
# The wheel is built with cargo's dev profile unless TACT_PYTHON_PROFILE says otherwise
# (`TACT_PYTHON_PROFILE=release` tests what scripts/build-python.sh ships): after
# `cargo test --workspace` that reuses every compiled dependency, and it compiles in about
# half the time of a release build on a fresh machine.
#
# Prints pytest's summary line last and exits with pytest's code: non-zero when anything
# fails or no test ran.
# Extra arguments go to pytest (e.g. `-k spark`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=${PYTHON:-python3}
venv=$root/target/venv-python
reqs=$root/crates/tact-python/tests/requirements.txt
start=$SECONDS
export TACT_PYTHON_PROFILE=${TACT_PYTHON_PROFILE:-dev}

if ! command -v java >/dev/null 2>&1; then
    echo "== java not found: installing openjdk-17-jre-headless (for PySpark)"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends openjdk-17-jre-headless
fi

echo "== virtualenv $venv"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
# Reinstall only when the pinned requirements changed since the last run.
stamp=$venv/.tact-requirements
if ! cmp -s "$reqs" "$stamp"; then
    "${pip[@]}" install --quiet --no-compile -r "$reqs"
    cp "$reqs" "$stamp"
fi
# For the pre-commit test: pip builds the hook's wheel with maturin from here, not from PyPI.
maturin_req=$(grep '^maturin==' "$reqs")
if ! ls "$root/target/python-wheels/maturin-${maturin_req#maturin==}-"*.whl >/dev/null 2>&1; then
    "${pip[@]}" download --quiet --no-deps -d "$root/target/python-wheels" "$maturin_req"
fi

echo "== build and install the wheel"
wheel=$(TACT_BUILD_VENV=$venv "$root/scripts/build-python.sh" | tail -n 1)
"${pip[@]}" install --quiet --force-reinstall --no-deps "$wheel"
echo "   $(basename "$wheel") ($(( $(stat -c %s "$wheel") / 1024 )) KiB), setup took $(( SECONDS - start ))s"

echo "== pytest crates/tact-python/tests (its summary line is the last line printed)"
cd "$root/crates/tact-python"
exec "$venv/bin/python" -m pytest -q -rfEs --durations=5 -p no:cacheprovider tests "$@"
