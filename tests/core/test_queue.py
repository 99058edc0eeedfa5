"""The Redis job queue of production mode, against the real Redis on this machine: jobs run by name, a
failing job is retried and then kept with its error, a worker that died mid-job gets its job back, periodic
jobs are queued once per period; and the rollup of product events done by a worker, end to end."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from steward.core.queue import RedisQueue
from steward.domains.events import jobs as events_jobs
from steward.settings import Settings
from steward.worker import changes as worker_changes
from steward.worker import run as worker_run
from tests.factories import ApiClient, Tenant
from tests.factories.live_redis import REDIS_URL, require_redis, unique_prefix


@pytest.fixture
def queue() -> Iterator[RedisQueue]:
    require_redis()
    q = RedisQueue(REDIS_URL, prefix=unique_prefix(), backoff=lambda n: 0.01 if n < 3 else None)
    yield q
    q.clear()


def _drain(q: RedisQueue, handlers: dict[str, Callable[..., object]], until: Callable[[], bool]) -> None:
    stop = threading.Event()
    worker = threading.Thread(target=q.work, args=(handlers, "w1", stop))
    worker.start()
    deadline = time.monotonic() + 90  # retries back off; at load 10, 30 s once ran out
    while not until() and time.monotonic() < deadline:
        time.sleep(0.02)
    stop.set()
    worker.join(5)
    assert until()


def test_jobs_run_retry_fail_and_recover(queue: RedisQueue) -> None:
    seen: list[Any] = []
    attempts = {"flaky": 0}

    def flaky() -> None:
        attempts["flaky"] += 1
        if attempts["flaky"] < 2:
            raise RuntimeError("database busy")
        seen.append("flaky done")

    def broken() -> None:
        raise ValueError("always")

    handlers = {"add": lambda x, y: seen.append(x + y), "flaky": flaky, "broken": broken}
    queue.enqueue("add", {"x": 2, "y": 3})
    queue.enqueue("flaky")
    queue.enqueue("broken")
    queue.enqueue("nobody-knows")
    _drain(queue, handlers, lambda: len(seen) == 2 and queue.stats()["failed"] == 2)
    assert sorted(map(str, seen)) == ["5", "flaky done"] and attempts["flaky"] == 2
    failed = {j["name"]: j for j in queue.failed()}
    assert failed["broken"]["attempts"] == 3 and "ValueError: always" in failed["broken"]["error"]
    assert "no job named" in failed["nobody-knows"]["error"]

    # A worker killed mid-job left it on its processing list: the next start puts it back and runs it.
    job = {"id": "x", "name": "add", "args": {"x": 40, "y": 2}, "attempts": 0}
    queue.redis.lpush(queue._key("processing", "w1"), json.dumps(job))
    _drain(queue, handlers, lambda: 42 in seen)

    assert queue.enqueue("tick", once_per_seconds=60) is True
    assert queue.enqueue("tick", once_per_seconds=60) is False  # another serve process queued it already
    assert queue.stats()["queued"] == 1


def test_production_mode_rolls_usage_up_on_a_worker(
    app_client: TestClient, api: ApiClient, tenant: Tenant, queue: RedisQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(redis_url=REDIS_URL)
    monkeypatch.setattr(worker_run, "RedisQueue", lambda url: queue)
    auth = {"Authorization": "Basic " + base64.b64encode(f"{tenant.write_key}:".encode()).decode()}
    api.post("/accounts", json={"external_id": "acme", "name": "Acme"})
    call = {
        "type": "track",
        "messageId": "q1",
        "userId": "u1",
        "event": "Login",
        "context": {"groupId": "acme"},
    }
    assert (
        app_client.post("/v1/batch", content=orjson.dumps({"batch": [call]}), headers=auth).status_code == 200
    )
    jobs = {j.name: j for j in worker_run.default_jobs(settings)}
    jobs["usage-rollup"].run()  # what serve's scheduler does in production mode: queue, not run
    assert queue.stats()["queued"] == 1

    handlers = worker_run.handlers(settings)
    handlers["usage-rollup"] = lambda: events_jobs.roll_up_all(settle_seconds=0)
    _drain(queue, handlers, lambda: queue.stats()["queued"] == 0 and queue.stats()["delayed"] == 0)
    acme = api.get("/accounts").json()["items"][0]
    assert api.get(f"/usage/accounts/{acme['id']}").json()["mau"] == 1
    assert queue.stats()["failed"] == 0


def test_production_mode_queues_changed_accounts(
    api: ApiClient, queue: RedisQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(redis_url=REDIS_URL, rescore="thread")
    monkeypatch.setattr(worker_changes, "RedisQueue", lambda url: queue)
    with worker_changes.rescoring(settings):
        acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()
    (raw,) = queue.redis.lrange(queue._key("queue"), 0, -1)
    job = json.loads(raw)
    assert job["name"] == "changes" and acme["id"] in next(iter(job["args"]["changed"].values()))
    _drain(queue, worker_run.handlers(settings), lambda: queue.stats()["queued"] == 0)
    assert queue.stats()["failed"] == 0
