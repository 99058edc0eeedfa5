"""Storing what the intake accepted: identify calls upsert contacts and group calls accounts (so the
events of the same batch are attributed), every message lands in the append-only event store once per
messageId, and rejected messages go to the quarantine with their reasons; nothing is dropped."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import DomainError, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.contacts import service as contacts_service
from steward.domains.contacts.schemas import ContactCreate
from steward.domains.events import messages, queries, tallies, usage
from steward.domains.events.models import EventRejection
from steward.domains.events.rollups import COUNTED
from steward.domains.events.schemas import (
    AccountUsage,
    EventCount,
    EventStats,
    Message,
    RecentEvent,
    Rejected,
    RejectionPage,
    RejectionRead,
    ReplayResult,
)

CONTACT_TRAITS = ("email", "name", "title")
KEYS_PER_STATEMENT = 1_000  # three parameters each, well inside SQLite's limit of 32,766


def append(
    *,
    session: Session,
    workspace_id: int,
    messages: Sequence[Message],
    rejected: Sequence[Rejected],
    received_at: datetime | None = None,
) -> tuple[list[Message], list[Rejected]]:
    """Store a batch; returns what was accepted and everything rejected (the intake's and this step's)."""
    received_at = received_at or now_utc()
    refused = list(rejected)
    kept = _store(session, workspace_id, messages, refused, received_at)
    if refused:
        session.execute(
            insert(EventRejection),
            [
                {
                    "workspace_id": workspace_id,
                    "message_id": r.message_id,
                    "position": r.position,
                    "errors": r.errors,
                    "payload": r.payload,
                    "received_at": received_at,
                }
                for r in refused
            ],
        )
    return kept, sorted(refused, key=lambda r: r.position)


def _store(
    session: Session,
    workspace_id: int,
    messages: Sequence[Message],
    refused: list[Rejected],
    received_at: datetime,
) -> list[Message]:
    """People first (so events of the same batch are attributed), then the events; returns what was kept,
    and adds what was refused to `refused`."""
    kept = _after_horizon(session, workspace_id, _people(session, workspace_id, messages, refused), refused)
    days = [m.timestamp.astimezone(UTC).date() for m in kept]
    _write_events(session, _rows(session, workspace_id, kept, received_at), days)
    return kept


def _people(
    session: Session, workspace_id: int, messages: Sequence[Message], refused: list[Rejected]
) -> list[Message]:
    """identify upserts the contact (userId is its external_id) with its known traits; group upserts the
    account (groupId is its external_id) and puts the user on it. A call the contact or account rules
    refuse is rejected with their reasons."""
    kept = []
    for m in messages:
        try:
            _upsert_people(session, workspace_id, m)
        except ValidationError as exc:
            where = "traits." if m.type in ("identify", "group") else ""
            refused.append(
                _refuse(m, [f"{where}{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()])
            )
            continue
        except DomainError as exc:
            refused.append(_refuse(m, [item.msg for item in exc.details()]))
            continue
        kept.append(m)
    return kept


def _after_horizon(
    session: Session, workspace_id: int, messages: list[Message], refused: list[Rejected]
) -> list[Message]:
    """Events dated before the pruning horizon are refused: those days live in the Parquet archive now,
    and the rollups no longer rebuild them from the raw log."""
    horizon = queries.pruned_before(session, workspace_id)
    if horizon is None:
        return messages
    kept = []
    why = (
        f"falls before {horizon.isoformat()}: the raw events of those days were archived and pruned, "
        "so late events for them are not counted"
    )
    for m in messages:
        if m.type in COUNTED and m.timestamp.astimezone(UTC).date() < horizon:
            refused.append(_refuse(m, [f"timestamp {m.timestamp.isoformat()} {why}"]))
        else:
            kept.append(m)
    return kept


def _upsert_people(session: Session, workspace_id: int, m: Message) -> None:
    """One attempt more when another batch created the same contact or account at the same moment (the
    unique key refuses the second insert; the retry finds the row and updates it)."""
    for attempt in (1, 2):
        try:
            if m.type == "identify" and m.user_id:
                _identify(session, workspace_id, m)
            elif m.type == "group" and m.group_id:
                _group(session, workspace_id, m)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def _identify(session: Session, workspace_id: int, m: Message) -> None:
    traits = {k: m.properties[k] for k in CONTACT_TRAITS if m.properties.get(k) not in (None, "")}
    if "name" not in traits and (m.properties.get("firstName") or m.properties.get("lastName")):
        traits["name"] = " ".join(str(m.properties.get(k) or "") for k in ("firstName", "lastName")).strip()
    data = ContactCreate(external_id=m.user_id or "", **{f"{k}": v for k, v in traits.items()})
    with session.begin_nested():
        contacts_service.bulk_upsert(
            session=session, workspace_id=workspace_id, items=[data], loc=("traits",)
        )


def _group(session: Session, workspace_id: int, m: Message) -> None:
    group = m.group_id or ""
    known = accounts_service.ids_by_external_id(
        session=session, workspace_id=workspace_id, external_ids=[group]
    )
    name = m.properties.get("name")
    with session.begin_nested():
        if group not in known or name:
            account = AccountCreate(external_id=group, name=str(name or group))
            accounts_service.bulk_upsert(
                session=session, workspace_id=workspace_id, items=[account], loc=("traits",)
            )
        if m.user_id:
            person = ContactCreate(external_id=m.user_id, account_external_id=group)
            contacts_service.bulk_upsert(
                session=session, workspace_id=workspace_id, items=[person], loc=("userId",)
            )


COLUMNS = (
    "workspace_id",
    "message_id",
    "type",
    "event",
    "user_id",
    "anonymous_id",
    "group_id",
    "account_id",
    "timestamp",
    "received_at",
    "properties",
)


def _rows(
    session: Session, workspace_id: int, messages: Sequence[Message], received_at: datetime
) -> list[tuple[Any, ...]]:
    """Event rows, attributed: context.groupId names the account, else the account the user belongs to."""
    groups = {m.group_id for m in messages if m.group_id}
    accounts = accounts_service.ids_by_external_id(
        session=session, workspace_id=workspace_id, external_ids=list(groups)
    )
    orphans = {m.user_id for m in messages if not m.group_id and m.user_id}
    homes = contacts_service.accounts_by_external_id(
        session=session, workspace_id=workspace_id, external_ids=orphans
    )
    stamp = _stamp(session)
    got = stamp(received_at)
    return [
        (
            workspace_id,
            m.message_id,
            m.type,
            m.event,
            m.user_id,
            m.anonymous_id,
            m.group_id,
            accounts.get(m.group_id) if m.group_id else homes.get(m.user_id or ""),
            stamp(m.timestamp),
            got,
            orjson.dumps(m.properties).decode(),
        )
        for m in messages
    ]


def _write_events(session: Session, rows: list[tuple[Any, ...]], days: list[date]) -> None:
    """The hot path, at driver level (ORM and Core per-row processing cost more than the insert itself).
    Each message first claims its key; one whose key is taken (a retry, or a repeat within the batch) is
    skipped, so a retried batch is stored once."""
    if not rows:
        return
    fresh = _claim_keys(session, rows[0][0], [(row[1], day) for row, day in zip(rows, days, strict=True)])
    taken = []
    for row in rows:
        if row[1] in fresh:
            fresh.discard(row[1])
            taken.append(row)
    if not taken:
        return
    names = ", ".join(COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS)) if _postgres(session) else ", ".join("?" * len(COLUMNS))
    session.connection().exec_driver_sql(f"INSERT INTO events ({names}) VALUES ({marks})", taken)
    accounts = (row[7] for row in taken if row[7] is not None)
    tallies.add(session, rows[0][0], len(taken), accounts, (row[4] for row in taken if row[4] is not None))


def _claim_keys(session: Session, workspace_id: int, keys: list[tuple[str, date]]) -> set[str]:
    """Insert the keys not taken yet, in one statement per chunk; returns the message ids that were new."""
    connection = session.connection()
    if _postgres(session):
        sql = (
            "INSERT INTO event_keys (workspace_id, message_id, day) "
            "SELECT %s, k, d FROM unnest(%s::varchar[], %s::date[]) AS t(k, d) "
            "ON CONFLICT DO NOTHING RETURNING message_id"
        )
        ids, days = [k for k, _ in keys], [d for _, d in keys]
        return {str(r[0]) for r in connection.exec_driver_sql(sql, (workspace_id, ids, days))}
    fresh: set[str] = set()
    for start in range(0, len(keys), KEYS_PER_STATEMENT):
        chunk = keys[start : start + KEYS_PER_STATEMENT]
        values = ", ".join(["(?, ?, ?)"] * len(chunk))
        sql = (
            f"INSERT OR IGNORE INTO event_keys (workspace_id, message_id, day) VALUES {values} "
            "RETURNING message_id"
        )
        params = tuple(p for k, d in chunk for p in (workspace_id, k, d.isoformat()))
        fresh.update(str(r[0]) for r in connection.exec_driver_sql(sql, params))
    return fresh


def _postgres(session: Session) -> bool:
    return bool(session.get_bind().dialect.name == "postgresql")


def _stamp(session: Session) -> Any:
    """How this database takes a UTC timestamp at driver level: SQLite as the text SQLAlchemy writes."""
    if session.get_bind().dialect.name == "postgresql":
        return lambda t: t
    return lambda t: t.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _refuse(m: Message, errors: list[str]) -> Rejected:
    payload = orjson.dumps(
        {
            "type": m.type,
            "messageId": m.message_id,
            "userId": m.user_id,
            "groupId": m.group_id,
            "traits": m.properties,
        },
        default=str,
    ).decode()
    return Rejected(position=m.position, message_id=m.message_id, errors=errors, payload=payload)


def stats(*, session: Session, workspace_id: int) -> EventStats:
    events, accounts, users = tallies.read(session, workspace_id)
    return EventStats(
        events=events,
        rejected=queries.open_rejections(session, workspace_id),
        accounts=accounts,
        contacts=users,
    )


def rejections(*, session: Session, workspace_id: int, limit: int = 50, offset: int = 0) -> RejectionPage:
    total, rows = queries.rejections(session, workspace_id, limit, offset)
    return RejectionPage(
        total=total, items=[RejectionRead.model_validate(r, from_attributes=True) for r in rows]
    )


def rejection(*, session: Session, workspace_id: int, rejection_id: int) -> EventRejection:
    row = queries.rejection(session, workspace_id, rejection_id)
    if row is None:
        raise NotFound("rejected message", rejection_id)
    return row


def mark_replayed(*, session: Session, rows: Sequence[EventRejection]) -> None:
    now = now_utc()
    for row in rows:
        row.replayed_at = now
    session.flush()


def replay(*, session: Session, workspace_id: int, ids: Sequence[int] | None = None) -> ReplayResult:
    """Check quarantined messages again (after a fix on the sending side or in Steward) and store the ones
    that now pass; the others stay in quarantine with their new reasons."""
    rows = queries.open_rejection_rows(session, workspace_id, ids)
    received_at = now_utc()
    good, still = [], 0
    for row in rows:
        try:
            raw = orjson.loads(row.payload)
        except orjson.JSONDecodeError:
            raw = row.payload
        checked = messages.check(raw, row.position, received_at)
        if isinstance(checked, Message):
            good.append((row, checked))
        else:
            row.errors, still = checked.errors, still + 1
    refused: list[Rejected] = []
    kept = _store(session, workspace_id, [m for _, m in good], refused, received_at)
    stored = {m.message_id for m in kept}
    mark_replayed(session=session, rows=[row for row, m in good if m.message_id in stored])
    for row, m in good:
        if m.message_id not in stored:
            row.errors = next((r.errors for r in refused if r.message_id == m.message_id), row.errors)
            still += 1
    session.flush()
    return ReplayResult(replayed=len(stored), still_rejected=still)


def adoption(
    *,
    session: Session,
    workspace_id: int,
    account_ids: Collection[int] | None = None,
    as_of: date | None = None,
) -> dict[int, usage.Adoption]:
    """Each account's usage as rules and journeys read it (see usage.adoption)."""
    return usage.adoption(session=session, workspace_id=workspace_id, account_ids=account_ids, as_of=as_of)


def account_usage(*, session: Session, workspace_id: int, account_id: int) -> AccountUsage:
    return usage.account_usage(session=session, workspace_id=workspace_id, account_id=account_id)


def recent(*, session: Session, workspace_id: int, limit: int = 50) -> list[RecentEvent]:
    """The newest events as they arrived, for watching a source live."""
    return [
        RecentEvent.model_validate(e, from_attributes=True)
        for e in queries.recent(session, workspace_id, limit)
    ]


def event_counts(*, session: Session, workspace_id: int, days: int = 7) -> list[EventCount]:
    """Each event's count and accounts over the last `days` days (from the rollups)."""
    since = now_utc().date() - timedelta(days=days - 1)
    return [
        EventCount(event=e, count=n, accounts=a)
        for e, n, a in queries.event_counts(session, workspace_id, since)
    ]


def account_days(
    *, session: Session, workspace_id: int, since: date, account_ids: Collection[int] | None = None
) -> list[tuple[int, date, int, int, int]]:
    """(account, day, events, key events, active users) per account-day with usage since `since`: the
    daily usage history the churn model reads."""
    keys = usage.key_events(session=session, workspace_id=workspace_id)
    return queries.account_days(session, workspace_id, since, keys, account_ids)
