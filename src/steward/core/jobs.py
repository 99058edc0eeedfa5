"""Background work of the embedded mode, started by `steward serve`: periodic jobs on one daemon thread,
and the thread that reacts to changed accounts."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from steward.core.changes import Changes, merge
from steward.core.db import unit_of_work
from steward.core.errors import DomainError

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


class ChangeWorker:
    """Runs `handle` on a daemon thread for changed accounts, `delay_seconds` after the first change of a
    burst, with every change of that burst merged: many edits in a row cost one rescoring."""

    def __init__(self, handle: Callable[[Changes], object], delay_seconds: float = 0.2) -> None:
        self.handle = handle
        self.delay_seconds = delay_seconds
        self.batches = 0
        self._pending: Changes = {}
        self._busy = False
        self._stopping = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="steward-changes", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, changes: Changes) -> None:
        with self._wake:
            merge(self._pending, changes)
            self._wake.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once nothing is pending or running (for tests and shutdown)."""
        with self._wake:
            return self._wake.wait_for(lambda: not self._pending and not self._busy, timeout)

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._pending or self._stopping)
                if self._stopping:
                    return
            time.sleep(self.delay_seconds)  # let the rest of a burst arrive
            with self._wake:
                batch, self._pending, self._busy = self._pending, {}, True
            try:
                self.handle(batch)
            except Exception:  # keep serving later changes
                log.exception("handling changed accounts failed")
            with self._wake:
                self._busy = False
                self.batches += 1
                self._wake.notify_all()


class OncePerDay:
    """The hourly scheduler ticks many times a day; a daily job runs on the first tick of each day."""

    def __init__(self) -> None:
        self._last: date | None = None

    def due(self, today: date) -> bool:
        return self._last != today

    def done(self, today: date) -> None:
        self._last = today


def each_workspace(workspace_ids: Iterable[int], work: Callable[[Session, int], int], what: str) -> int:
    """Run `work` for each workspace in its own transaction; one that fails is logged and the others go on.
    Returns the sum of what `work` returned."""
    total = 0
    for workspace_id in workspace_ids:
        try:
            with unit_of_work() as s:
                total += work(s, workspace_id)
        except DomainError as exc:
            log.warning("%s failed for workspace %s: %s", what, workspace_id, exc.msg)
    return total


def daily_for_workspaces(
    daily: OncePerDay,
    day: date,
    workspaces: Callable[[Session], list[int]],
    work: Callable[[Session, int], int],
    what: str,
) -> int:
    """On the first call of `day`: `work` for each workspace `workspaces` lists (see each_workspace)."""
    if not daily.due(day):
        return 0
    with unit_of_work() as s:
        ids = workspaces(s)
    total = each_workspace(ids, work, what)
    daily.done(day)
    return total
