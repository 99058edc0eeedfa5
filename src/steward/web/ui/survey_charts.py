"""Geometry of the survey charts, drawn as server-side SVG (no script, no inline style): the score by month,
how many gave each score, and a theme's sentiment as one stacked bar."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from steward.domains.surveys.schemas import ScoreRow

WIDTH = 640
PLOT_TOP = 18  # room for the value above the highest bar
PLOT_HEIGHT = 132
SENTIMENT_WIDTH = 200


def _top(kind: str) -> float:
    return 7.0 if kind == "ces" else 100.0


def trend_bars(kind: str, rows: Sequence[ScoreRow]) -> dict[str, Any]:
    """One bar per month with answers. NPS (-100..100) grows up or down from a zero line in the middle;
    CSAT and custom (0-100%) and CES (0-7) grow up from the bottom."""
    bottom = PLOT_TOP + PLOT_HEIGHT
    zero = PLOT_TOP + PLOT_HEIGHT / 2 if kind == "nps" else bottom
    reach = PLOT_HEIGHT / 2 if kind == "nps" else PLOT_HEIGHT
    slot = WIDTH / max(len(rows), 1)
    width = min(slot * 0.6, 48.0)
    bars = []
    for i, row in enumerate(rows):
        value = row.score or 0.0
        height = abs(value) / _top(kind) * reach
        y = zero - height if value >= 0 else zero
        bars.append(
            {
                "x": round(i * slot + (slot - width) / 2, 1),
                "y": round(y, 1),
                "width": round(width, 1),
                "height": round(max(height, 1.0), 1),
                "middle": round(i * slot + slot / 2, 1),
                "value_y": round(y - 4 if value >= 0 else zero - 4, 1),  # a negative: above the zero line
                "cls": "bar-bad" if value < 0 else "bar-good",
                "row": row,
            }
        )
    return {"bars": bars, "zero": zero, "label_y": bottom + 16, "height": bottom + 22, "width": WIDTH}


def distribution_bars(
    kind: str, scale: tuple[int, int], counts: Mapping[int, int], verdicts: Mapping[int, str]
) -> dict[str, Any]:
    """One bar per score on the scale (none missing), coloured by the band the score falls in."""
    low, high = scale
    values = list(range(low, high + 1)) if high > low else sorted(counts)
    top = max(counts.values(), default=0) or 1
    slot = WIDTH / max(len(values), 1)
    width = min(slot * 0.7, 44.0)
    bottom = PLOT_TOP + PLOT_HEIGHT
    bars = []
    for i, value in enumerate(values):
        n = counts.get(value, 0)
        height = n / top * PLOT_HEIGHT
        bars.append(
            {
                "value": value,
                "n": n,
                "x": round(i * slot + (slot - width) / 2, 1),
                "y": round(bottom - height, 1),
                "width": round(width, 1),
                "height": round(height, 1),
                "middle": round(i * slot + slot / 2, 1),
                "cls": f"verdict-{verdicts.get(value, 'none')}",
            }
        )
    return {
        "bars": bars,
        "total": sum(counts.values()),
        "bottom": bottom,
        "label_y": bottom + 16,
        "height": bottom + 22,
        "width": WIDTH,
    }


def sentiment_bar(positive: int, neutral: int, negative: int) -> list[dict[str, Any]]:
    """Positive, neutral and negative comments side by side in one bar of fixed width."""
    total = positive + neutral + negative
    parts, x = [], 0.0
    for name, n in (("positive", positive), ("neutral", neutral), ("negative", negative)):
        width = n / total * SENTIMENT_WIDTH if total else 0.0
        if n:
            parts.append({"cls": f"sentiment-{name}", "x": round(x, 1), "width": round(width, 1), "n": n})
        x += width
    return parts
