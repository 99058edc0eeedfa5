"""Survey scores: NPS, CSAT and CES, and what each answer counts as.

- NPS on 0-10: % promoters (9-10) minus % detractors (0-6), from -100 to 100.
- CSAT: the share (%) of answers in the top boxes of the scale, the top two by default.
- CES on 1-7 ("the company made it easy"): the mean answer; higher is easier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["nps", "csat", "ces", "custom"]
Verdict = Literal["promoter", "passive", "detractor"]
NPS_RANGE = (0, 10)
CES_RANGE = (1, 7)
CSAT_POINTS = (3, 5, 7, 10)


@dataclass(frozen=True)
class Score:
    """A survey score over some answers: the headline value and its parts (None when nobody answered)."""

    value: float | None
    responses: int
    good: int  # promoters; CSAT: answers in the top boxes; CES: answers of 5 or more
    neutral: int
    bad: int  # detractors; CSAT: answers in the bottom boxes; CES: answers of 3 or less


def scale_of(kind: Kind, points: int = 5) -> tuple[int, int]:
    """The lowest and highest answer a survey of this kind accepts."""
    if kind == "nps":
        return NPS_RANGE
    if kind == "ces":
        return CES_RANGE
    return (1, points)


def verdict(kind: Kind, answer: int, points: int = 5, top_boxes: int = 2) -> Verdict:
    """Promoter / passive / detractor for NPS; the same three bands on the other scales (top boxes,
    middle, bottom boxes), so that one rule closes the loop on every kind of survey."""
    low, high = scale_of(kind, points)
    if not low <= answer <= high:
        raise ValueError(f"{answer} is outside {low}-{high}")
    if kind == "nps":
        return "promoter" if answer >= 9 else "passive" if answer >= 7 else "detractor"
    if kind == "ces":
        return "promoter" if answer >= 5 else "passive" if answer == 4 else "detractor"
    if answer > high - top_boxes:
        return "promoter"
    return "detractor" if answer < low + top_boxes else "passive"


def nps(answers: Sequence[int]) -> Score:
    promoters = sum(1 for a in answers if a >= 9)
    detractors = sum(1 for a in answers if a <= 6)
    n = len(answers)
    value = 100.0 * (promoters - detractors) / n if n else None
    return Score(value, n, promoters, n - promoters - detractors, detractors)


def csat(answers: Sequence[int], points: int = 5, top_boxes: int = 2) -> Score:
    if points not in CSAT_POINTS:
        raise ValueError(f"a CSAT scale has {', '.join(map(str, CSAT_POINTS))} points, not {points}")
    top = sum(1 for a in answers if a > points - top_boxes)
    bottom = sum(1 for a in answers if a < 1 + top_boxes)
    n = len(answers)
    value = 100.0 * top / n if n else None
    return Score(value, n, top, n - top - bottom, bottom)


def ces(answers: Sequence[int]) -> Score:
    n = len(answers)
    easy = sum(1 for a in answers if a >= 5)
    hard = sum(1 for a in answers if a <= 3)
    return Score(sum(answers) / n if n else None, n, easy, n - easy - hard, hard)


def score(kind: Kind, answers: Sequence[int], points: int = 5, top_boxes: int = 2) -> Score:
    """The headline score of a kind of survey (a custom survey is scored like CSAT on its first rating)."""
    if kind == "nps":
        return nps(answers)
    if kind == "ces":
        return ces(answers)
    return csat(answers, points, top_boxes)


def response_rate(invited: int, answered: int) -> float | None:
    return answered / invited if invited else None
