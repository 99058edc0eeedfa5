"""The cockpit's work list: CTAs sorted by any column in SQL (the caller supplies, as a subquery, what lives
in other domains, an account's ARR or health), and one change (assign, snooze, close) applied to many CTAs,
each in its own savepoint so one CTA that may not change is reported while the others go through."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import Subquery
from sqlalchemy.orm import Session

from steward.core.clock import today_utc
from steward.core.errors import DomainError, Invalid
from steward.domains.ctas import queries, service
from steward.domains.ctas.schemas import CtaSnooze, CtaUpdate
from steward.domains.users import service as users_service

Sort = Literal["due", "priority", "arr", "health", "created"]
SORTS: dict[str, str] = {
    "due": "Due date (soonest first)",
    "priority": "Priority (urgent first)",
    "arr": "Account ARR (largest first)",
    "health": "Account health (lowest first)",
    "created": "Created (newest first)",
}
Action = Literal["assign", "snooze", "close"]
DONE = {"assign": "assigned", "snooze": "snoozed", "close": "closed"}


@dataclass(frozen=True)
class Outcome:
    id: int
    title: str
    changed: bool
    message: str


def page(
    *,
    session: Session,
    workspace_id: int,
    owner_ids: Collection[int] | None,
    statuses: Sequence[str],
    types: Sequence[str] = (),
    priority: str | None = None,
    sort: str = "due",
    account_values: Subquery | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[tuple[int, int]], int]:
    """One page of (CTA id, account id) in the sort's order, and how many CTAs the filter keeps; sorted and
    paged in SQL. Ties by due date (none last) then id; `account_values` (account_id, value: the caller's
    ARR or health, which live in other domains) for those sorts, accounts without a value last."""
    f = queries.CtaFilter(owner_ids=owner_ids, statuses=statuses, types=types)
    return queries.sorted_ids(session, workspace_id, f, priority, sort, account_values, offset, limit)


def bulk_change(
    *,
    session: Session,
    workspace_id: int,
    ids: Sequence[int],
    action: str,
    owner_id: int | None = None,
    until: date | None = None,
    reason: str = "",
) -> list[Outcome]:
    """Apply one change to each CTA; the change is checked once (loc names the form field), then each
    CTA is changed in a savepoint and its outcome reported: changed, or why not (another workspace's
    CTA is "not found", as one that does not exist)."""
    change = _change(session, workspace_id, action, owner_id, until, reason)
    titles = {r.id: r.title for r in queries.ctas_by_id(session, workspace_id, ids)}
    outcomes = []
    for cta_id in dict.fromkeys(ids):
        if cta_id not in titles:
            outcomes.append(Outcome(cta_id, "", False, f"no CTA #{cta_id} in this workspace"))
            continue
        try:
            with session.begin_nested():
                message = change(cta_id)
        except DomainError as exc:
            outcomes.append(Outcome(cta_id, titles[cta_id], False, exc.msg))
            continue
        outcomes.append(Outcome(cta_id, titles[cta_id], True, message))
    return outcomes


def _change(
    session: Session, ws: int, action: str, owner_id: int | None, until: date | None, reason: str
) -> Callable[[int], str]:
    """The change to make to one CTA (returning what it did), once the form's values are checked."""
    if action == "assign":
        if owner_id is None:
            raise Invalid("choose who to assign the CTAs to", ("body", "owner_id"))
        users_service.require_users(
            session=session, workspace_id=ws, ids=[owner_id], loc=("body", "owner_id")
        )
        name = users_service.names_by_id(session=session, workspace_id=ws, ids=[owner_id]).get(owner_id, "")

        def assign(cta_id: int) -> str:
            service.update_cta(
                session=session, workspace_id=ws, cta_id=cta_id, data=CtaUpdate(owner_id=owner_id)
            )
            return f"assigned to {name}"

        return assign
    if action == "snooze":
        if until is None:
            raise Invalid("choose the day the CTAs come back", ("body", "until"))
        if until <= today_utc():
            raise Invalid("snooze until a day after today", ("body", "until"))
        if not reason.strip():
            raise Invalid("say why the CTAs wait", ("body", "reason"))
        data = CtaSnooze(until=until, reason=reason.strip()[:200])

        def snooze(cta_id: int) -> str:
            service.snooze_cta(session=session, workspace_id=ws, cta_id=cta_id, data=data)
            return f"snoozed until {data.until.isoformat()}"

        return snooze
    if action == "close":
        return lambda cta_id: _close(session, ws, cta_id)
    raise Invalid("action is assign, snooze or close", ("body", "action"))


def _close(session: Session, ws: int, cta_id: int) -> str:
    current = service.get_cta(session=session, workspace_id=ws, cta_id=cta_id)
    if current.status in ("done", "cancelled"):
        raise Invalid(f"already closed ({current.status})", ("body", "cta_ids"))
    service.update_cta(session=session, workspace_id=ws, cta_id=cta_id, data=CtaUpdate(status="done"))
    return "closed (done)"
