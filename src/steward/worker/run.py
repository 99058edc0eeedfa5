"""Starting the background work: the scheduler of `steward serve` (the jobs themselves in embedded mode,
their queuing on Redis in production mode), led by one process at a time, and the loop of `steward worker`."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable

from steward.core.jobs import Leader, Periodic, Scheduler
from steward.core.leader import DatabaseLeader, redis_leader
from steward.core.queue import RedisQueue
from steward.settings import Settings
from steward.worker import changes, table


def default_jobs(settings: Settings) -> list[Periodic]:
    """What the scheduler of `steward serve` runs: the jobs themselves, or in production mode the queuing
    of each (once per period across every serve process)."""
    jobs = table.periodic(settings)
    if not settings.redis_url:
        return jobs
    queue = RedisQueue(settings.redis_url)
    return [Periodic(j.name, j.every_seconds, _queuing(queue, j.name, j.every_seconds), j.lane) for j in jobs]


def _queuing(queue: RedisQueue, name: str, every: float) -> Callable[[], object]:
    def run() -> bool:
        return queue.enqueue(name, once_per_seconds=every * 0.9)

    return run


def leader(settings: Settings) -> Leader:
    """The lock that lets one `steward serve` of several run the scheduler: on Redis, else in the database."""
    return redis_leader(settings.redis_url) if settings.redis_url else DatabaseLeader()


def scheduler(settings: Settings) -> Scheduler:
    return Scheduler(default_jobs(settings), leader=leader(settings))


def handlers(settings: Settings) -> dict[str, Callable[..., object]]:
    """What `steward worker` runs, by job name."""
    by_name: dict[str, Callable[..., object]] = {job.name: job.run for job in table.periodic(settings)}
    by_name["changes"] = changes.run_queued
    return by_name


def run_worker(settings: Settings, stop: threading.Event, name: str | None = None) -> int:
    """The loop of `steward worker`: take jobs from Redis until `stop`; returns how many were taken."""
    if not settings.redis_url:
        raise ValueError(
            "steward worker needs STEWARD_REDIS_URL (without it, steward serve runs the jobs itself)"
        )
    queue = RedisQueue(settings.redis_url)
    worker = name or f"{socket.gethostname()}-{os.getpid()}"
    return queue.work(handlers(settings), worker, stop, lanes=table.lanes(settings))
