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
