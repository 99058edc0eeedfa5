"""Records every write a person or API key makes to an audited table, from the ORM's flush, so no route or
service can forget to: inserts with their values, updates with each changed field before and after, deletes
with what was deleted; secrets masked. Refuses any edit or delete of an audit record."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.session import ORMExecuteState

from steward.core.audit import Audited, is_secret
from steward.core.errors import Forbidden
from steward.domains.audit.models import AuditRecord
from steward.domains.audit.schemas import Actor

ACTOR_KEY = "steward.audit.actor"
PURGE_OPTION = "steward_audit_purge"  # the retention purge is the only delete of audit records
MASK = "********"
MAX_TEXT = 1000  # a long text is logged cut, so one definition cannot swell the log


def act_as(session: Session, actor: Actor) -> None:
    """Every write flushed by this session from now on is recorded as this actor's."""
    session.info[ACTOR_KEY] = actor


def actor_of(session: Session) -> Actor | None:
    actor = session.info.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else None


def record(
    *,
    session: Session,
    actor: Actor,
    workspace_id: int,
    action: str,
    object_type: str,
    object_id: int | None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> None:
    """An event no table write shows (a sign-in, an export)."""
    session.add(AuditRecord(**_row(actor, workspace_id, action, object_type, object_id, changes or {}, note)))
    session.flush()


def _row(
    actor: Actor,
    workspace_id: int,
    action: str,
    object_type: str,
    object_id: int | None,
    changes: dict[str, Any],
    note: str = "",
) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "actor_type": actor.type.value,
        "actor_id": actor.id,
        "actor_name": actor.name[:320],
        "action": action[:60],
        "object_type": object_type[:40],
        "object_id": object_id,
        "client_ip": actor.client_ip[:64],
        "changes": changes,
        "note": note[:200],
    }


def plain(field: str, value: Any) -> Any:
    """A value as JSON can hold it, secrets masked at any depth."""
    if value is None:
        return None
    if is_secret(field):
        return MASK
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return plain(field, value.value)
    if isinstance(value, dict):
        return {str(k): plain(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(field, v) for v in value]
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def _columns(obj: Audited) -> list[str]:
    return [c.key for c in inspect(type(obj)).column_attrs]


def _workspace_of(obj: Audited) -> int | None:
    value = inspect(obj).dict.get(obj.__audit_workspace__)
    return value if isinstance(value, int) else None


def _object_id(obj: Audited) -> int | None:
    state = inspect(obj)  # new rows have their id in the dict but no identity key yet, mid-flush
    value = state.dict.get(state.mapper.primary_key[0].key)
    return value if isinstance(value, int) else None


def _snapshot(obj: Audited, side: str) -> dict[str, Any]:
    loaded = inspect(obj).dict  # only loaded values: reading an expired one here would query mid-flush
    return {
        key: {side: plain(key, loaded[key])}
        for key in _columns(obj)
        if key in loaded and key not in obj.__audit_ignore__ and loaded[key] is not None
    }


def _diff(obj: Audited) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for key in _columns(obj):
        if key in obj.__audit_ignore__:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before == after:
            continue
        changes[key] = {"before": plain(key, before), "after": plain(key, after)}
    return changes


def _update_action(obj: Audited, changes: dict[str, Any]) -> str:
    for field, action in obj.__audit_actions__.items():
        if field in changes:
            return action
    return f"{obj.__audit_type__}.update"


@event.listens_for(Session, "after_flush")
def _record_writes(session: Session, _context: UOWTransaction) -> None:
    actor = actor_of(session)
    if actor is None:  # the scheduler, the CLI: no person or key acted
        return
    rows = []
    for obj in session.new:
        if isinstance(obj, Audited) and (ws := _workspace_of(obj)) is not None:
            kind = obj.__audit_type__
            rows.append(_row(actor, ws, f"{kind}.create", kind, _object_id(obj), _snapshot(obj, "after")))
    for obj in session.dirty:
        if isinstance(obj, Audited) and (ws := _workspace_of(obj)) is not None:
            changes = _diff(obj)
            if changes:
                action = _update_action(obj, changes)
                rows.append(_row(actor, ws, action, obj.__audit_type__, _object_id(obj), changes))
    for obj in session.deleted:
        if isinstance(obj, Audited) and (ws := _workspace_of(obj)) is not None:
            kind = obj.__audit_type__
            rows.append(_row(actor, ws, f"{kind}.delete", kind, _object_id(obj), _snapshot(obj, "before")))
    if rows:
        # Straight to the connection: objects added now would wait for the next flush.
        session.connection().execute(insert(AuditRecord), rows)


@event.listens_for(Session, "before_flush")
def _refuse_edits(session: Session, _context: UOWTransaction, _instances: object) -> None:
    for obj in session.deleted:
        if isinstance(obj, AuditRecord):
            raise Forbidden("audit records cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditRecord) and session.is_modified(obj):
            raise Forbidden("audit records cannot be edited")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_edits(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete) or state.execution_options.get(PURGE_OPTION):
        return
    if any(m.class_ is AuditRecord for m in state.all_mappers):
        raise Forbidden("audit records cannot be edited or deleted")
