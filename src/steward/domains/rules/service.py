"""Rules: create and change them (checked field by field, and refused when rules would set off each other
in a loop), preview what they match now, run them by hand, and read their run log."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics.rules import FIELDS, OPS, Condition, RuleShape, condition_mask, find_loop
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.ctas import service as ctas_service
from steward.domains.rules import evaluate, queries
from steward.domains.rules.frame import account_frame
from steward.domains.rules.models import Rule
from steward.domains.rules.schemas import ConditionIn, Preview, RuleCreate, RuleFields, RuleRead, RunRead
from steward.domains.users import service as users_service
from steward.domains.webhooks import service as webhooks_service

PREVIEW_LIMIT = 50


def create_rule(*, session: Session, workspace_id: int, data: RuleCreate) -> RuleRead:
    _check(session, workspace_id, data, rule_id=None)
    if queries.by_name(session, workspace_id, data.name):
        raise Conflict(f"a rule named {data.name!r} exists", ("body", "name"))
    row = Rule(workspace_id=workspace_id, name=data.name, enabled=data.enabled, definition=_definition(data))
    session.add(row)
    session.flush()
    return _read(row)


def replace_rule(*, session: Session, workspace_id: int, rule_id: int, data: RuleCreate) -> RuleRead:
    row = _get(session, workspace_id, rule_id)
    _check(session, workspace_id, data, rule_id=row.id)
    other = queries.by_name(session, workspace_id, data.name)
    if other is not None and other.id != row.id:
        raise Conflict(f"a rule named {data.name!r} exists", ("body", "name"))
    row.name, row.enabled, row.definition = data.name, data.enabled, _definition(data)
    session.flush()
    return _read(row)


def list_rules(*, session: Session, workspace_id: int) -> list[RuleRead]:
    return [_read(r) for r in queries.rules(session, workspace_id)]


def get_rule(*, session: Session, workspace_id: int, rule_id: int) -> RuleRead:
    return _read(_get(session, workspace_id, rule_id))


def preview(*, session: Session, workspace_id: int, data: RuleFields) -> Preview:
    """Which accounts the rule would match now, and why; nothing is written."""
    _check_fields(session, workspace_id, data)
    frame = account_frame(session, workspace_id, fields=evaluate.reads(data))  # only what the rule reads
    matched = evaluate.matches(data, frame)
    return Preview(
        accounts_checked=len(frame), matched=len(matched),
        accounts=evaluate.why(data, matched, PREVIEW_LIMIT),
    )  # fmt: skip


def run_now(*, session: Session, workspace_id: int, rule_id: int) -> RunRead:
    """Run one rule over every account now, enabled or not (a manager checking it)."""
    row = _get(session, workspace_id, rule_id)
    log = evaluate.run(session, row, account_frame(session, workspace_id), "manual")
    assert log is not None  # manual runs are always logged
    return RunRead.model_validate(log, from_attributes=True)


def runs(*, session: Session, workspace_id: int, rule_id: int, limit: int = 50) -> list[RunRead]:
    _get(session, workspace_id, rule_id)
    return [
        RunRead.model_validate(r, from_attributes=True)
        for r in queries.runs(session, workspace_id, rule_id, limit)
    ]


def _check(session: Session, workspace_id: int, data: RuleCreate, rule_id: int | None) -> None:
    _check_fields(session, workspace_id, data)
    others = [r for r in queries.rules(session, workspace_id) if r.id != rule_id]
    shapes = [_shape(r.name, RuleFields(**r.definition)) for r in others] + [_shape(data.name, data)]
    loop = find_loop(shapes)
    if loop and data.name in loop:
        raise Invalid(
            "these rules would set off each other in a loop (each sets a field the next one reads): "
            + " -> ".join(repr(n) for n in loop)
            + "; guard a rule with a condition `field ne value` on what it sets, or change what it reads",
            ("body", "actions"),
        )


def _shape(name: str, rule: RuleFields) -> RuleShape:
    sets, reads, guarded = evaluate.writes_and_reads(rule)
    return RuleShape(name=name, reads=frozenset(reads), writes=sets, guarded=frozenset(guarded))


def _check_fields(session: Session, workspace_id: int, data: RuleFields) -> None:
    """Each condition's operator suits its field and carries the right value; each action names a CTA
    type, playbook or user the workspace has."""
    check_conditions(data.conditions, ("body", "conditions"))
    for i, action in enumerate(data.actions):
        at = ("body", "actions", i)
        if action.kind == "create_cta":
            ctas_service.check_type(
                session=session, workspace_id=workspace_id, key=action.type, loc=(*at, "type")
            )
            if action.playbook_id is not None and not ctas_service.playbook_exists(
                session=session, workspace_id=workspace_id, playbook_id=action.playbook_id
            ):
                raise Invalid(f"no playbook with id {action.playbook_id}", (*at, "playbook_id"))
        elif action.kind == "call_webhook":
            if not webhooks_service.endpoint_exists(
                session=session, workspace_id=workspace_id, endpoint_id=action.endpoint_id
            ):
                raise Invalid(f"no webhook with id {action.endpoint_id}", (*at, "endpoint_id"))
        elif action.kind == "send_email":
            continue  # its placeholders were checked with the body
        elif action.kind == "assign_owner":
            users_service.require_users(session=session, workspace_id=workspace_id, ids=action.pool,
                                        loc=(*at, "pool"))  # fmt: skip
        elif action.field == "owner_id":
            owner = action.value if isinstance(action.value, int) else -1
            if not users_service.known_user_ids(session=session, workspace_id=workspace_id, ids=[owner]):
                raise Invalid(f"no user with id {action.value} in this workspace", (*at, "value"))
        elif not isinstance(action.value, str):
            raise Invalid(f"{action.field} takes text", (*at, "value"))


def check_conditions(conditions: Sequence[ConditionIn], loc: tuple[str | int, ...]) -> None:
    """Each condition's operator suits its field and carries the right kind of value."""
    for i, c in enumerate(conditions):
        at = (*loc, i)
        kind = FIELDS[c.field]
        if c.op not in OPS[kind]:
            raise Invalid(f"{c.op} does not apply to {c.field} ({kind}); use one of: {', '.join(OPS[kind])}",
                          (*at, "op"))  # fmt: skip
        _check_value(kind, c.op, c.value, (*at, "value"))


def passes(frame: pd.DataFrame, conditions: Sequence[ConditionIn]) -> np.ndarray:
    """Which rows of an account frame meet every condition."""
    return condition_mask(frame, [Condition(c.field, c.op, c.value) for c in conditions])


def frame_for(
    *,
    session: Session,
    workspace_id: int,
    account_ids: Collection[int] | None = None,
    fields: Collection[str] | None = None,
) -> pd.DataFrame:
    """The account frame (see rules/frame.py) for other domains that test conditions."""
    return account_frame(session, workspace_id, account_ids, fields=fields)


def _check_value(kind: str, op: str, value: Any, loc: tuple[str | int, ...]) -> None:
    if op in ("empty", "not_empty"):
        if value is not None:
            raise Invalid(f"{op} takes no value", loc)
        return
    values = value if isinstance(value, list) else [value]
    if op in ("in", "not_in") and (not isinstance(value, list) or not value):
        raise Invalid(f"{op} takes a non-empty list", loc)
    if op not in ("in", "not_in") and isinstance(value, list):
        raise Invalid(f"{op} takes one value, not a list", loc)
    text = kind == "text"
    for v in values:
        if v is None or isinstance(v, bool) or isinstance(v, str) != text:
            raise Invalid(f"this field takes {'text' if text else 'a number'}", loc)


def _definition(data: RuleCreate) -> dict[str, Any]:
    return data.model_dump(exclude={"name", "enabled"})


def _read(row: Rule) -> RuleRead:
    return RuleRead(id=row.id, name=row.name, enabled=row.enabled, created_at=row.created_at,
                    updated_at=row.updated_at, **row.definition)  # fmt: skip


def _get(session: Session, workspace_id: int, rule_id: int) -> Rule:
    row = queries.rule(session, workspace_id, rule_id)
    if row is None:
        raise NotFound("rule", rule_id)
    return row
