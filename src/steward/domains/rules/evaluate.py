"""Running rules: the account frame they read (fields, health under each account's own scorecard, churn
risk, days to renewal), which accounts match, and the actions (CTAs, playbooks, field changes), logged."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from steward.analytics import assignment
from steward.analytics.rules import FIELDS, TRIGGER_READS, Condition, condition_mask, trigger_mask
from steward.core.clock import now_utc, today_utc
from steward.core.errors import DomainError
from steward.domains.accounts import service as accounts_service
from steward.domains.ctas import service as ctas_service
from steward.domains.mail import service as mail_service
from steward.domains.rules import emails
from steward.domains.rules.frame import account_frame
from steward.domains.rules.models import Rule, RuleRun
from steward.domains.rules.schemas import AssignOwner, MatchedAccount, RuleFields
from steward.domains.webhooks import service as webhooks_service

SAMPLE = 20
WEBHOOK_ACCOUNTS = 1000  # per delivery; `truncated` says when more matched


def matches(rule: RuleFields, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows the rule fires for now."""
    trigger = rule.trigger.model_dump()
    conditions = [Condition(c.field, c.op, c.value) for c in rule.conditions]
    keep = trigger_mask(frame, trigger["kind"], trigger) & condition_mask(frame, conditions)
    matched: pd.DataFrame = frame[keep]
    return matched


def why(rule: RuleFields, matched: pd.DataFrame, limit: int) -> list[MatchedAccount]:
    """The values of the fields the rule read, for the first `limit` matched accounts."""
    read = [f for f in FIELDS if f in reads(rule)]
    out = []
    for account_id, row in matched.head(limit).iterrows():
        values = {f: _plain(row[f]) for f in read}
        out.append(MatchedAccount(account_id=int(str(account_id)), name=str(row["name"]), why=values))
    return out


def reads(rule: RuleFields) -> set[str]:
    """Every frame field the rule looks at: its trigger's and its conditions'."""
    return _trigger_fields(rule) | {c.field for c in rule.conditions}


def _trigger_fields(rule: RuleFields) -> set[str]:
    if rule.trigger.kind == "activity_logged":
        return {f"days_since_{k}" for k in rule.trigger.kinds}
    return {
        "health_grade": {"grade", "health"}, "health_drop": {"health", "health_change_7d"},
        "renewal_due": {"days_to_renewal"}, "churn_risk": {"churn_probability"}, "schedule": set(),
        "usage_drop": {"usage_trend_30d", "events_30d"}, "seat_utilisation": {"seat_utilisation", "seats"},
    }[rule.trigger.kind]  # fmt: skip


def writes_and_reads(rule: RuleFields) -> tuple[dict[str, Any], set[str], set[str]]:
    """For loop detection: fields the rule sets (-> value), account fields it reads (a health trigger
    reads the fields that choose a scorecard), and the fields it guards: those with a condition that the
    value it sets fails (`stage eq adoption` while it sets stage to renewal), so it stops by itself."""
    sets: dict[str, Any] = {a.field: a.value for a in rule.actions if a.kind == "set_field"}
    fields: set[str] = {c.field for c in rule.conditions} | TRIGGER_READS[rule.trigger.kind]
    # Assignment leaves accounts that a member of its pool owns alone, so it stops by itself.
    guarded: set[str] = set()
    for a in rule.actions:
        if a.kind == "assign_owner":
            sets["owner_id"] = a.pool[0]
            guarded.add("owner_id")
    for c in rule.conditions:
        if c.field in sets:
            after = pd.DataFrame({c.field: [sets[c.field]]})
            if not condition_mask(after, [Condition(c.field, c.op, c.value)])[0]:
                guarded.add(c.field)
    return sets, fields, guarded


def run(
    session: Session, row: Rule, frame: pd.DataFrame, cause: str, today: date | None = None
) -> RuleRun | None:
    """Apply one rule to the accounts in `frame`; a run is logged unless a change-driven run matched
    nothing. An action that fails is recorded on the run and leaves the workspace's other rules alone."""
    started, clock = now_utc(), time.perf_counter()
    rule = RuleFields(**row.definition)
    matched = matches(rule, frame)
    ids = [int(i) for i in matched.index]
    done: Counter[str] = Counter()
    error = None
    try:
        with session.begin_nested():
            done = _act(session, row, rule, matched, today or today_utc())
    except DomainError as exc:
        error = exc.msg[:1000]
    except DBAPIError as exc:  # e.g. a concurrent run made the same CTA first: the next run updates it
        error = f"the database refused the changes ({type(exc.orig).__name__}); the next run tries again"
    if cause == "change" and not ids and error is None:
        return None
    log = RuleRun(
        workspace_id=row.workspace_id, rule_id=row.id, cause=cause, started_at=started,
        duration_ms=round((time.perf_counter() - clock) * 1000), accounts_checked=len(frame),
        matched=len(ids),
        ctas_created=done["ctas_created"], ctas_updated=done["ctas_updated"],
        fields_changed=done["fields_changed"], emails_queued=done["emails_queued"],
        sample=[m.model_dump() for m in why(rule, matched, SAMPLE)], error=error,
    )  # fmt: skip
    session.add(log)
    session.flush()
    return log


def _act(session: Session, row: Rule, rule: RuleFields, matched: pd.DataFrame, today: date) -> Counter[str]:
    ids = [int(i) for i in matched.index]
    done: Counter[str] = Counter()
    for action in rule.actions:
        if action.kind == "create_cta":
            due = None if action.due_in_days is None else today + timedelta(days=action.due_in_days)
            items = [
                ctas_service.RuleCta(
                    account_id=a, type=action.type, reason=action.reason, title=action.title or action.reason,
                    priority=action.priority, due_date=due, rule_id=row.id, playbook_id=action.playbook_id,
                )
                for a in ids
            ]  # fmt: skip
            made, touched = ctas_service.upsert_rule_ctas(
                session=session, workspace_id=row.workspace_id, items=items
            )
            done.update(ctas_created=made, ctas_updated=touched)
        elif action.kind == "call_webhook":
            if ids:
                webhooks_service.enqueue(
                    session=session, workspace_id=row.workspace_id, endpoint_id=action.endpoint_id,
                    event="rule.matched", payload=_webhook_payload(row, rule, matched, today),
                )  # fmt: skip
        elif action.kind == "assign_owner":
            done["fields_changed"] += _assign(session, row, action, matched)
        elif action.kind == "send_email":
            if ids:
                queued, _ = mail_service.enqueue(
                    session=session, workspace_id=row.workspace_id, rule_id=row.id,
                    items=emails.compose(session, row, action, matched), once_per_days=action.once_per_days,
                )  # fmt: skip
                done.update(emails_queued=queued)
        else:
            done["fields_changed"] += accounts_service.set_field(
                session=session,
                workspace_id=row.workspace_id,
                ids=ids,
                field=action.field,
                value=action.value,
            )
    return done


def _assign(session: Session, row: Rule, action: AssignOwner, matched: pd.DataFrame) -> int:
    """Share the matched accounts that no member of the pool owns among the pool; returns how many moved."""
    owners = matched["owner_id"].to_numpy(dtype=np.float64)
    ids = [int(i) for i in matched.index]
    free = [a for a, o in zip(ids, owners, strict=True) if np.isnan(o) or int(o) not in action.pool]
    if not free:
        return 0
    if action.method == "round_robin":
        plan = assignment.round_robin(action.pool, free, row.last_assigned_id)
        row.last_assigned_id = plan[free[-1]]
    else:
        books = accounts_service.book_sizes(session=session, workspace_id=row.workspace_id)
        major = dict(zip(ids, matched["arr"].to_numpy(dtype=np.float64), strict=True))
        arr = {a: round(major[a] * 100) for a in free}
        plan = assignment.lightest_book(action.pool, arr, {u: v for u, v in books.items() if u is not None})
    moved = 0
    for owner in set(plan.values()):
        moved += accounts_service.set_field(
            session=session, workspace_id=row.workspace_id, field="owner_id", value=owner,
            ids=[a for a, o in plan.items() if o == owner],
        )  # fmt: skip
    return moved


def _webhook_payload(row: Rule, rule: RuleFields, matched: pd.DataFrame, today: date) -> dict[str, Any]:
    accounts = [m.model_dump() for m in why(rule, matched, WEBHOOK_ACCOUNTS)]
    return {
        "event": "rule.matched", "rule": {"id": row.id, "name": row.name}, "day": today.isoformat(),
        "matched": len(matched), "accounts": accounts, "truncated": len(matched) > WEBHOOK_ACCOUNTS,
    }  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else round(float(value), 4)
    return value


def run_many(
    session: Session,
    rules: Sequence[Rule],
    workspace_id: int,
    account_ids: Collection[int] | None,
    cause: str,
) -> list[RuleRun]:
    """Run these rules of one workspace over one shared frame of the accounts."""
    if not rules:
        return []
    needed = set().union(*(reads(RuleFields(**r.definition)) for r in rules))
    frame = account_frame(session, workspace_id, account_ids, fields=needed)
    return [log for r in rules if (log := run(session, r, frame, cause)) is not None]
