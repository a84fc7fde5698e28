"""Shared fixtures for the tact Python tests (run by scripts/test-python.sh)."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "python"


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def tact_exe() -> str:
    """The `tact` command the wheel installed beside this Python."""
    exe = pathlib.Path(sys.executable).parent / "tact"
    assert exe.exists(), f"the wheel's tact script is missing: {exe}"
    return str(exe)


def load_example(name: str):
    """Imports examples/python/<name>.py as a module."""
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def write_pack(tmp_path):
    """Writes a rule pack (YAML text) under tmp_path and returns its path."""

    def write(text: str, name: str = "pack.yaml") -> pathlib.Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def spark():
    """One local Spark session for every Spark test (starting the JVM is the slow part)."""
    spark_lint = load_example("spark_lint")
    # Functions of the example module go to the workers by value, so they need not import it.
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(spark_lint)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = spark_lint.spark_session("tact-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
