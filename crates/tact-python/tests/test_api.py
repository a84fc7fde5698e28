"""The Python API: Linter options, Diagnostic fields and offsets, fix, config=, errors."""

from __future__ import annotations

import os
import pathlib
import pickle
import subprocess
import sys
import tomllib

import pytest

import tact

ROOT = pathlib.Path(__file__).resolve().parents[3]

HOUSE_PACK = """\
pack: house
language: en
kind: draft
rules:
  - code: X901
    name: no-worries
    category: rushing
    severity: info
    message: "“{matched}” sounds flippant here"
    why: House style.
    phrases: ["no worries"]
    suggestions:
      - replace: "happy to help"
        applicability: safe
"""


@pytest.fixture(scope="module")
def en() -> tact.Linter:
    return tact.Linter(kind="draft", lang="en")


def test_lint_returns_typed_diagnostics(en):
    [d] = en.lint("Sorry, I don't know.")
    assert isinstance(d, tact.Diagnostic)
    assert (d.code, d.name, d.category, d.severity) == ("D101", "dont-know", "dont-know", "warning")
    assert "I don't know" in d.message
    assert (d.start, d.end, d.line, d.column) == (7, 19, 1, 8)
    assert d.matched == "I don't know"
    assert d.suggestions and all(isinstance(s, tact.Suggestion) for s in d.suggestions)
    assert {s.applicability for s in d.suggestions} <= {"safe", "unsafe", "display-only"}
    for s in d.suggestions:
        # A replacement carries its text; advice has none.
        assert (s.replacement is None) == (s.applicability == "display-only"), s


def test_clean_draft_has_no_findings(en):
    assert en.lint("Thanks for the photo. A replacement lid is on its way and reaches you by Thursday.") == []


def test_start_end_are_str_indices_and_byte_offsets_are_kept(en):
    text = "Grüße 😀 aus Tallinn!\nAs I already told you, I don’t know. {{first_name}}"
    found = en.lint(text)
    assert [d.code for d in found] == ["D115", "D101", "D001"]
    data = text.encode("utf-8")
    for d in found:
        assert text[d.start : d.end] == d.matched
        assert data[d.byte_start : d.byte_end].decode("utf-8") == d.matched
        assert d.byte_start > d.start  # ü, ß and the emoji take more than one byte
        assert d.line == 2
        assert d.column == d.start - text.index("\n")
    assert found[0].column == 1


def test_fix_applies_safe_replacements(en):
    assert en.fix("As I already told you, the parcel ships today.") == "As mentioned, the parcel ships today."
    assert en.fix("Thanks, it ships today.") == "Thanks, it ships today."
    [d] = en.lint("As I already told you, the parcel ships today.")
    assert d.fix == "As mentioned"  # capitalised at the start of a sentence


def test_diagnostics_compare_hash_and_convert(en):
    a = en.lint("Please calm down.")
    b = en.lint("Please calm down.")
    assert a == b and hash(a[0]) == hash(b[0]) and len({a[0], b[0]}) == 1
    d = a[0].to_dict()
    assert d["code"] == "D113" and d["start"] == 7 and d["matched"] == "calm down"
    assert isinstance(d["suggestions"], list) and isinstance(d["suggestions"][0], dict)
    assert repr(a[0]).startswith("Diagnostic(code='D113', name='calm-down'")
    with pytest.raises(AttributeError):
        a[0].code = "X"


def test_kind_incoming():
    linter = tact.Linter(kind="incoming", lang="en")
    codes = [d.code for d in linter.lint("Fix this by Friday or I will cancel my subscription and call my lawyer.")]
    assert "I101" in codes and "I103" in codes
    assert linter.kind == "incoming"


def test_default_is_draft_with_every_language():
    linter = tact.Linter()
    assert linter.kind == "draft" and linter.languages == []
    assert [d.code for d in linter.lint("Ich weiß es nicht.")] == ["D201"]
    assert [d.code for d in linter.lint("Ma ei tea.")] == ["D301"]


def test_languages_as_str_comma_list_or_list():
    assert tact.Linter(lang="en").lint("Ich weiß es nicht.") == []
    assert [d.code for d in tact.Linter(lang="de").lint("Ich weiß es nicht.")] == ["D201"]
    assert tact.Linter(lang="en,de").languages == ["en", "de"]
    assert tact.Linter(lang=["de", "et"]).languages == ["de", "et"]


def test_lang_auto_gives_each_text_its_own_languages_rules():
    linter = tact.Linter(kind="incoming", lang="auto")
    codes = [d.code for d in linter.lint("You idiots, I want my money back and I will sue you.")]
    assert codes and all(not c.startswith("I2") for c in codes), codes
    assert any(d.code.startswith("I2") for d in linter.lint("Ihr Idioten, ich schalte jetzt meinen Anwalt ein."))


def test_select_ignore_severity():
    text = "As I already told you, I don't know."
    assert [d.code for d in tact.Linter(lang="en").lint(text)] == ["D115", "D101"]
    assert [d.code for d in tact.Linter(lang="en", select="dont-know").lint(text)] == ["D101"]
    assert [d.code for d in tact.Linter(lang="en", select=["D101", "condescension"]).lint(text)] == ["D115", "D101"]
    assert [d.code for d in tact.Linter(lang="en", ignore="D115").lint(text)] == ["D101"]
    found = tact.Linter(lang="en", severity={"dont-know": "error", "condescension": "info"}).lint(text)
    assert [d.severity for d in found] == ["info", "error"]
    assert tact.Linter(lang="en", select="D101").rule_codes == ["D101"]


def test_own_pack_file_and_directory(write_pack, tmp_path):
    path = write_pack(HOUSE_PACK)
    linter = tact.Linter(lang="en", rules=[path])
    assert [d.code for d in linter.lint("No worries, I don't know.")] == ["X901", "D101"]
    assert linter.fix("No worries, it ships today.") == "Happy to help, it ships today."
    only = tact.Linter(rules=str(path), builtin=False)
    assert only.rule_codes == ["X901"]
    # A directory stands for its .yaml files.
    assert tact.Linter(rules=tmp_path, builtin=False).rule_codes == ["X901"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="kind"):
        tact.Linter(kind="email")
    with pytest.raises(ValueError, match="language"):
        tact.Linter(lang="fr")
    with pytest.raises(ValueError, match="severity"):
        tact.Linter(severity={"D101": "fatal"})
    with pytest.raises(TypeError):
        tact.Linter(select=5)
    with pytest.raises(TypeError):
        tact.Linter(severity=["D101"])
    with pytest.raises(TypeError):
        tact.Linter("draft")  # keyword-only
    with pytest.raises(TypeError):
        tact.Linter().lint(b"bytes")


def test_pack_syntax_error_carries_file_line_column(write_pack):
    path = write_pack("pack: broken\nlanguage: en\nkind: draft\nrules:\n  - code: X901\n    name: 'unclosed\n")
    with pytest.raises(tact.PackError) as info:
        tact.Linter(rules=[path])
    e = info.value
    assert isinstance(e, tact.TactError)
    assert e.file == str(path) and e.kind == "syntax"
    assert isinstance(e.line, int) and e.line >= 6 and isinstance(e.column, int)
    assert str(path) in str(e)


def test_pack_rule_error_names_the_rule(write_pack):
    bad = HOUSE_PACK.replace('phrases: ["no worries"]', 'patterns: ["(unclosed"]')
    path = write_pack(bad)
    with pytest.raises(tact.PackError) as info:
        tact.Linter(rules=[path])
    e = info.value
    assert (e.file, e.rule, e.kind) == (str(path), "X901", "regex")
    assert e.line == 11 and e.column == 17  # the regex, in its line
    assert e.errors[0] == tact.ErrorDetail("regex", e.detail, str(path), e.line, e.column, "X901")
    assert str(e.errors[0]).startswith(f"{path}:11:17: rule X901: ")


def test_every_problem_is_reported(write_pack):
    one = write_pack(HOUSE_PACK.replace("severity: info", "severity: fatal"), "one.yaml")
    two = write_pack(HOUSE_PACK.replace("pack: house", "pack: other").replace("category: rushing", "category: nope"), "two.yaml")
    with pytest.raises(tact.PackError) as info:
        tact.Linter(rules=[one, two])
    files = {d.file for d in info.value.errors}
    assert files == {str(one), str(two)}
    assert all(d.kind == "schema" and d.line is not None for d in info.value.errors)
    assert str(info.value).count("\n") == len(info.value.errors) - 1


def test_unknown_selector_is_a_pack_error_without_file():
    with pytest.raises(tact.PackError) as info:
        tact.Linter(select="no-such-rule")
    assert info.value.kind == "unknown-selector" and info.value.file is None
    assert "no-such-rule" in str(info.value)


def test_unreadable_and_undecodable_packs(tmp_path):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(FileNotFoundError) as info:
        tact.Linter(rules=[missing])
    assert info.value.filename == str(missing)
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("pack: x\n# Grüße\n".encode("latin-1"))
    with pytest.raises(tact.PackError) as info:
        tact.Linter(rules=[latin1])
    assert (info.value.kind, info.value.file) == ("encoding", str(latin1))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(tact.PackError) as info:
        tact.Linter(rules=[empty])
    assert info.value.kind == "no-packs"


def test_config_file(tmp_path, write_pack):
    write_pack(HOUSE_PACK, "packs/house.yaml")
    config = tmp_path / "tact.yaml"
    config.write_text(
        "kind: draft\nlanguages: [en]\nrules: [packs/house.yaml]\nignore: [D115]\n"
        "severity:\n  dont-know: error\nfail-on: error\n",
        encoding="utf-8",
    )
    text = "No worries, as I already told you, I don't know."
    linter = tact.Linter(config=config)
    assert linter.languages == ["en"]
    assert [(d.code, d.severity) for d in linter.lint(text)] == [("X901", "info"), ("D101", "error")]
    # Keyword arguments win as flags do: select replaces, ignore and severity add.
    assert [d.code for d in tact.Linter(config=config, select="D101").lint(text)] == ["D101"]
    assert [d.code for d in tact.Linter(config=config, ignore="X901").lint(text)] == ["D101"]
    assert tact.Linter(config=config, severity={"D101": "info"}).lint(text)[1].severity == "info"
    assert tact.Linter(config=config, kind="incoming").kind == "incoming"


def test_config_errors(tmp_path):
    bad = tmp_path / "tact.yaml"
    bad.write_text("kind: draft\nlanguagez: [en]\n", encoding="utf-8")
    with pytest.raises(tact.ConfigError) as info:
        tact.Linter(config=bad)
    assert info.value.file == str(bad)
    assert "languagez" in str(info.value) and ":2:" in str(info.value)
    with pytest.raises(FileNotFoundError):
        tact.Linter(config=tmp_path / "nope.yaml")


def test_linter_repr_and_version():
    assert repr(tact.Linter(lang="en", kind="incoming")).startswith("<tact.Linter kind=incoming languages=['en'] rules=")
    with open(ROOT / "Cargo.toml", "rb") as f:
        assert tact.__version__ == tomllib.load(f)["workspace"]["package"]["version"]


def test_objects_are_not_picklable_by_accident(en):
    # Linters hold compiled automata: build one per process instead of shipping it.
    with pytest.raises(TypeError):
        pickle.dumps(en)


def test_typing_files_ship_with_the_package():
    pkg = pathlib.Path(tact.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_tact.pyi").exists()


def test_the_two_pyproject_files_agree():
    with open(ROOT / "pyproject.toml", "rb") as f:
        top = tomllib.load(f)
    with open(ROOT / "crates/tact-python/pyproject.toml", "rb") as f:
        crate = tomllib.load(f)
    assert top["project"] == crate["project"]
    assert top["build-system"] == crate["build-system"]
    assert top["tool"]["maturin"]["manifest-path"] == "crates/tact-python/Cargo.toml"
    for key in ("module-name", "bindings", "strip"):
        assert top["tool"]["maturin"][key] == crate["tool"]["maturin"][key]


def test_stubs_match_the_extension_module(tmp_path):
    """mypy's stubtest compares _tact.pyi with the module; a typed use checks, a wrong one fails."""
    stubtest = [sys.executable, "-m", "mypy.stubtest", "tact"]
    out = subprocess.run(stubtest, cwd=tmp_path, capture_output=True, text=True)  # its cache goes there
    assert out.returncode == 0, out.stdout + out.stderr
    good = tmp_path / "good.py"
    good.write_text(
        "import tact\n"
        "linter = tact.Linter(kind='draft', lang=['en'], severity={'D101': 'error'})\n"
        "found: list[tact.Diagnostic] = linter.lint_many(['x'])[0]\n"
        "start: int = found[0].start\n"
        "fixed: str = linter.fix('x')\n"
        "try:\n    tact.Linter(rules=['x.yaml'])\n"
        "except tact.PackError as e:\n    line: int | None = e.line\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.py"
    bad.write_text("import tact\nn: int = tact.Linter().fix('x')\ntact.Linter(kind='email')\n", encoding="utf-8")
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull]
    checked = subprocess.run([*mypy, str(good)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    refused = subprocess.run([*mypy, str(bad)], capture_output=True, text=True)
    assert refused.returncode == 1 and refused.stdout.count("error:") == 2, refused.stdout
