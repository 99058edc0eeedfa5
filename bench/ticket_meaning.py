"""Recurring issues and similar tickets by meaning: the measurement behind recurring.THRESHOLD and JOIN and
similar.FLOOR, on the hand-written tickets of tests/domains/tickets/ticket_problems.py (8 problems said 5-6
ways in 8 languages, 30 unrelated tickets), embedded with e5 as Steward stores them (float16).

- Pairwise cosines: paraphrases of one problem against tickets about different things.
- Grouping (analytics.ticket_text.group_by_meaning) over a grid of THRESHOLD (star groups) and JOIN (a
  ticket joins the group whose mean is that close), on all tickets together and on 14 smaller mixes (each
  problem with the 30 others; six random draws of 4 problems and 15 others): problems missed, problems
  split in two, paraphrases left out, tickets in a group of another problem (strays).
- Similar tickets: for each problem ticket, how many of its paraphrases (up to five) the top five at
  FLOOR and above hold, how many unrelated tickets they hold, and how many unrelated tickets show any.

Usage: python bench/ticket_meaning.py
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the fixture lives in tests/

from tests.domains.tickets.ticket_problems import DISTRACTORS, PROBLEMS

from steward.analytics.text import embed
from steward.analytics.ticket_text import group_by_meaning
from steward.domains.tickets import recurring, similar
from steward.domains.tickets.queries import meaning

STARS = (0.88, 0.885, 0.89, 0.895, 0.90, 0.905, 0.91)
JOINS = (0.90, 0.905, 0.91, 0.915)
FLOORS = (0.86, 0.87, 0.88, 0.89, 0.90)


def main() -> None:
    tickets = [(k, t) for k, ts in PROBLEMS.items() for t in ts] + [("", t) for t in DISTRACTORS]
    labels = np.asarray([k for k, _ in tickets], dtype=object)
    texts = [meaning(s, b) for _, (s, b) in tickets]
    names = [s for _, (s, _) in tickets]
    vectors = embed(texts).astype(np.float16).astype(np.float32)
    out = Console()
    out.print(_pairs(vectors, labels))
    out.print(_grouping(vectors, labels, names))
    out.print(_similar(vectors, labels))


def _pairs(vectors: np.ndarray, labels: np.ndarray) -> Table:
    sims = vectors @ vectors.T
    kinds: dict[str, list[float]] = {
        "paraphrases": [], "different problems": [], "problem and unrelated": [], "two unrelated": []
    }  # fmt: skip
    for i, j in itertools.combinations(range(len(labels)), 2):
        a, b = labels[i], labels[j]
        kind = (
            "paraphrases" if a and a == b else "different problems" if a and b
            else "problem and unrelated" if a or b else "two unrelated"
        )  # fmt: skip
        kinds[kind].append(float(sims[i, j]))
    table = Table(title="Cosine of e5 vectors, pairs of tickets (subject + first message)")
    for column in ("pairs", "n", "min", "p10", "median", "p90", "max"):
        table.add_column(column, justify="left" if column == "pairs" else "right")
    for kind, values in kinds.items():
        q = np.percentile(values, [0, 10, 50, 90, 100])
        table.add_row(kind, str(len(values)), *(f"{v:.3f}" for v in q))
    return table


def _mixes(labels: np.ndarray) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1)
    others = np.flatnonzero(labels == "")
    mixes = {"all": np.arange(len(labels))}
    for key in PROBLEMS:
        mixes[key] = np.concatenate([np.flatnonzero(labels == key), others])
    for n in range(6):
        keys = rng.choice(list(PROBLEMS), 4, replace=False)
        mixes[f"draw {n}"] = np.concatenate(
            [np.flatnonzero(np.isin(labels, keys)), rng.choice(others, 15, replace=False)]
        )
    return mixes


def _grouping(vectors: np.ndarray, labels: np.ndarray, names: list[str]) -> Table:
    mixes = _mixes(labels)
    chosen = f"chosen: {recurring.THRESHOLD} / {recurring.JOIN}"
    table = Table(title=f"Recurring-issue grouping over {len(mixes)} mixes ({chosen})")
    for column in ("THRESHOLD", "JOIN", "problems missed", "split", "paraphrases left out", "strays"):
        table.add_column(column, justify="right")
    for star, join in itertools.product(STARS, JOINS):
        missed = split = left_out = strays = 0
        for idx in mixes.values():
            groups = group_by_meaning(
                [names[i] for i in idx], vectors[idx], threshold=star, join=join, min_size=3, max_groups=20
            )
            found: dict[str, int] = {}
            grouped = set()
            for g in groups:
                members = [labels[idx[m]] for m in g.members]
                top = max(set(members), key=members.count)
                strays += sum(1 for m in members if m != top)
                found[top] = found.get(top, 0) + 1
                grouped |= {int(idx[m]) for m in g.members}
            present = {labels[i] for i in idx if labels[i]}
            missed += len(present - set(found))
            split += sum(c - 1 for k, c in found.items() if k)
            left_out += sum(1 for i in idx if labels[i] in found and labels[i] and int(i) not in grouped)
        chosen = star == recurring.THRESHOLD and join == recurring.JOIN
        style = "bold" if chosen else None
        table.add_row(
            f"{star:.3f}", f"{join:.3f}", str(missed), str(split), str(left_out), str(strays), style=style
        )
    return table


def _similar(vectors: np.ndarray, labels: np.ndarray) -> Table:
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)
    queries = [i for i in range(len(labels)) if labels[i]]
    table = Table(title=f"Similar tickets, top five at the floor and above (chosen: {similar.FLOOR})")
    for column in ("floor", "paraphrases shown", "unrelated shown", "unrelated tickets showing any"):
        table.add_column(column, justify="right")
    for floor in FLOORS:
        good = bad = possible = 0
        for i in queries:
            top = [j for j in np.argsort(-sims[i])[:5] if sims[i, j] >= floor]
            good += sum(labels[j] == labels[i] for j in top)
            bad += sum(labels[j] != labels[i] for j in top)
            possible += min(5, int((labels == labels[i]).sum()) - 1)
        lonely = [i for i in range(len(labels)) if not labels[i]]
        showing = sum(1 for i in lonely if sims[i].max() >= floor)
        shown = f"{good}/{possible} ({good / possible:.0%})"
        unrelated = f"{bad / len(queries):.2f} per ticket"
        table.add_row(f"{floor:.2f}", shown, unrelated, f"{showing} of {len(lonely)}")
    return table


if __name__ == "__main__":
    main()
