"""Per-category counts of tact findings over a JSON Lines file of tickets, with a bar chart.

Each line is one ticket reply: {"id": ..., "text": ..., "lang": "en"} ("lang" is optional; with
it each language is linted with its own packs only, without it every language's packs run).

    python examples/python/pandas_report.py examples/python/tickets.jsonl --out report/

writes report/category_counts.csv (category, findings, tickets), report/findings.csv (one row
per finding) and report/categories.png, and prints the counts.
"""

from __future__ import annotations

import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import tact  # noqa: E402

FINDING_COLUMNS = ["id", "code", "name", "category", "severity", "start", "end", "matched", "message"]


def findings(tickets: pd.DataFrame, kind: str = "draft", text: str = "text") -> pd.DataFrame:
    """One row per finding in the `text` column of `tickets` (which needs an `id` column)."""
    groups = tickets.groupby("lang", sort=False) if "lang" in tickets else [(None, tickets)]
    rows = []
    for lang, group in groups:
        linter = tact.Linter(kind=kind, lang=lang)
        # lint_many spreads the texts over every core and releases the GIL while it works.
        for ticket_id, diagnostics in zip(group["id"], linter.lint_many(group[text])):
            rows.extend({"id": ticket_id, **d.to_dict()} for d in diagnostics)
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def category_counts(found: pd.DataFrame) -> pd.DataFrame:
    """Findings and distinct tickets per category, most frequent first."""
    counts = found.groupby("category").agg(findings=("code", "size"), tickets=("id", "nunique")).reset_index()
    return counts.sort_values(["findings", "category"], ascending=[False, True], ignore_index=True)


def chart(counts: pd.DataFrame, path: pathlib.Path) -> None:
    """A horizontal bar chart of findings per category."""
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(counts) + 1.2))
    ax.barh(counts["category"], counts["findings"], color="#c0504d")
    ax.invert_yaxis()
    ax.set_xlabel("findings")
    ax.set_title("tact findings per category")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> pd.DataFrame:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tickets", type=pathlib.Path, help="JSON Lines file of tickets")
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("tact-report"), help="output directory")
    parser.add_argument("--kind", default="draft", choices=["draft", "incoming"])
    args = parser.parse_args(argv)

    tickets = pd.read_json(args.tickets, lines=True, dtype={"id": str})
    found = findings(tickets, kind=args.kind)
    counts = category_counts(found)
    args.out.mkdir(parents=True, exist_ok=True)
    found.to_csv(args.out / "findings.csv", index=False)
    counts.to_csv(args.out / "category_counts.csv", index=False)
    chart(counts, args.out / "categories.png")
    print(f"{len(tickets)} tickets, {len(found)} findings, {found['id'].nunique()} tickets with findings")
    print(counts.to_string(index=False))
    return counts


if __name__ == "__main__":
    main()
