"""Journey measures as pure functions: days spent in each stage (from the moves between stages), which
accounts are stuck, and time to value per cohort of accounts that started in the same month."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from statistics import median


@dataclass(frozen=True)
class Move:
    account_id: int
    to_stage: str
    on: date


def days_in_stage(moves: Sequence[Move]) -> dict[str, list[int]]:
    """Stage -> the days each finished stay lasted (a stay ends when the account moves on; the stay an
    account is in now is not counted)."""
    out: dict[str, list[int]] = {}
    by_account: dict[int, list[Move]] = {}
    for m in moves:
        by_account.setdefault(m.account_id, []).append(m)
    for history in by_account.values():
        history.sort(key=lambda m: m.on)
        for stay, nxt in pairwise(history):
            out.setdefault(stay.to_stage, []).append((nxt.on - stay.on).days)
    return out


def median_days(values: Sequence[int]) -> float | None:
    return float(median(values)) if values else None


@dataclass(frozen=True)
class Cohort:
    cohort: str  # YYYY-MM the accounts started the journey
    accounts: int
    reached_value: int
    median_days_to_value: float | None


def time_to_value(started: Sequence[tuple[date, date | None]]) -> list[Cohort]:
    """(started on, reached the value stage on or None) per account -> one row per start month."""
    groups: dict[str, list[tuple[date, date | None]]] = {}
    for start, value in started:
        groups.setdefault(f"{start:%Y-%m}", []).append((start, value))
    return [
        Cohort(
            cohort=key,
            accounts=len(rows),
            reached_value=sum(v is not None for _, v in rows),
            median_days_to_value=median_days([(v - s).days for s, v in rows if v is not None]),
        )
        for key, rows in sorted(groups.items())
    ]
