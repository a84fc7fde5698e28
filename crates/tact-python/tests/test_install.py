"""`pip install crates/tact-python` (a source build through maturin) into a fresh virtualenv.

The wheel itself is checked by scripts/build-python.sh: installed with `pip --no-index` into a
fresh virtualenv, module and command run. Here pip builds from the source tree, as a user
without the wheel would; pip reads no index when target/python-wheels has maturin, and cargo
reuses the artifacts of the wheel under test (same tree, same profile).
"""

from __future__ import annotations

import os
import subprocess
import venv

from conftest import ROOT


def test_pip_install_of_the_crate_directory(tmp_path):
    env = dict(os.environ, CARGO_TARGET_DIR=str(ROOT / "target"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    env["MATURIN_PEP517_ARGS"] = f"--profile {os.environ.get('TACT_PYTHON_PROFILE', 'release')}"
    wheels = ROOT / "target" / "python-wheels"
    if any(wheels.glob("maturin-*.whl")):
        env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels))
    env.pop("VIRTUAL_ENV", None)
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    out = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", str(ROOT / "crates" / "tact-python")],
        env=env, capture_output=True, text=True, timeout=1800,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    check = "import tact; print([d.code for d in tact.Linter(lang='en').lint('Sorry, I don’t know.')])"
    assert subprocess.run([python, "-c", check], capture_output=True, text=True).stdout.strip() == "['D101']"
    cli = subprocess.run(
        [tmp_path / "venv" / "bin" / "tact", "check", "-"], input="Ma ei tea.\n", capture_output=True, text=True
    )
    assert cli.returncode == 1 and "D301" in cli.stdout
