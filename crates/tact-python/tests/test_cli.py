"""The `tact` command that the wheel installs: the Rust command line, run from Python."""

from __future__ import annotations

import json
import subprocess
import sys

import tact


def run(args: list[str], stdin: str = "", **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=60, **kw)


def test_version_and_help(tact_exe):
    out = run([tact_exe, "--version"])
    assert out.returncode == 0 and out.stdout.strip() == f"tact {tact.__version__}"
    out = run([tact_exe, "--help"])
    assert out.returncode == 0 and "check" in out.stdout


def test_exit_codes(tact_exe, tmp_path):
    bad = run([tact_exe, "check", "--lang", "en", "-"], "Sorry, I don't know.\n")
    assert bad.returncode == 1 and "D101" in bad.stdout
    good = run([tact_exe, "check", "--lang", "en", "-"], "Thanks, it ships today.\n")
    assert good.returncode == 0, good.stdout + good.stderr
    usage = run([tact_exe, "check", "--no-such-flag"])
    assert usage.returncode == 2 and "--no-such-flag" in usage.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("pack: [\n", encoding="utf-8")
    error = run([tact_exe, "check", "--rules", str(broken), "-"], "hi\n")
    assert error.returncode == 2 and "broken.yaml" in error.stderr


def test_python_dash_m(tmp_path):
    draft = tmp_path / "reply.md"
    draft.write_text("As I already told you, the parcel ships today.\n", encoding="utf-8")
    out = run([sys.executable, "-m", "tact", "check", "--format", "json", str(draft)])
    assert out.returncode == 1
    assert "D115" in out.stdout and json.loads(out.stdout)


def test_fix_in_place(tact_exe, tmp_path):
    draft = tmp_path / "reply.txt"
    draft.write_text("As I already told you, the parcel ships today.\n", encoding="utf-8")
    out = run([tact_exe, "check", "--fix", str(draft)])
    assert out.returncode == 0, out.stdout + out.stderr
    assert draft.read_text(encoding="utf-8") == "As mentioned, the parcel ships today.\n"


def test_jsonl_passthrough_matches_the_module(tact_exe, root):
    lines = (root / "examples/python/tickets.jsonl").read_text(encoding="utf-8").splitlines()
    out = run([tact_exe, "check", "--jsonl", "--format", "jsonl", "--passthrough", "-"], "\n".join(lines) + "\n")
    assert out.returncode == 1
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in records] == [json.loads(line)["id"] for line in lines]
    linter = tact.Linter()
    for r in records:
        found = linter.lint(r["text"])
        assert [d["code"] for d in r["tact"]["diagnostics"]] == [d.code for d in found]
        # The CLI's offsets are UTF-8 bytes; the module's byte_start/byte_end are the same.
        assert [d["start"] for d in r["tact"]["diagnostics"]] == [d.byte_start for d in found]


def test_closed_stdout_is_not_an_error(tact_exe, tmp_path):
    # `tact check ... | head -1`: the reader goes away long before the output (megabytes) ends.
    big = tmp_path / "big.jsonl"
    record = json.dumps({"id": "x", "text": "As I already told you, I don't know."})
    big.write_text((record + "\n") * 20000, encoding="utf-8")
    args = [tact_exe, "check", "--jsonl", "--format", "jsonl", "--passthrough", str(big)]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert json.loads(p.stdout.readline())["tact"]["diagnostics"]
    p.stdout.close()
    assert p.wait(timeout=60) == 0
    assert p.stderr.read() == b""
