"""`steward worker` against the real Redis: a slow job holds up only its own lane, a periodic job never runs
on two workers at once, the jobs of a worker that died are picked up by another; and two `steward serve`
schedulers with two workers run each tick of a job once."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from steward.core.jobs import Periodic
from steward.core.leader import RedisLock
from steward.core.queue import RedisQueue
from steward.settings import Settings
from steward.worker import run as worker_run
from tests.factories.live_redis import REDIS_URL, require_redis, unique_prefix


@pytest.fixture
def queue() -> Iterator[RedisQueue]:
    require_redis()
    q = RedisQueue(REDIS_URL, prefix=unique_prefix(), backoff=lambda n: 0.05)
    yield q
    q.clear()


def _workers(
    q: RedisQueue, handlers: dict[str, Callable[..., object]], names: list[str]
) -> Callable[[], None]:
    """Start workers on threads; returns the function that stops them."""
    stop = threading.Event()
    threads = [threading.Thread(target=q.work, args=(handlers, name, stop)) for name in names]
    for t in threads:
        t.start()

    def stop_all() -> None:
        stop.set()
        for t in threads:
            t.join(10)

    return stop_all


def _until(done: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_slow_job_holds_up_only_its_lane(queue: RedisQueue) -> None:
    finished: dict[str, float] = {}
    handlers = {
        "slow": lambda: (time.sleep(1.5), finished.setdefault("slow", time.monotonic())),
        "fast": lambda: finished.setdefault("fast", time.monotonic()),
    }
    queue.enqueue("slow")
    queue.enqueue("fast")
    started = time.monotonic()
    stop = _workers(queue, handlers, ["w1"])
    _until(lambda: len(finished) == 2)
    stop()
    assert finished["fast"] - started < 1.0 < finished["slow"] - started


def test_a_periodic_job_never_runs_on_two_workers_at_once(queue: RedisQueue) -> None:
    running, most, runs = [0], [0], [0]
    lock = threading.Lock()

    def slow() -> None:
        with lock:
            running[0] += 1
            runs[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(1.0)
        with lock:
            running[0] -= 1

    queue.enqueue("slow")
    queue.enqueue("slow")  # the next tick's, while the first still runs
    stop = _workers(queue, {"slow": slow}, ["w1", "w2"])
    _until(lambda: queue.stats()["queued"] == 0 and runs[0] >= 1)
    time.sleep(1.3)
    stop()
    assert most[0] == 1 and runs[0] == 1  # the second was skipped: a run was under way


def test_a_dead_workers_jobs_go_to_another(queue: RedisQueue) -> None:
    seen: list[int] = []
    job = {"id": "x", "name": "add", "args": {"x": 40, "y": 2}, "attempts": 0}
    queue.redis.lpush(queue._key("processing", "gone"), json.dumps(job))  # no heartbeat: it died
    stop = _workers(queue, {"add": lambda x, y: seen.append(x + y)}, ["w1"])
    _until(lambda: seen == [42])
    stop()
    assert seen == [42]


def test_two_serves_and_two_workers_run_each_tick_once(
    queue: RedisQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = 0.3
    ticks: list[int] = []
    key = f"{queue.prefix}:leader"
    monkeypatch.setattr(worker_run.table, "periodic", lambda s: [
        Periodic("tick", every, lambda: ticks.append(math.floor(time.time() / every)))])  # fmt: skip
    monkeypatch.setattr(worker_run, "RedisQueue", lambda url: queue)
    monkeypatch.setattr(worker_run, "redis_leader", lambda url: RedisLock(queue.redis, key, ttl_seconds=1))
    settings = Settings(redis_url=REDIS_URL)
    serves = [worker_run.scheduler(settings) for _ in range(2)]
    for serve in serves:
        serve.start()
    stop = threading.Event()
    workers = [threading.Thread(target=worker_run.run_worker, args=(settings, stop, f"w{n}")) for n in (1, 2)]
    for w in workers:
        w.start()
    time.sleep(3)
    for serve in serves:
        serve.stop()
    stop.set()
    for w in workers:
        w.join(10)
    per_tick = Counter(ticks)
    assert [t for t, n in per_tick.items() if n > 1] == []
    assert len(per_tick) >= 6  # about 10 ticks in 3 s
    assert sum(serve.leading for serve in serves) == 0  # both stopped, the lock given back
