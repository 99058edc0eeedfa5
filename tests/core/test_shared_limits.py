"""The limits kept in the real Redis on this machine, as several `steward serve` processes keep them: two
limiter instances with their own connections (two processes) share every count."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis

from steward.core.errors import TooMany
from steward.core.ratelimit import Backoff, Tries, WindowLimit
from steward.core.shared_limits import RedisLimits, from_settings
from steward.domains.surveys import widget
from steward.domains.users.signin import LoginThrottle
from steward.settings import Settings, get_settings
from tests.factories.live_redis import REDIS_URL, require_redis, unique_prefix


@pytest.fixture
def two() -> Iterator[tuple[RedisLimits, RedisLimits]]:
    require_redis()
    prefix = f"{unique_prefix()}:limits"
    first, second = RedisLimits(REDIS_URL, prefix), RedisLimits(REDIS_URL, prefix)
    yield first, second
    first.clear()


def test_two_processes_share_one_window(two: tuple[RedisLimits, RedisLimits]) -> None:
    a = WindowLimit(limit=3, seconds=60, shared=lambda: two[0])
    b = WindowLimit(limit=3, seconds=60, shared=lambda: two[1])
    assert [a.retry_after("k"), b.retry_after("k"), a.retry_after("k")] == [None, None, None]
    wait = b.retry_after("k")
    assert wait is not None and 59 <= wait <= 60
    assert a.retry_after("other") is None


def test_two_processes_share_the_login_back_off(two: tuple[RedisLimits, RedisLimits]) -> None:
    a = LoginThrottle(Tries("login", shared=lambda: two[0]))
    b = LoginThrottle(Tries("login", shared=lambda: two[1]))
    for n in range(5):
        assert (a if n % 2 else b).admit("lea@acme.test", "203.0.113.5") is None
    assert a.admit("Lea@Acme.test ", "203.0.113.5") == 1  # one account however it is spelled
    assert b.admit("lea@acme.test", "203.0.113.5") == 1
    assert b.admit("lea@acme.test", "198.51.100.4") is None  # another address is not held back
    a.succeeded("lea@acme.test", "203.0.113.5")
    assert b.admit("lea@acme.test", "203.0.113.5") is None


def test_the_back_off_runs_out_and_refused_tries_do_not_lengthen_it(
    two: tuple[RedisLimits, RedisLimits],
) -> None:
    rule = Backoff(free=2, first_wait=0.3, max_wait=0.6, forget=5)
    a = Tries("t", shared=lambda: two[0])
    b = Tries("t", shared=lambda: two[1])
    assert [a.admit({"k": rule}), b.admit({"k": rule})] == [None, None]
    for _ in range(20):
        assert a.admit({"k": rule}) == 1  # a part of a second is still one second to wait
    time.sleep(0.35)
    assert b.admit({"k": rule}) is None
    assert a.admit({"k": rule}) is not None  # the wait doubled
    time.sleep(0.65)
    assert a.admit({"k": rule}) is None
    for _ in range(3):
        b.undo("k", rule)  # four tries less three: under the free ones again, so no wait
    assert a.admit({"k": rule}) is None


def test_tries_fired_together_at_two_processes_let_only_the_free_ones_through(
    two: tuple[RedisLimits, RedisLimits],
) -> None:
    rule = Backoff(free=5, first_wait=60, max_wait=60, forget=60)
    tries = [Tries("t", shared=lambda: two[0]), Tries("t", shared=lambda: two[1])]
    start = threading.Barrier(30)
    admitted: list[int | None] = []

    def fire(n: int) -> None:
        start.wait()
        admitted.append(tries[n % 2].admit({"k": rule, "wide": rule}))

    threads = [threading.Thread(target=fire, args=(n,)) for n in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert admitted.count(None) == 5


def test_production_mode_keeps_the_limits_in_redis() -> None:
    assert from_settings(Settings(redis_url=None)) is None
    shared = from_settings(Settings(redis_url=REDIS_URL))
    assert isinstance(shared, RedisLimits) and shared.prefix == "steward:limits"


def test_with_a_redis_url_the_anonymous_answer_limit_is_counted_in_redis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The survey forms' own limiter, unchanged, counts in Redis once STEWARD_REDIS_URL is set, so a
    limiter of another process (here a fresh one) sees the same count."""
    public_key, client = f"test-{uuid.uuid4().hex}", "203.0.113.77"
    key = f"steward:limits:window:anonymous-answers:{public_key}|{client}"
    monkeypatch.setenv("STEWARD_REDIS_URL", REDIS_URL)
    get_settings.cache_clear()
    try:
        for _ in range(20):
            widget.check_rate(public_key, client)
        with pytest.raises(TooMany):
            widget.check_rate(public_key, client)
        assert redis.Redis.from_url(REDIS_URL).zcard(key) == 20
        assert not any(public_key in k for k in widget.ANONYMOUS._hits)  # nothing kept in memory
        assert WindowLimit(limit=20, seconds=3600).retry_after(f"anonymous-answers:{public_key}|{client}")
    finally:
        redis.Redis.from_url(REDIS_URL).delete(key)
        monkeypatch.delenv("STEWARD_REDIS_URL")
        get_settings.cache_clear()
