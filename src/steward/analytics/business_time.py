"""Business-hours arithmetic for SLAs: open hours per weekday in a time zone, minus holidays. Hours are local
wall-clock minutes, so a day when the clocks change keeps its opening times and is an hour shorter or longer
only if its open hours span the change. All datetimes in and out are aware (any zone); results are UTC."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_MINUTES = 24 * 60
SEARCH_DAYS = 800  # a deadline further away than this means the calendar is (nearly) always closed


@dataclass(frozen=True)
class Calendar:
    """`hours[weekday]` (0 = Monday) are (open, close) minutes after local midnight, sorted and apart; a
    close of 1440 is midnight at the end of the day."""

    time_zone: str = "UTC"
    hours: Mapping[int, Sequence[tuple[int, int]]] = field(
        default_factory=lambda: dict.fromkeys(range(7), ((0, DAY_MINUTES),))
    )
    holidays: frozenset[date] = frozenset()

    def spans(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open intervals within [start, end), in order, in UTC."""
        if end <= start:
            return
        zone = ZoneInfo(self.time_zone)
        day = start.astimezone(zone).date() - timedelta(days=1)  # an interval of the day before may run on
        last = end.astimezone(zone).date()
        while day <= last:
            for low, high in self._open(day, zone):
                a, b = max(low, start), min(high, end)
                if a < b:
                    yield a.astimezone(UTC), b.astimezone(UTC)
            day += timedelta(days=1)

    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Open seconds in [start, end)."""
        return sum((b - a).total_seconds() for a, b in self.spans(start, end))

    def add(self, start: datetime, seconds: float) -> datetime:
        """The moment `seconds` of open time after `start` (start itself when 0)."""
        left = seconds
        cursor = start.astimezone(UTC)
        horizon = cursor + timedelta(days=SEARCH_DAYS)
        while cursor < horizon:
            stop = min(cursor + timedelta(days=31), horizon)
            for a, b in self.spans(cursor, stop):
                length = (b - a).total_seconds()
                if left <= length:
                    return a + timedelta(seconds=left)
                left -= length
            cursor = stop
        raise ValueError(f"the calendar is not open for {seconds / 3600:.1f} hours in {SEARCH_DAYS} days")

    def _open(self, day: date, zone: ZoneInfo) -> Iterator[tuple[datetime, datetime]]:
        if day in self.holidays:
            return
        for low, high in self.hours.get(day.weekday(), ()):
            yield _local(day, low, zone), _local(day, high, zone)


def _local(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """Local wall-clock time on `day`; a time the clocks skip is read as after the change (fold 0)."""
    if minutes >= DAY_MINUTES:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    return wall.astimezone(UTC).astimezone(zone)


def overlapping(intervals: Sequence[tuple[int, int]]) -> str | None:
    """Why these (open, close) minutes are not a valid day of hours, or None."""
    previous_close = -1
    for low, high in sorted(intervals):
        if not 0 <= low < high <= DAY_MINUTES:
            return f"{_clock(low)}-{_clock(high)} is not an interval within one day"
        if low < previous_close:
            return f"{_clock(low)}-{_clock(high)} overlaps the hours before it"
        previous_close = high
    return None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
