"""Background work shared by both modes: the scheduler (each lane of periodic jobs on its own thread, on the
wall clock, run only by the process that leads), the thread that reacts to changed accounts and retries what
failed, and the per-workspace loops that keep one workspace's failure from stopping the others."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from steward.core.changes import Changes, Staged, merge, run_stages
from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.core.retry import wait_after

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A named job run every `every_seconds`. Jobs of one `lane` run in order on one thread (later ones
    read what earlier ones wrote); each lane has its own thread, so a slow lane never delays another."""

    name: str
    every_seconds: float
    run: Callable[[], object]
    lane: str | None = None  # None: a lane of its own


class Leader(Protocol):
    def hold(self) -> bool:
        """Take the lead or keep it; True while this process leads."""

    def release(self) -> None: ...


class Scheduler:
    """Runs each job once at start and then at each multiple of its period on the wall clock (a run that
    overran skips the ticks it missed, never bursts to catch up). A job never runs twice at once: its lane is
    one thread. With a `leader`, jobs run only while this process leads, so several `steward serve`
    processes run each job once per tick. An exception is logged and the job runs again at its next tick."""

    def __init__(
        self,
        jobs: list[Periodic],
        leader: Leader | None = None,
        renew_seconds: float = 5.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.jobs, self.leader, self.renew_seconds, self.clock = jobs, leader, renew_seconds, clock
        self.runs: dict[str, int] = {job.name: 0 for job in jobs}
        self._stop = threading.Event()
        self._leading = leader is None
        lanes: dict[str, list[Periodic]] = {}
        for job in jobs:
            lanes.setdefault(job.lane or job.name, []).append(job)
        self._threads = [
            threading.Thread(target=self._lane, args=(lane,), name=f"steward-lane-{name}", daemon=True)
            for name, lane in lanes.items()
        ]
        if leader is not None:
            self._threads.append(threading.Thread(target=self._lead, name="steward-leader", daemon=True))

    @property
    def leading(self) -> bool:
        return self._leading

    def start(self) -> None:
        if self.leader is not None:
            self._leading = self._try_lead()  # before the lanes' first tick
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            if thread.is_alive():
                thread.join(max(0.0, deadline - time.monotonic()))
        if self.leader is not None and self._leading:
            self._leading = False
            self.leader.release()

    def _try_lead(self) -> bool:
        assert self.leader is not None
        try:
            return self.leader.hold()
        except Exception:  # the lock's store is down: nobody leads rather than everybody
            log.exception("the scheduler's leader lock could not be renewed")
            return False

    def _lead(self) -> None:
        while not self._stop.wait(self.renew_seconds):
            self._leading = self._try_lead()

    def _lane(self, jobs: list[Periodic]) -> None:
        due = dict.fromkeys((job.name for job in jobs), self.clock())
        while True:
            if self._stop.wait(max(0.0, min(due.values()) - self.clock())):
                return
            for job in jobs:
                if self.clock() < due[job.name] or self._stop.is_set():
                    continue
                if self._leading:
                    try:
                        job.run()
                    except Exception:  # a failing job must not end its lane
                        log.exception("scheduled job %s failed", job.name)
                    self.runs[job.name] += 1
                due[job.name] = (math.floor(self.clock() / job.every_seconds) + 1) * job.every_seconds


Stages = Callable[[Changes], object] | Sequence[Callable[[Changes], object]]


def _shared_backoff(attempts: int) -> float | None:
    wait = wait_after(attempts)
    return wait.total_seconds() if wait is not None else None


class ChangeWorker:
    """Runs `stages` (one callable, or several in order) on a daemon thread for changed accounts,
    `delay_seconds` after the first change of a burst, with every change of that burst merged: many edits in
    a row cost one pass. A workspace whose stage fails is retried from that stage (the ones before it are
    not repeated) after the shared back-off, and given up, logged, after the last attempt."""

    def __init__(
        self,
        stages: Stages,
        delay_seconds: float = 0.2,
        backoff: Callable[[int], float | None] = _shared_backoff,
    ) -> None:
        self.stages = list(stages) if isinstance(stages, Sequence) else [stages]
        self.delay_seconds, self.backoff = delay_seconds, backoff
        self.batches = 0
        self.given_up: list[Staged] = []
        self._pending: Changes = {}
        self._retries: list[tuple[float, int, Staged]] = []  # (due on the monotonic clock, attempts, work)
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
        """True once nothing is pending, running or waiting to be retried (for tests and shutdown)."""
        with self._wake:
            return self._wake.wait_for(lambda: not (self._pending or self._busy or self._retries), timeout)

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._thread.join(timeout)

    def _next(self) -> tuple[int, Staged] | None:
        """The due retry (attempts so far, work), else the pending changes as a fresh batch."""
        now = time.monotonic()
        for i, (when, attempts, work) in enumerate(self._retries):
            if when <= now:
                del self._retries[i]
                return attempts, work
        if self._pending:
            batch, self._pending = self._pending, {}
            return 0, {0: batch}
        return None

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._stopping and not self._pending and not self._retry_due():
                    soonest = min((when for when, _, _ in self._retries), default=None)
                    self._wake.wait(None if soonest is None else max(0.0, soonest - time.monotonic()))
                if self._stopping:
                    return
            time.sleep(self.delay_seconds)  # let the rest of a burst arrive
            with self._wake:
                taken = self._next()
                self._busy = taken is not None
            if taken is None:
                continue
            attempts, work = taken
            failed = run_stages(self.stages, work)
            with self._wake:
                if failed:
                    self._retry_later(failed, attempts + 1)
                self._busy = False
                self.batches += 1
                self._wake.notify_all()

    def _retry_due(self) -> bool:
        now = time.monotonic()
        return any(when <= now for when, _, _ in self._retries)

    def _retry_later(self, failed: Staged, attempts: int) -> None:
        wait = self.backoff(attempts)
        if wait is None:
            log.error("gave up on changed accounts after %s attempts: %s", attempts, failed)
            self.given_up = [*self.given_up[-99:], failed]  # the last ones, for tests and a look
        else:
            self._retries.append((time.monotonic() + wait, attempts, failed))


class OncePerDay:
    """The hourly scheduler ticks many times a day; a daily job runs on the first tick of each day."""

    def __init__(self) -> None:
        self._last: date | None = None

    def due(self, today: date) -> bool:
        return self._last != today

    def done(self, today: date) -> None:
        self._last = today


def each_workspace(workspace_ids: Iterable[int], work: Callable[[Session, int], int], what: str) -> int:
    """Run `work` for each workspace in its own transaction; one that fails, whatever the exception, is
    logged and the others go on. Returns the sum of what `work` returned."""
    total = 0
    for workspace_id in workspace_ids:
        try:
            with unit_of_work() as s:
                total += work(s, workspace_id)
        except DomainError as exc:
            log.warning("%s failed for workspace %s: %s", what, workspace_id, exc.msg)
        except Exception:  # a bug or a database error in one workspace must not starve the others
            log.exception("%s failed for workspace %s", what, workspace_id)
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


class OnDemand:
    """Runs `run` on a daemon thread as soon as `wake()` is called, and every `every_seconds` besides (to
    catch up on work a crash or a missed wake-up left). Wake-ups that arrive during a run make one more run,
    never a queue of them. `warm_up` runs first on the same thread (say, loading a model), so the first
    wake-up does not pay for it. An exception is logged and the next wake-up or tick tries again."""

    def __init__(
        self,
        name: str,
        run: Callable[[], object],
        every_seconds: float = 10.0,
        warm_up: Callable[[], object] | None = None,
    ) -> None:
        self.name, self.run, self.every_seconds, self.warm_up = name, run, every_seconds, warm_up
        self.runs = 0
        self.finished_at: float | None = None  # time.monotonic() at the end of the last run
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"steward-{name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        if self.warm_up is not None:
            try:
                self.warm_up()
            except Exception:
                log.exception("warming up job %s failed", self.name)
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.run()
            except Exception:  # a failing run must not end the thread
                log.exception("job %s failed", self.name)
            self.runs += 1
            self.finished_at = time.monotonic()
            self._wake.wait(self.every_seconds)
