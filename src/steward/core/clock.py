"""The current time in one place, so tests and jobs agree on what "today" means (UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from steward.core.errors import Invalid


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_utc() -> date:
    return now_utc().date()


def start_of_day(day: date) -> datetime:
    """Midnight UTC at the start of `day`."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def report_window(start: date | None, end: date | None, days: int) -> tuple[date, date]:
    """[start, end) for a report: by default the `days` up to and including today; refused if empty."""
    end = end or today_utc() + timedelta(days=1)
    start = start or end - timedelta(days=days)
    if start >= end:
        raise Invalid("start must be before end", ("query", "start"))
    return start, end
