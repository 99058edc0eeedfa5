"""The survey charts: the score by month and how many gave each score as chart specs (web/ui/charts.py),
and each theme's comments by sentiment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from steward.domains.surveys.schemas import ScoreRow
from steward.web.ui.charts import chart, series

VERDICT_TONES = {"detractor": "red", "passive": "amber", "promoter": "green"}
RANGES = {"nps": (-100.0, 100.0), "ces": (0.0, 7.0)}  # CSAT and custom: a share, 0-100%


def trend_chart(kind: str, rows: Sequence[ScoreRow]) -> dict[str, Any]:
    """The score by month as bars (an NPS below zero in red) with the number of answers on a scale of its
    own; NPS runs -100..100, CES 0..7, CSAT and custom 0..100%."""
    scores = [None if r.score is None else round(r.score, 1) for r in rows]
    return chart(
        "bar", [r.key for r in rows],
        [series(kind.upper() if kind != "custom" else "Score", scores,
                tones=["red" if (v or 0) < 0 else "green" for v in scores]),
         series("Answers", [r.responses for r in rows], tone="slate", axis="right", kind="line")],
        unit="score" if kind in RANGES else "percent", title="%(score)s by month",
        title_args={"score": kind.upper()},
        range_=RANGES.get(kind, (0.0, 100.0)),
    )  # fmt: skip


def distribution_chart(
    scale: tuple[int, int], counts: Mapping[int, int], verdicts: Mapping[int, str]
) -> dict[str, Any]:
    """How many answers gave each score on the scale (none missing), each bar in its band's colour."""
    low, high = scale
    values = list(range(low, high + 1)) if high > low else sorted(counts)
    return chart(
        "bar", [str(v) for v in values],
        [series("Answers", [counts.get(v, 0) for v in values],
                tones=[VERDICT_TONES.get(verdicts.get(v, ""), "grey") for v in values])],
        title="How many answers gave each score",
    )  # fmt: skip


def themes_chart(themes: Sequence[Any]) -> dict[str, Any]:
    """Positive, neutral and negative comments per theme (rows with .name, .positive, .neutral, .negative),
    stacked in one bar each."""
    return chart(
        "bar", [t.name for t in themes],
        [series("Positive", [t.positive for t in themes], tone="green"),
         series("Neutral", [t.neutral for t in themes], tone="grey"),
         series("Negative", [t.negative for t in themes], tone="red")],
        title="Comments per theme by sentiment", horizontal=True, stacked=True,
    )  # fmt: skip
