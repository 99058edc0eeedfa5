"""Periodic jobs on one daemon thread: the scheduler of the embedded mode, started by `steward serve`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    every_seconds: float
    run: Callable[[], object]


class Scheduler:
    """Runs each job once at start and then every `every_seconds`; an exception is logged and the job
    tries again at its next turn. `stop()` ends the thread between jobs."""

    def __init__(self, jobs: list[Periodic]) -> None:
        self.jobs = jobs
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="steward-scheduler", daemon=True)
        self.runs: dict[str, int] = {job.name: 0 for job in jobs}

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        due = dict.fromkeys(self.runs, 0.0)
        clock = 0.0
        tick = min((job.every_seconds for job in self.jobs), default=60.0)
        while not self._stop.is_set():
            for job in self.jobs:
                if clock >= due[job.name]:
                    try:
                        job.run()
                    except Exception:  # a failing job must not kill the thread the others share
                        log.exception("scheduled job %s failed", job.name)
                    self.runs[job.name] += 1
                    due[job.name] = clock + job.every_seconds
            if self._stop.wait(tick):
                return
            clock += tick
