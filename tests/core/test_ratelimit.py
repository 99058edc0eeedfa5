"""The in-memory limits: the sliding window behind the public survey forms, the back-off behind logins."""

from __future__ import annotations

import threading

import pytest

from steward.core.ratelimit import Backoff, Tries, WindowLimit, address_key


def test_window_allows_the_limit_then_says_when_to_retry() -> None:
    limit = WindowLimit(limit=3, seconds=60, shared=lambda: None)
    assert [limit.retry_after("a", now=t) for t in (0, 1, 2)] == [None, None, None]
    assert limit.retry_after("a", now=10) == 51  # the first hit leaves the window at 60
    assert limit.retry_after("b", now=10) is None  # keys are independent
    assert limit.retry_after("a", now=60.5) is None


def test_a_flood_of_keys_is_bounded() -> None:
    limit = WindowLimit(limit=1, seconds=60, max_keys=10, shared=lambda: None)
    for n in range(25):
        assert limit.retry_after(f"k{n}", now=0) is None
    assert len(limit._hits) <= 10


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


RULE = Backoff(free=3, first_wait=10, max_wait=40, forget=100)


def test_tries_wait_after_the_free_ones_doubling_up_to_the_cap() -> None:
    clock = _Clock()
    tries = Tries("t", shared=lambda: None, clock=clock)
    assert [tries.admit({"k": RULE}) for _ in range(3)] == [None, None, None]
    assert tries.admit({"k": RULE}) == 10  # refused, and not counted: the wait does not grow
    assert tries.admit({"k": RULE}) == 10
    waits = []
    for _ in range(4):
        clock.now += tries.admit({"k": RULE}) or 0
        assert tries.admit({"k": RULE}) is None
        waits.append(tries.admit({"k": RULE}))
    assert waits == [20, 40, 40, 40]
    clock.now += 141  # forgotten after `forget` seconds without a try
    assert [tries.admit({"k": RULE}) for _ in range(4)] == [None, None, None, 10]


def test_a_try_waits_for_the_longest_of_its_keys_and_counts_on_none_when_refused() -> None:
    clock = _Clock()
    tries = Tries("t", shared=lambda: None, clock=clock)
    loose = Backoff(free=5, first_wait=1, max_wait=100, forget=100)
    for _ in range(3):
        assert tries.admit({"a": RULE, "wide": loose}) is None
    assert tries.admit({"b": RULE, "wide": loose}) is None  # another key shares the wide count
    assert tries.admit({"a": RULE, "wide": loose}) == 10
    assert tries.admit({"b": RULE, "wide": loose}) is None  # 5th on "wide": allowed, then it waits
    assert tries.admit({"c": RULE, "wide": loose}) == 1
    tries.undo("wide", loose)  # that try was right: its wait goes too
    assert tries.admit({"c": RULE, "wide": loose}) is None
    tries.reset("a")
    assert tries.admit({"a": RULE}) is None


def test_tries_fired_together_let_only_the_free_ones_through() -> None:
    tries = Tries("t", shared=lambda: None)
    start = threading.Barrier(20)
    admitted: list[int | None] = []

    def fire() -> None:
        start.wait()
        admitted.append(tries.admit({"k": RULE}))

    threads = [threading.Thread(target=fire) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert admitted.count(None) == 3


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::7", "2001:db8:1:2::/64"),  # one host's /64 is one client
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("testclient", "testclient"),
    ],
)
def test_addresses_are_counted_by_what_one_client_controls(address: str, key: str) -> None:
    assert address_key(address) == key
