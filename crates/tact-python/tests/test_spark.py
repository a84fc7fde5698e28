"""tact in local PySpark: mapInPandas with lint_many, and RDD.pipe through the tact command.

Uses examples/python/spark_lint.py, so the example is what is tested.
"""

from __future__ import annotations

import json

import tact
from conftest import EXAMPLES, load_example

TICKETS = EXAMPLES / "tickets.jsonl"


def expected() -> dict[str, list[str]]:
    linter = tact.Linter()
    rows = [json.loads(line) for line in TICKETS.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: [d.code for d in linter.lint(r["text"])] for r in rows}


def test_map_in_pandas_with_lint_many(spark):
    spark_lint = load_example("spark_lint")
    tickets = spark.read.schema("id string, agent string, lang string, text string").json(str(TICKETS))
    result = {r["id"]: r for r in spark_lint.lint_dataframe(tickets).collect()}
    want = expected()
    assert {i: list(r["codes"]) for i, r in result.items()} == want
    assert result["T-1004"]["worst"] == "error" and result["T-1002"]["worst"] == "warning"
    assert result["T-1001"]["worst"] is None and list(result["T-1001"]["categories"]) == []
    assert list(result["T-1008"]["categories"]) == ["dont-know", "indifference"]


def test_map_in_pandas_over_many_rows(spark):
    spark_lint = load_example("spark_lint")
    texts = ["As I already told you, it ships today.", "Thanks, it ships today.", "Ich weiß es nicht."]
    rows = [(str(i), texts[i % 3]) for i in range(3000)]
    df = spark.sparkContext.parallelize(rows, 2).toDF("id string, text string")
    counts = {r["id"]: len(r["codes"]) for r in spark_lint.lint_dataframe(df).collect()}
    assert len(counts) == 3000
    assert all(counts[str(i)] == [1, 0, 1][i % 3] for i in range(3000))


def test_rdd_pipe_through_the_cli(spark, tact_exe):
    spark_lint = load_example("spark_lint")
    lines = spark.sparkContext.textFile(str(TICKETS), minPartitions=2)
    assert lines.getNumPartitions() >= 2
    records = spark_lint.pipe_json_lines(lines, tact=tact_exe).collect()
    originals = [json.loads(line) for line in TICKETS.read_text(encoding="utf-8").splitlines()]
    # Every record comes back whole, in order, with a "tact" field added.
    assert [{k: v for k, v in r.items() if k != "tact"} for r in records] == originals
    want = expected()
    for r in records:
        assert [d["code"] for d in r["tact"]["diagnostics"]] == want[r["id"]]
        assert r["tact"]["categories"] == list(dict.fromkeys(d["category"] for d in r["tact"]["diagnostics"]))


def test_tact_command_of_the_example_is_the_wheels(tact_exe):
    assert load_example("spark_lint").tact_command() == tact_exe
