"""Who reads survey comments stored unread (surveys.respond.READ_JOB): in `steward serve`, a thread of its own
woken by the commit that stored one; in production mode, the job queued for `steward worker` on each such
commit. With STEWARD_COMMENT_READING=inline, nobody: comments are read in the request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from steward.core import wakeups
from steward.core.jobs import OnDemand
from steward.core.queue import RedisQueue
from steward.domains.surveys import jobs as surveys_jobs
from steward.domains.surveys.respond import READ_JOB
from steward.settings import Settings

CATCH_UP_SECONDS = 60.0  # besides each wake-up (the scheduler's "survey-comments" job catches up too)


def runner() -> OnDemand:
    """The in-process reader: loads the encoder at start, then reads on each wake-up."""
    return OnDemand(
        READ_JOB, surveys_jobs.read_comments, every_seconds=CATCH_UP_SECONDS, warm_up=surveys_jobs.warm_up
    )


@contextmanager
def comment_reading(settings: Settings, queue: RedisQueue | None = None) -> Iterator[OnDemand | None]:
    """While open, committed survey comments are read in the background (see the module's docstring); in
    production mode the job goes on `queue` (by default the one at STEWARD_REDIS_URL)."""
    if settings.comment_reading == "inline":
        yield None
        return
    if settings.redis_url:
        queue = queue or RedisQueue(settings.redis_url)

        # With arguments: a wake-up queued while a run is under way is not skipped as a periodic job's is.
        def queue_reading() -> None:
            queue.enqueue(READ_JOB, {"limit": 256})

        unsubscribe = wakeups.subscribe(READ_JOB, queue_reading)
        try:
            yield None
        finally:
            unsubscribe()
        return
    reader = runner()
    reader.start()
    unsubscribe = wakeups.subscribe(READ_JOB, reader.wake)
    try:
        yield reader
    finally:
        unsubscribe()
        reader.stop()
