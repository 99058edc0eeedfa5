"""Which of several `steward serve` processes leads the scheduler: a lock with a time to live that the leader
renews, on Redis (SET NX PX) when there is one, else a lease row in the database (a conditional UPDATE, on
SQLite and PostgreSQL alike). A leader that dies stops renewing, and another takes over once it expires."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

import redis
from sqlalchemy import String, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.clock import now_utc
from steward.core.db import Base, UTCDateTime, unit_of_work

TTL_SECONDS = 15.0  # renewed every few seconds; a dead leader is replaced within this time


def holder_name() -> str:
    """Unique per process and readable: host, pid and a random part."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


# Take the key if it is free, keep it (renewing its time to live) if it is ours; 1 when we hold it after.
_TAKE_OR_RENEW = """
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not held then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
"""
_GIVE_UP = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


class RedisLock:
    """A lock on Redis that expires unless its holder renews it: the scheduler's leadership, or a periodic
    job running on some worker."""

    def __init__(
        self, client: redis.Redis, key: str, ttl_seconds: float = TTL_SECONDS, holder: str | None = None
    ):
        self.redis, self.key, self.ttl_ms = client, key, int(ttl_seconds * 1000)
        self.holder = holder or holder_name()

    def hold(self) -> bool:
        """Take the lock or keep it; True while this holder has it."""
        return bool(self.redis.eval(_TAKE_OR_RENEW, 1, self.key, self.holder, self.ttl_ms))

    def release(self) -> None:
        self.redis.eval(_GIVE_UP, 1, self.key, self.holder)


def redis_leader(url: str, prefix: str = "steward") -> RedisLock:
    return RedisLock(redis.Redis.from_url(url, decode_responses=True), f"{prefix}:scheduler:leader")


class SchedulerLease(Base):
    """Who leads a named scheduler and until when (the database's leader lock, without Redis)."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    until: Mapped[datetime] = mapped_column(UTCDateTime())


class DatabaseLeader:
    def __init__(self, name: str = "scheduler", ttl_seconds: float = TTL_SECONDS):
        self.name, self.ttl, self.holder = name, timedelta(seconds=ttl_seconds), holder_name()

    def hold(self) -> bool:
        now = now_utc()
        with unit_of_work() as s:
            taken = s.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == self.name)
                .where(or_(SchedulerLease.holder == self.holder, SchedulerLease.until < now))
                .values(holder=self.holder, until=now + self.ttl)
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount:  # type: ignore[attr-defined]
                return True
        try:
            with unit_of_work() as s:
                s.add(SchedulerLease(name=self.name, holder=self.holder, until=now + self.ttl))
            return True
        except IntegrityError:  # the row exists and someone else holds it
            return False

    def release(self) -> None:
        with unit_of_work() as s:
            s.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == self.name, SchedulerLease.holder == self.holder)
                .values(until=now_utc() - timedelta(seconds=1))
                .execution_options(synchronize_session=False)
            )
