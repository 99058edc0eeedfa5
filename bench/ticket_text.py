"""Ticket text models on the Endava IT support tickets (../shared/data/support_tickets_endava).

- Routing classifier: 5-fold stratified cross-validation (seed 0) for ticket_type, category and urgency,
  weighted and macro F1, for Steward's classifier and for multinomial naive Bayes over word counts (the
  published approach: weighted F1 0.98 for type and 0.79 for category on the full ~48.5k set).
- Recurring-issue grouping: how pure the groups are with respect to the labelled sub_category1, beside the
  purity one group of all grouped tickets would have (the share of its largest label).

Usage: python bench/ticket_text.py [--folds 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from steward.analytics import ticket_text

DATA = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "support_tickets_endava"
    / "all_tickets.csv"
)
TARGETS = ("ticket_type", "category", "urgency")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    frame = pd.read_csv(DATA)
    texts = (frame["title"].fillna("") + " " + frame["body"].fillna("")).str.strip().tolist()
    console = Console(stderr=True)
    results: dict[str, dict[str, float]] = {}
    for target in TARGETS:
        for name, make in (("steward", ticket_text.classifier), ("naive_bayes", ticket_text.baseline)):
            with console.status(f"{target}: {name}, {args.folds}-fold ..."):
                started = time.perf_counter()
                scores = ticket_text.cross_validate(make, texts, frame[target].tolist(), args.folds)
            results[f"{target}/{name}"] = {
                "weighted_f1": round(scores.weighted_f1, 4),
                "macro_f1": round(scores.macro_f1, 4),
                "seconds": round(time.perf_counter() - started, 1),
            }
    started = time.perf_counter()
    groups = ticket_text.group_similar(texts)
    grouping_s = time.perf_counter() - started
    labels = frame["sub_category1"].tolist()
    grouped = [labels[m] for g in groups for m in g.members]
    one_group = pd.Series(grouped).value_counts().iloc[0] / len(grouped) if grouped else 0.0
    grouping = {
        "tickets": len(texts),
        "groups": len(groups),
        "grouped": len(grouped),
        "purity": round(ticket_text.purity(groups, labels), 4),
        "one_group_purity": round(float(one_group), 4),
        "seconds": round(grouping_s, 2),
    }
    if args.json:
        print(json.dumps({"classifier": results, "grouping": grouping}))
        return
    table = Table(title=f"Routing classifier on {len(texts):,} Endava tickets, {args.folds}-fold")
    for column in ("field", "model", "weighted F1", "macro F1", "time"):
        table.add_column(column, justify="right" if column not in ("field", "model") else "left")
    for key, r in results.items():
        target, name = key.split("/")
        table.add_row(
            target, name, f"{r['weighted_f1']:.3f}", f"{r['macro_f1']:.3f}", f"{r['seconds']:.0f} s"
        )
    out = Console()
    out.print(table)
    out.print(
        f"Recurring-issue groups: {grouping['groups']} groups hold {grouping['grouped']:,} of "
        f"{grouping['tickets']:,} tickets; purity against sub_category1 {grouping['purity']:.3f} "
        f"(one group of them all: {grouping['one_group_purity']:.3f}); {grouping['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
