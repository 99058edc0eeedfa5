"""The in-memory sliding window behind the public survey forms."""

from __future__ import annotations

from steward.core.ratelimit import WindowLimit


def test_window_allows_the_limit_then_says_when_to_retry() -> None:
    limit = WindowLimit(limit=3, seconds=60)
    assert [limit.retry_after("a", now=t) for t in (0, 1, 2)] == [None, None, None]
    assert limit.retry_after("a", now=10) == 51  # the first hit leaves the window at 60
    assert limit.retry_after("b", now=10) is None  # keys are independent
    assert limit.retry_after("a", now=60.5) is None


def test_a_flood_of_keys_is_bounded() -> None:
    limit = WindowLimit(limit=1, seconds=60, max_keys=10)
    for n in range(25):
        assert limit.retry_after(f"k{n}", now=0) is None
    assert len(limit._hits) <= 10
