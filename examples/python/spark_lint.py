"""tact over tickets in Spark, two ways, on a local Spark (needs Java 17+, pyspark, pyarrow):

1. DataFrame.mapInPandas: every Python worker lints its Arrow batches with Linter.lint_many,
   which uses all of that worker's cores with the GIL released.
2. RDD.pipe: each partition's JSON lines go through the tact command line,
   `tact check --jsonl --format jsonl --passthrough -`, which writes each record back with a
   "tact" field added (categories and diagnostics; its offsets are UTF-8 bytes, see
   docs/output.md). tact exits 1 when it found something; RDD.pipe ignores exit codes unless
   checkCode=True, so add `--fail-on never` before turning that on.

    python examples/python/spark_lint.py examples/python/tickets.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Iterator

import pandas as pd

import tact

# The schema mapInPandas returns: one row per ticket.
LINT_SCHEMA = "id string, codes array<string>, categories array<string>, worst string"
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


def lint_batches(batches: Iterator[pd.DataFrame], kind: str = "draft") -> Iterator[pd.DataFrame]:
    """For mapInPandas: the codes, categories and worst severity found in each ticket's text."""
    linter = tact.Linter(kind=kind)  # built once per partition, in the worker
    for batch in batches:
        found = linter.lint_many(batch["text"])
        yield pd.DataFrame(
            {
                "id": batch["id"],
                "codes": [[d.code for d in ds] for ds in found],
                "categories": [sorted({d.category for d in ds}) for ds in found],
                "worst": [max((d.severity for d in ds), key=SEVERITY_ORDER.get, default=None) for ds in found],
            }
        )


def lint_dataframe(tickets):
    """A DataFrame of `id`, `codes`, `categories`, `worst` for a DataFrame with `id` and `text`."""
    return tickets.select("id", "text").mapInPandas(lint_batches, LINT_SCHEMA)


def tact_command() -> str:
    """The `tact` command of this Python environment (the wheel installs it beside python)."""
    here = os.path.join(os.path.dirname(sys.executable), "tact")
    return here if os.path.exists(here) else (shutil.which("tact") or "tact")


def pipe_json_lines(lines, tact: str | None = None, kind: str = "draft"):
    """An RDD of JSON lines through the tact CLI: each record parsed, with its "tact" field."""
    command = f"{tact or tact_command()} check --kind {kind} --jsonl --format jsonl --passthrough -"
    return lines.pipe(command).map(json.loads)


def spark_session(app: str = "tact"):
    """A small local Spark session that stays on this machine."""
    # Workers run this same Python (with tact installed), not whatever python3 is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tickets", help="JSON Lines file with `id` and `text` fields")
    parser.add_argument("--kind", default="draft", choices=["draft", "incoming"])
    args = parser.parse_args(argv)

    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        print("mapInPandas with Linter.lint_many:")
        lint_dataframe(spark.read.json(args.tickets)).orderBy("id").show(truncate=False)

        print("RDD.pipe through `tact check --jsonl --format jsonl --passthrough -`:")
        for record in pipe_json_lines(spark.sparkContext.textFile(args.tickets), kind=args.kind).collect():
            print(record["id"], record["tact"]["categories"])
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
