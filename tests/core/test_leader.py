"""Leader election between two schedulers, on the real Redis and on the database (SQLite and PostgreSQL):
each tick of a job runs once, not once per process; when the leader stops, the other takes over; a leader
that died (stopped renewing) is replaced once its lock expires."""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable

import pytest
import redis

from steward.core.jobs import Leader, Periodic, Scheduler
from steward.core.leader import DatabaseLeader, RedisLock
from tests.factories.live_redis import require_redis

EVERY = 0.2
TTL = 0.6


def _redis() -> redis.Redis:
    return require_redis(decode_responses=True)


def _leaders(kind: str) -> Callable[[], Leader]:
    if kind == "redis":
        client, key = _redis(), f"steward-test-{uuid.uuid4().hex[:8]}:leader"
        return lambda: RedisLock(client, key, ttl_seconds=TTL)
    name = f"test-{uuid.uuid4().hex[:8]}"
    return lambda: DatabaseLeader(name, ttl_seconds=TTL)


@pytest.mark.parametrize("kind", ["redis", "database"])
def test_two_schedulers_run_each_tick_once(kind: str) -> None:
    new_leader = _leaders(kind)
    ticks: list[tuple[str, int]] = []
    lock = threading.Lock()

    def job(who: str) -> Callable[[], None]:
        def run() -> None:
            with lock:
                ticks.append((who, math.floor(time.time() / EVERY)))

        return run

    first, second = (
        Scheduler([Periodic("tick", EVERY, job(who))], leader=new_leader(), renew_seconds=0.1)
        for who in ("first", "second")
    )
    first.start()
    second.start()
    time.sleep(1.5)
    assert first.leading != second.leading  # exactly one leads
    leader, follower = (first, second) if first.leading else (second, first)
    leader.stop()  # gives the lock up: the other takes over at its next renewal
    time.sleep(1.5)
    follower.stop()

    per_tick = Counter(tick for _, tick in ticks)
    assert [t for t, n in per_tick.items() if n > 1] == []  # never twice in one tick
    assert len(per_tick) >= 10  # about 15 ticks in 3 s, less a takeover
    assert {who for who, _ in ticks} == {"first", "second"}


@pytest.mark.parametrize("kind", ["redis", "database"])
def test_a_dead_leader_is_replaced_when_its_lock_expires(kind: str) -> None:
    new_leader = _leaders(kind)
    dead, alive = new_leader(), new_leader()
    assert dead.hold() and dead.hold()  # taken, then renewed
    assert not alive.hold()
    time.sleep(TTL + 0.2)  # the dead one never renews
    assert alive.hold()
    assert not dead.hold()
    alive.release()
    assert dead.hold()
