"""The hooks in .pre-commit-hooks.yaml, installed and run by the real pre-commit tool.

The hook repository is a snapshot of this working tree (tracked and untracked, not ignored
files) committed into a scratch git repository, so what is tested is the tree as it is now.
pre-commit clones it and runs `pip install .` there, which builds the wheel with maturin and
cargo: the same path a user's `pre-commit install` takes.

Offline when scripts/test-python.sh has put a maturin wheel in target/python-wheels (pip then
reads no index). The cargo build shares target/ and the profile of the wheel under test
(TACT_PYTHON_PROFILE, default release), so only the workspace crates are compiled again: cargo
names their artifacts by path within the workspace, so the clone's build also replaces those of
this tree, and the next build here compiles the three workspace crates again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "tact tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "tact tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

BAD = "Sorry, I don't know where your parcel is.\n"
CLEAN = "Thanks for the photo! A replacement lid is on its way and reaches you by Thursday.\n"
FIXABLE = "As I already told you, the parcel ships today.\n"


def git(*args: str, cwd, env) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    if shutil.which("cargo") is None:
        pytest.fail("cargo is needed: pre-commit builds the hook's wheel from source")
    e = dict(os.environ, **GIT_ENV)
    e["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    e["CARGO_TARGET_DIR"] = str(ROOT / "target")
    e["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    e["MATURIN_PEP517_ARGS"] = f"--profile {os.environ.get('TACT_PYTHON_PROFILE', 'release')}"
    wheels = ROOT / "target" / "python-wheels"
    if any(wheels.glob("maturin-*.whl")):
        e["PIP_NO_INDEX"] = "1"
        e["PIP_FIND_LINKS"] = str(wheels)
    e.pop("VIRTUAL_ENV", None)
    return e


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env):
    """A git repository holding a snapshot of this tree; returns (path, commit)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env)
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if src.is_file():
            dst = repo / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    git("init", "-q", cwd=repo, env=env)
    git("add", "-A", cwd=repo, env=env)
    git("commit", "-q", "--no-verify", "-m", "snapshot", cwd=repo, env=env)
    return repo, git("rev-parse", "HEAD", cwd=repo, env=env).strip()


@pytest.fixture(scope="module")
def project(tmp_path_factory, hook_repo, env):
    """A scratch project using the hooks, with pre-commit's environment installed."""
    repo, rev = hook_repo
    proj = tmp_path_factory.mktemp("project")
    git("init", "-q", cwd=proj, env=env)
    (proj / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: tact\n      - id: tact-fix\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [*PRE_COMMIT, "install-hooks"], cwd=proj, env=env, capture_output=True, text=True, timeout=1800
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return proj


def pre_commit(proj, env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PRE_COMMIT, *args], cwd=proj, env=env, capture_output=True, text=True, timeout=300)


def test_hook_flags_a_bad_draft_and_passes_a_clean_one(project, env):
    (project / "bad.md").write_text(BAD, encoding="utf-8")
    (project / "clean.md").write_text(CLEAN, encoding="utf-8")
    (project / "notes.rs").write_text(BAD, encoding="utf-8")  # not a draft: `files` skips it
    git("add", "bad.md", "clean.md", "notes.rs", cwd=project, env=env)

    bad = pre_commit(project, env, "run", "tact", "--files", "bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "D101" in bad.stdout and "bad.md" in bad.stdout and "Failed" in bad.stdout

    clean = pre_commit(project, env, "run", "tact", "--files", "clean.md")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    skipped = pre_commit(project, env, "run", "tact", "--files", "notes.rs")
    assert skipped.returncode == 0 and "no files to check" in skipped.stdout, skipped.stdout


def test_fix_hook_rewrites_the_draft(project, env):
    draft = project / "fixable.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    git("add", "fixable.txt", cwd=project, env=env)
    out = pre_commit(project, env, "run", "tact-fix", "--files", "fixable.txt")
    assert out.returncode == 1 and "files were modified by this hook" in out.stdout, out.stdout + out.stderr
    assert draft.read_text(encoding="utf-8") == "As mentioned, the parcel ships today.\n"
    again = pre_commit(project, env, "run", "tact-fix", "--files", "fixable.txt")
    assert again.returncode == 0, again.stdout


def test_git_commit_runs_the_hooks(project, env):
    assert pre_commit(project, env, "install").returncode == 0
    git("reset", "-q", cwd=project, env=env)
    (project / "reply.md").write_text(BAD, encoding="utf-8")
    git("add", "reply.md", cwd=project, env=env)
    refused = subprocess.run(
        ["git", "commit", "-m", "bad reply"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    assert refused.returncode != 0 and "D101" in refused.stdout + refused.stderr

    (project / "reply.md").write_text(CLEAN, encoding="utf-8")
    git("add", "reply.md", cwd=project, env=env)
    done = subprocess.run(
        ["git", "commit", "-m", "clean reply"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "clean reply" in git("log", "--oneline", cwd=project, env=env)
