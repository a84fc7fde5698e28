"""tact over pandas: a DataFrame column, and examples/python/pandas_report.py on its sample data."""

from __future__ import annotations

import collections
import json

import pandas as pd

import tact
from conftest import EXAMPLES, ROOT, load_example


def test_lint_a_dataframe_column():
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "reply": ["As I already told you, it ships today.", None, "Thanks, it ships today.", "Ich weiß es nicht."],
        }
    )
    linter = tact.Linter(kind="draft")
    df["findings"] = linter.lint_many(df["reply"])
    df["codes"] = df["findings"].map(lambda ds: [d.code for d in ds])
    df["categories"] = df["findings"].map(lambda ds: sorted({d.category for d in ds}))
    assert df["codes"].tolist() == [["D115"], [], [], ["D201"]]
    assert df["categories"].tolist() == [["condescension"], [], [], ["dont-know"]]
    # One row per finding, straight from to_dict().
    found = pd.DataFrame([{"id": i, **d.to_dict()} for i, ds in zip(df["id"], df["findings"]) for d in ds])
    assert found[["id", "code", "start", "end"]].values.tolist() == [["a", "D115", 0, 21], ["d", "D201", 4, 17]]
    assert all(row.reply[row.start : row.end] == row.matched for row in found.merge(df[["id", "reply"]]).itertuples())


def test_fix_a_column():
    s = pd.Series(["As I already told you, the parcel ships today.", "Thanks!"])
    linter = tact.Linter(lang="en")
    assert s.map(linter.fix).tolist() == ["As mentioned, the parcel ships today.", "Thanks!"]


def test_pandas_string_dtype_with_missing_values():
    s = pd.Series(["Ma ei tea.", None, pd.NA], dtype="string")
    # pandas' NA is neither None nor NaN: turn missing values into "" first.
    assert [len(ds) for ds in tact.Linter().lint_many(s.fillna(""))] == [1, 0, 0]


def test_pandas_report_example(tmp_path, capsys):
    report = load_example("pandas_report")
    tickets = EXAMPLES / "tickets.jsonl"
    counts = report.main([str(tickets), "--out", str(tmp_path)])

    # The expected counts, worked out independently: each ticket linted with its language.
    expected = collections.Counter()
    for line in tickets.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        expected.update(d.category for d in tact.Linter(lang=t["lang"]).lint(t["text"]))
    written = pd.read_csv(tmp_path / "category_counts.csv")
    assert dict(zip(written["category"], written["findings"])) == dict(expected)
    assert written.equals(counts)
    assert written["findings"].is_monotonic_decreasing
    assert written.iloc[0].tolist() == ["dont-know", 3, 3]  # en, de and et tickets, one category

    findings = pd.read_csv(tmp_path / "findings.csv")
    assert len(findings) == sum(expected.values())
    png = (tmp_path / "categories.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert "12 tickets" in capsys.readouterr().out


def test_readme_python_snippet_runs(monkeypatch):
    """The README's Python section, run as written in the folder of the sample tickets."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(EXAMPLES)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    df = scope["df"]
    assert len(df) == 12 and df["categories"].map(len).sum() > 0
    assert "commanding" not in {c for cs in df["categories"] for c in cs}  # ignore= applied
    assert scope["d"].matched == "As I already told you"
