"""The job queue of production mode (STEWARD_REDIS_URL): named jobs with JSON arguments on Redis lists,
taken by `steward worker` processes. A worker moves a job onto its own processing list before running it,
so a worker killed mid-job leaves the job there and puts it back when it starts again; a job that fails is
retried with the shared back-off, then kept on the failed list with its error. Jobs are idempotent, so a
job run twice after a crash does no harm."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import redis

from steward.core.retry import wait_after

log = logging.getLogger(__name__)
Handlers = Mapping[str, Callable[..., object]]


class RedisQueue:
    def __init__(
        self, url: str, prefix: str = "steward", backoff: Callable[[int], float | None] | None = None
    ):
        self.redis: redis.Redis = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self.backoff = backoff or (lambda n: w.total_seconds() if (w := wait_after(n)) else None)

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, "jobs", *parts))

    def enqueue(
        self, name: str, args: Mapping[str, Any] | None = None, once_per_seconds: float | None = None
    ) -> bool:
        """Queue a job; with `once_per_seconds`, a job of this name queued that recently (by any process)
        is not queued again. Returns whether it was queued."""
        if once_per_seconds and not self.redis.set(
            self._key("once", name), 1, nx=True, px=int(once_per_seconds * 1000)
        ):
            return False
        job = {"id": uuid.uuid4().hex, "name": name, "args": dict(args or {}), "attempts": 0}
        self.redis.lpush(self._key("queue"), json.dumps(job))
        return True

    def work(self, handlers: Handlers, worker: str, stop: threading.Event, block_seconds: int = 1) -> int:
        """Run jobs until `stop` is set; returns how many were taken. An unknown job name is failed."""
        processing = self._key("processing", worker)
        self.recover(worker)
        taken = 0
        while not stop.is_set():
            self.promote_delayed()
            raw = self.redis.blmove(self._key("queue"), processing, block_seconds, "RIGHT", "LEFT")
            if not isinstance(raw, str):
                continue
            taken += 1
            job = json.loads(raw)
            try:
                handler = handlers[job["name"]]
            except KeyError:
                self._fail(job, f"no job named {job['name']!r}")
            else:
                try:
                    handler(**job["args"])
                except Exception as exc:  # a failing job is retried or kept; the worker goes on
                    log.exception("job %s failed", job["name"])
                    self._retry(job, f"{type(exc).__name__}: {exc}")
            self.redis.lrem(processing, 1, raw)
        return taken

    def recover(self, worker: str) -> int:
        """Put back what this worker had taken when it last died."""
        moved = 0
        while (
            self.redis.lmove(self._key("processing", worker), self._key("queue"), "RIGHT", "RIGHT")
            is not None
        ):
            moved += 1
        if moved:
            log.warning("worker %s put back %s unfinished jobs", worker, moved)
        return moved

    def promote_delayed(self) -> None:
        """Jobs whose retry time has come go back on the queue (one process wins each)."""
        for raw in self.redis.zrangebyscore(self._key("delayed"), 0, time.time()):
            if isinstance(raw, str) and self.redis.zrem(self._key("delayed"), raw):
                self.redis.lpush(self._key("queue"), raw)

    def _retry(self, job: dict[str, Any], error: str) -> None:
        job["attempts"] += 1
        job["error"] = error[:1000]
        wait = self.backoff(job["attempts"])
        if wait is None:
            self._fail(job, error)
        else:
            self.redis.zadd(self._key("delayed"), {json.dumps(job): time.time() + wait})

    def _fail(self, job: dict[str, Any], error: str) -> None:
        job["error"] = error[:1000]
        self.redis.lpush(self._key("failed"), json.dumps(job))

    def stats(self) -> dict[str, int]:
        return {
            "queued": int(self.redis.llen(self._key("queue"))),
            "delayed": int(self.redis.zcard(self._key("delayed"))),
            "failed": int(self.redis.llen(self._key("failed"))),
        }

    def failed(self, limit: int = 50) -> list[dict[str, Any]]:
        return [json.loads(raw) for raw in self.redis.lrange(self._key("failed"), 0, limit - 1)]

    def clear(self) -> None:
        """Drop every key of this prefix's queue (tests)."""
        for key in self.redis.scan_iter(f"{self.prefix}:jobs:*"):
            self.redis.delete(key)
