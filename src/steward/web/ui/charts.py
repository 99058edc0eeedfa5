"""Small server-rendered SVG charts (no script, nothing inline for the CSP to refuse)."""

from __future__ import annotations

from collections.abc import Sequence


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
