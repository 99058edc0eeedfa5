"""Small server-rendered SVG charts (no script, nothing inline for the CSP to refuse)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any


def polyline(
    values: Sequence[float | None], *, width: int = 320, height: int = 60, top: float = 100.0
) -> str:
    """`points` for an SVG polyline of values on a 0-`top` scale; missing values are skipped."""
    present = [(i, v) for i, v in enumerate(values) if v is not None]
    if not present:
        return ""
    step = width / max(len(values) - 1, 1)
    return " ".join(f"{i * step:.1f},{height - v / top * height:.1f}" for i, v in present)


def scaled_polyline(values: Sequence[float], *, width: int = 640, height: int = 160) -> str:
    """`points` for values scaled to the chart's height from 0 to their maximum."""
    top = max(values, default=0.0)
    return polyline(list(values), width=width, height=height, top=top) if top > 0 else ""


def heat_class(share: float | None) -> str:
    """A CSS class for a retention cell, in tenths: heat-0 (none left) .. heat-10 (all, or more)."""
    return "heat-none" if share is None else f"heat-{min(10, max(0, round(share * 10)))}"


def daily_lines(as_of: date, daily: Sequence[Any], days: int = 90) -> dict[str, Any]:
    """Two polylines over the `days` to `as_of` from rows with .day, .events and .active_users (a missing
    day is zero), and their peaks: the usage chart of the account and usage pages."""
    by_day = {d.day: d for d in daily}
    span = [as_of - timedelta(days=n) for n in range(days - 1, -1, -1)]
    events = [float(by_day[d].events) if d in by_day else 0.0 for d in span]
    users = [float(by_day[d].active_users) if d in by_day else 0.0 for d in span]
    return {
        "usage_events": scaled_polyline(events),
        "usage_users": scaled_polyline(users),
        "usage_peak": (int(max(events, default=0)), int(max(users, default=0))),
    }
