"""Chart specs for the staff UI: one plain dict per chart (kind, labels, series, unit) that
templates/_chart.html puts in a data- attribute for static/charts.js to draw with the vendored Chart.js,
and shows as a table too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

from steward.core.money import minor_exponent

EPOCH = date(1970, 1, 1)
Kind = Literal["line", "bar"]
Unit = Literal["count", "percent", "money", "score", "days", "date"]  # date: days since 1970-01-01
Value = float | int | None | list[float]  # a list: a floating bar (low, high)


def series(
    name: str,
    values: Sequence[Value],
    *,
    tone: str = "blue",
    tones: Sequence[str] | None = None,
    axis: Literal["left", "right"] = "left",
    kind: Kind | None = None,
    points: bool = False,
    text: Sequence[str | None] | None = None,
) -> dict[str, Any]:
    """One named row of values. `tone` names a colour of charts.js's palette; `tones` colours each bar
    apart (a grade's own colour); `axis` right gives the series a scale of its own; `kind` mixes a line
    into bars; `points` draws a line series as markers only; `text` says each value in words (tooltip,
    table)."""
    out: dict[str, Any] = {"name": name, "values": list(values), "tone": tone, "axis": axis}
    if tones is not None:
        out["tones"] = list(tones)
    if kind is not None:
        out["kind"] = kind
    if points:
        out["points"] = True
    if text is not None:
        out["text"] = list(text)
    return out


def chart(
    kind: Kind,
    labels: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    unit: Unit = "count",
    currency: str | None = None,
    title: str,
    title_args: dict[str, Any] | None = None,
    words: bool = False,
    horizontal: bool = False,
    stacked: bool = False,
    range_: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """The spec of one chart; `title` is its accessible name. Money is in major units of `currency`.
    Words are English and said in the page's language when drawn (web/ui/chart_words.py): a title with
    numbers names them in `title_args` ("last %(days)s days", {"days": 90}); `words` says the labels are our
    words, not data."""
    spec: dict[str, Any] = {
        "kind": kind, "labels": [str(x) for x in labels], "series": list(rows), "unit": unit, "title": title,
        "horizontal": horizontal, "stacked": stacked,
    }  # fmt: skip
    if currency:
        spec["currency"] = currency
    if title_args:
        spec["title_args"] = dict(title_args)
    if words:
        spec["words"] = True
    if range_ is not None:
        spec["min"], spec["max"] = range_
    return spec


def day_number(day: date) -> int:
    """A date as the number a chart's date axis counts in (days since 1970-01-01)."""
    return (day - EPOCH).days


def major(minor: int | None, currency: str) -> float | None:
    """Minor units (cents) as the major units a chart's axis shows."""
    return None if minor is None else minor / 10 ** minor_exponent(currency)


def heat_class(share: float | None) -> str:
    """A CSS class for a retention cell, in tenths: heat-0 (none left) .. heat-10 (all, or more)."""
    return "heat-none" if share is None else f"heat-{min(10, max(0, round(share * 10)))}"


def daily_usage(as_of: date, daily: Sequence[Any], days: int = 90) -> dict[str, Any]:
    """Events and active people a day over the `days` to `as_of`, from rows with .day, .events and
    .active_users (a missing day is zero): the usage chart of the account and usage pages, each series on
    its own scale."""
    by_day = {d.day: d for d in daily}
    span = [as_of - timedelta(days=n) for n in range(days - 1, -1, -1)]
    events = [by_day[d].events if d in by_day else 0 for d in span]
    users = [by_day[d].active_users if d in by_day else 0 for d in span]
    return chart(
        "line",
        [d.isoformat() for d in span],
        [series("Events a day", events), series("Active people a day", users, tone="green", axis="right")],
        title="Daily events and active people, last %(days)s days",
        title_args={"days": days},
    )
