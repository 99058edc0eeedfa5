"""The job queue of production mode (STEWARD_REDIS_URL): named jobs with JSON arguments on Redis lists,
taken by `steward worker` processes. A worker moves a job onto its own processing list before running it,
so a job whose worker died goes back on the queue (when that worker starts again, or when another sees its
heartbeat gone); a job that fails is retried with the shared back-off, then kept on the failed list with its
error. Each lane (by default each job name) runs on its own thread, so a slow job holds up only its lane,
and a periodic job (one without arguments) already running on any worker is not started twice. Jobs are
idempotent, so a job run twice after a crash does no harm."""

from __future__ import annotations

import json
import logging
import math
import queue as local
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import redis

from steward.core.leader import RedisLock
from steward.core.retry import wait_after

log = logging.getLogger(__name__)
Handlers = Mapping[str, Callable[..., object]]
HEARTBEAT_SECONDS = 30.0  # a worker silent this long is dead: its taken jobs go back on the queue
RUNNING_TTL_SECONDS = 60.0  # a running periodic job's lock, renewed while it runs


class Unfinished(Exception):
    """Raised by a handler that did part of its job: the job is retried with `remaining` as its arguments."""

    def __init__(self, remaining: Mapping[str, Any], detail: str) -> None:
        super().__init__(detail)
        self.remaining = dict(remaining)


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
        job = {"id": uuid.uuid4().hex, "name": name, "args": dict(args or {}), "attempts": 0,
               "queued_at": time.time()}  # fmt: skip
        self.redis.lpush(self._key("queue"), json.dumps(job))
        return True

    def work(
        self,
        handlers: Handlers,
        worker: str,
        stop: threading.Event,
        block_seconds: int = 1,
        lanes: Mapping[str, str] | None = None,
    ) -> int:
        """Take jobs until `stop` is set and hand each to its lane's thread (`lanes` maps a job name to its
        lane; by default each name is its own). On stop, the jobs under way finish and those not started go
        back on the queue. Returns how many were taken. An unknown job name is failed."""
        self._beat(worker)
        self.recover(worker)
        self.recover_dead()
        threads: dict[str, _Lane] = {}
        taken, swept = 0, time.monotonic()
        while not stop.is_set():
            self._beat(worker)
            if time.monotonic() - swept > HEARTBEAT_SECONDS / 2:
                self.recover_dead()
                swept = time.monotonic()
            self.promote_delayed()
            raw = self.redis.blmove(
                self._key("queue"), self._key("processing", worker), block_seconds, "RIGHT", "LEFT"
            )
            if not isinstance(raw, str):
                continue
            taken += 1
            name = json.loads(raw)["name"]
            lane = (lanes or {}).get(name, name)
            if lane not in threads:
                threads[lane] = _Lane(self, handlers, worker, lane)
            threads[lane].jobs.put(raw)
        for thread in threads.values():
            thread.closing.set()
        for thread in threads.values():
            thread.join()
        self.recover(worker)
        self.redis.delete(self._key("alive", worker))
        return taken

    def run_one(self, handlers: Handlers, worker: str, raw: str) -> None:
        """Run one taken job (on its lane's thread) and take it off the worker's processing list."""
        job = json.loads(raw)
        try:
            handler = handlers.get(job["name"])
            if handler is None:
                self._fail(job, f"no job named {job['name']!r}")
                return
            if job["args"]:
                self._run(handler, job)
                return
            running = RedisLock(self.redis, self._key("running", job["name"]), RUNNING_TTL_SECONDS, worker)
            if not running.hold():
                log.info("job %s is running on another worker; this run is skipped", job["name"])
                return
            with _renewing(running):
                # Queued while the last run was under way: that run covered this tick (no burst after it).
                last = float(self.redis.get(self._key("finished", job["name"])) or 0)
                if job.get("queued_at", math.inf) < last:
                    log.info("job %s was queued while it ran; this run is skipped", job["name"])
                    return
                self._run(handler, job)
                self.redis.set(self._key("finished", job["name"]), time.time())
        finally:
            self.redis.lrem(self._key("processing", worker), 1, raw)

    def _run(self, handler: Callable[..., object], job: dict[str, Any]) -> None:
        try:
            handler(**job["args"])
        except Unfinished as exc:  # retried with what is left, not with what succeeded
            log.warning("job %s left work to retry: %s", job["name"], exc)
            job["args"] = exc.remaining
            self._retry(job, str(exc))
        except Exception as exc:  # a failing job is retried or kept; the worker goes on
            log.exception("job %s failed", job["name"])
            self._retry(job, f"{type(exc).__name__}: {exc}")

    def _beat(self, worker: str) -> None:
        self.redis.set(self._key("alive", worker), 1, px=int(HEARTBEAT_SECONDS * 1000))

    def recover_dead(self) -> int:
        """Put back the jobs of workers whose heartbeat stopped (they died and may never start again)."""
        moved = 0
        for key in self.redis.scan_iter(self._key("processing", "*")):
            worker = str(key).rsplit(":", 1)[-1]
            if not self.redis.exists(self._key("alive", worker)):
                moved += self.recover(worker)
        return moved

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
            job["queued_at"] = time.time() + wait  # a retry, not a tick that a later run covered
            self.redis.zadd(self._key("delayed"), {json.dumps(job): job["queued_at"]})

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


class _Lane(threading.Thread):
    """One lane of a worker: its jobs one after the other, in the order they were taken."""

    def __init__(self, owner: RedisQueue, handlers: Handlers, worker: str, name: str) -> None:
        super().__init__(name=f"steward-worker-{name}", daemon=True)
        self.owner, self.handlers, self.worker = owner, handlers, worker
        self.jobs: local.Queue[str] = local.Queue()
        self.closing = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.closing.is_set():
            try:
                raw = self.jobs.get(timeout=0.2)
            except local.Empty:
                continue
            try:
                self.owner.run_one(self.handlers, self.worker, raw)
            except Exception:  # Redis went away mid-job: the job stays taken and is recovered later
                log.exception("lane %s could not finish a job", self.name)


@contextmanager
def _renewing(lock: RedisLock) -> Iterator[None]:
    """Renew the lock every third of its time to live until the block ends, then release it."""
    done = threading.Event()

    def renew() -> None:
        while not done.wait(lock.ttl_ms / 3000):
            lock.hold()

    thread = threading.Thread(target=renew, name="steward-lock-renewal", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        lock.release()
