"""Production mode on the real Redis: an answered comment queues the job "survey-comments" as its answer
commits, and `steward worker`'s handler reads it and opens the CTA its reading calls for."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from steward.core.queue import RedisQueue
from steward.settings import Settings
from steward.worker import reading
from steward.worker import run as worker_run
from tests.domains.surveys.test_comment_queue import _answer, _setup
from tests.factories import ApiClient

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def queue() -> Iterator[RedisQueue]:
    q = RedisQueue(REDIS_URL, prefix=f"steward-test-{uuid.uuid4().hex[:8]}", backoff=lambda n: 0.05)
    yield q
    q.clear()


def test_an_answer_queues_the_job_and_a_worker_reads_it(
    app_client: TestClient, api: ApiClient, queue: RedisQueue
) -> None:
    account, survey = _setup(api)
    settings = Settings(redis_url=REDIS_URL, comment_reading="queue")
    with reading.comment_reading(settings, queue):
        _answer(app_client, survey, 2, "The export has been broken for weeks and support never answers.")
    assert queue.stats()["queued"] == 1
    [row] = api.get("/survey-responses", params={"survey_id": survey["id"]}).json()
    assert row["sentiment"] is None

    stop = threading.Event()
    thread = threading.Thread(target=queue.work, args=(worker_run.handlers(settings), "w1", stop))
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while row["sentiment"] is None and time.monotonic() < deadline:
            time.sleep(0.1)
            [row] = api.get("/survey-responses", params={"survey_id": survey["id"]}).json()
    finally:
        stop.set()
        thread.join(10)
    assert row["sentiment"] == "negative" and "Support" in row["themes"]
    ctas = api.get("/ctas", params={"account_id": account}).json()["items"]
    assert [c["type"] for c in ctas] == ["risk"] and "Detractor" in ctas[0]["title"]
    assert queue.stats() == {"queued": 0, "delayed": 0, "failed": 0}
