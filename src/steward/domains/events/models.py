"""Tables: raw product events with their running tallies, rejected messages kept with their reasons, and the
daily usage rollups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.db import Base, UTCDateTime


class Event(Base):
    """A track or page call, stored once per (workspace, message_id) through `EventKey`. On PostgreSQL the
    table is partitioned by month of `timestamp` (see `partitions.py`), with primary key (id, timestamp)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_ws_id", "workspace_id", "id"),
        Index("ix_events_ws_account_ts", "workspace_id", "account_id", "timestamp"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(10))  # track | page
    event: Mapped[str] = mapped_column(String(200))  # the track event, or the page name
    user_id: Mapped[str | None] = mapped_column(String(200))
    anonymous_id: Mapped[str | None] = mapped_column(String(200))
    group_id: Mapped[str | None] = mapped_column(String(200))  # as sent (or the user's last group)
    account_id: Mapped[int | None] = mapped_column(Integer)  # resolved from group_id when known
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    properties: Mapped[dict[str, Any]] = mapped_column(JSON)


class EventKey(Base):
    """The message ids taken in: a retried message finds its key and is skipped. A table of its own
    because a unique index on a partitioned table must hold the partition key, and a retry may carry
    another timestamp (one the server filled in)."""

    __tablename__ = "event_keys"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # the event's UTC day: keys go when its raw events are pruned


class EventRejection(Base):
    """A message that could not be stored, kept whole with the reasons, until it is replayed or dropped."""

    __tablename__ = "event_rejections"
    __table_args__ = (Index("ix_event_rejections_ws_id", "workspace_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    message_id: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)  # index in its batch
    errors: Mapped[list[str]] = mapped_column(JSON)
    payload: Mapped[str] = mapped_column(Text)  # the message as received (JSON text, cut at 64 KB)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    replayed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class UsageDaily(Base):
    """Per account, day and event: how often, by how many users. Rebuilt bucket by bucket (a day of a
    workspace at a time), so a rerun gives the same numbers."""

    __tablename__ = "usage_daily"
    __table_args__ = (
        UniqueConstraint("workspace_id", "day", "account_id", "event"),
        # First use of the key events reads their rows alone (the unique key leads with the day).
        Index("ix_usage_daily_ws_event_account_day", "workspace_id", "event", "account_id", "day"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    account_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)
    users: Mapped[int] = mapped_column(Integer)


class ActiveUserDay(Base):
    """Who was active at an account on a day: DAU, WAU and MAU count distinct users over these rows."""

    __tablename__ = "usage_active_users"
    __table_args__ = (
        UniqueConstraint("workspace_id", "day", "account_id", "user_key"),
        Index("ix_usage_active_users_ws_account_day", "workspace_id", "account_id", "day"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    account_id: Mapped[int] = mapped_column(Integer)
    user_key: Mapped[str] = mapped_column(String(210))  # "u:<userId>" or "a:<anonymousId>"


class UsageAccountDaily(Base):
    """Per account and day: its events of every kind, rebuilt with that day's other rollups; the 30-day
    totals of every account read these rows (about a sixth of the per-event rows)."""

    __tablename__ = "usage_account_daily"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    events: Mapped[int] = mapped_column(BigInteger)


class UsageWorkspaceDaily(Base):
    """Per workspace and day: events, and people active (one active at two accounts counts once), rebuilt
    with that day's other rollups; the workspace's daily series reads these rows."""

    __tablename__ = "usage_workspace_daily"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    events: Mapped[int] = mapped_column(BigInteger)
    active_users: Mapped[int] = mapped_column(Integer)


class UsageFirstDay(Base):
    """The first day each account used each event, kept by the rollups: a rebuilt day only gains events
    (pruned days are never rebuilt), so the first day only moves earlier. First use of the key events
    reads these rows instead of the whole history."""

    __tablename__ = "usage_first_days"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event: Mapped[str] = mapped_column(String(200), primary_key=True)
    day: Mapped[date] = mapped_column(Date)


class UsageLastDay(Base):
    """The last day each account used each event, kept by the rollups (it only moves later): how many
    accounts used an event since a day counts these rows."""

    __tablename__ = "usage_last_days"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event: Mapped[str] = mapped_column(String(200), primary_key=True)
    day: Mapped[date] = mapped_column(Date)


class UsageEventDaily(Base):
    """Per event and day: how often it happened across the workspace, rebuilt with the day's other
    rollups."""

    __tablename__ = "usage_event_daily"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    event: Mapped[str] = mapped_column(String(200), primary_key=True)
    events: Mapped[int] = mapped_column(BigInteger)


class UsagePersonLastDay(Base):
    """The last day each person was active at each account, kept by the rollups (it only moves later):
    active people over a window that reaches the newest rolled-up day count these rows."""

    __tablename__ = "usage_people_last_days"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(210), primary_key=True)
    day: Mapped[date] = mapped_column(Date)


class EventTally(Base):
    """How many raw events a workspace holds, kept by the writes that add or prune them (the Sources page
    and `events stats` read these rows instead of counting the log). Split over a few shards so that
    concurrent batches add to different rows; the total is their sum."""

    __tablename__ = "event_tallies"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    shard: Mapped[int] = mapped_column(Integer, primary_key=True)
    events: Mapped[int] = mapped_column(BigInteger, default=0)


class EventSender(Base):
    """Each account (kind 'a', its id) and identified user (kind 'u', the userId) that the raw events of
    a workspace name, once: their counts are the distinct counts over the log."""

    __tablename__ = "event_senders"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)


class RollupMark(Base):
    """How far each workspace's rollups have read the event log (the last event id taken in)."""

    __tablename__ = "usage_rollup_marks"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    last_event_id: Mapped[int] = mapped_column(BigInteger, default=0)
    # Raw events of earlier days were pruned after compaction: such days are no longer rebuilt from the
    # raw log, and intake refuses new events dated before it.
    pruned_before: Mapped[date | None] = mapped_column(Date)
