"""A failed batch of changed accounts is retried, from the stage that failed and only for the workspace that
failed (the rules that already ran elsewhere, with their webhooks and e-mails, are not run twice): on the
thread of `steward serve` and as a queued job on the real Redis; a batch that keeps failing is given up."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from steward.core.changes import Changes
from steward.core.jobs import ChangeWorker
from steward.core.queue import RedisQueue
from steward.settings import Settings
from steward.worker import changes as worker_changes
from steward.worker import run as worker_run

REDIS_URL = "redis://127.0.0.1:6379/0"


class Stages:
    """Health, rules, journeys stand-ins that record what they ran; rules fail `failures` times for ws 1."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.ran: list[tuple[str, int]] = []

    def health(self, changed: Changes) -> None:
        self.ran += [("health", ws) for ws in changed]

    def rules(self, changed: Changes) -> None:
        if 1 in changed and self.failures > 0:
            self.failures -= 1
            raise RuntimeError("database went away")
        self.ran += [("rules", ws) for ws in changed]

    def journeys(self, changed: Changes) -> None:
        self.ran += [("journeys", ws) for ws in changed]

    @property
    def all(self) -> tuple[object, ...]:
        return (self.health, self.rules, self.journeys)


def test_the_serve_thread_retries_from_the_failed_stage() -> None:
    stages = Stages(failures=1)
    worker = ChangeWorker(list(stages.all), delay_seconds=0.01, backoff=lambda n: 0.05 if n < 3 else None)  # type: ignore[arg-type]
    worker.start()
    try:
        worker.submit({1: {10}, 2: {20}})
        assert worker.wait_idle(timeout=10)
    finally:
        worker.stop()
    assert sorted(stages.ran) == sorted([("health", 1), ("health", 2), ("rules", 2), ("journeys", 2),
                                         ("rules", 1), ("journeys", 1)])  # fmt: skip
    assert worker.batches == 2 and worker.given_up == []


def test_the_serve_thread_gives_up_after_the_last_attempt() -> None:
    stages = Stages(failures=99)
    worker = ChangeWorker(list(stages.all), delay_seconds=0.01, backoff=lambda n: 0.02 if n < 3 else None)  # type: ignore[arg-type]
    worker.start()
    try:
        worker.submit({1: None})
        assert worker.wait_idle(timeout=10)
    finally:
        worker.stop()
    assert stages.ran == [("health", 1)] and worker.given_up == [{1: {1: None}}]
    assert worker.batches == 3  # the first pass and two retries


@pytest.fixture
def queue() -> Iterator[RedisQueue]:
    q = RedisQueue(REDIS_URL, prefix=f"steward-test-{uuid.uuid4().hex[:8]}", backoff=lambda n: 0.05)
    yield q
    q.clear()


def test_a_queued_batch_is_retried_with_what_is_left(
    queue: RedisQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = Stages(failures=1)
    monkeypatch.setattr(worker_changes, "STAGES", stages.all)
    queue.enqueue("changes", {"changed": worker_changes.encode({1: {10}, 2: None})})
    stop = threading.Event()
    thread = threading.Thread(
        target=queue.work, args=(worker_run.handlers(Settings(redis_url=REDIS_URL)), "w1", stop)
    )
    thread.start()
    deadline = time.monotonic() + 10
    while ("journeys", 1) not in stages.ran and time.monotonic() < deadline:
        time.sleep(0.02)
    stop.set()
    thread.join(5)
    assert sorted(stages.ran) == sorted([("health", 1), ("health", 2), ("rules", 2), ("journeys", 2),
                                         ("rules", 1), ("journeys", 1)])  # fmt: skip
    assert queue.stats() == {"queued": 0, "delayed": 0, "failed": 0}
