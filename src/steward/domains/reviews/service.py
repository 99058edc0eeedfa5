"""Business reviews: each segment's cadence schedules one review per account ahead (the daily job, or on
demand), holding a review schedules the next, and the CSM's notes go into the pack (see pack.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.core.clock import today_utc
from steward.core.db import serialize
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.reviews import queries
from steward.domains.reviews.models import BusinessReview
from steward.domains.reviews.schemas import Cadence, ReviewCreate, ReviewRead, ReviewUpdate, ScheduleResult
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service

SETTINGS_KEY = "review_cadence"
FIRST_REVIEW_IN_DAYS = 14  # an account that never had a review gets its first this soon


def get_cadence(*, session: Session, workspace_id: int) -> Cadence:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    return Cadence(every_days=(ws.settings or {}).get(SETTINGS_KEY, {}))


def set_cadence(*, session: Session, workspace_id: int, data: Cadence) -> Cadence:
    known = set(
        accounts_service.filter_options(session=session, workspace_id=workspace_id).get("segment", [])
    )
    for segment in data.every_days:
        if segment not in known:
            raise Invalid(f"no account has segment {segment!r}", ("body", "every_days", segment))
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), SETTINGS_KEY: dict(data.every_days)}
    session.flush()
    return data


def schedule_due(*, session: Session, workspace_id: int, today: date | None = None) -> ScheduleResult:
    """A review for every account of a segment with a cadence that has none scheduled: the cadence after
    its last review, or soon for an account that never had one. Churned accounts are left out."""
    today = today or today_utc()
    _one_scheduler(session, workspace_id)
    every = get_cadence(session=session, workspace_id=workspace_id).every_days
    if not every:
        return ScheduleResult(scheduled=0)
    waiting = queries.scheduled_accounts(session, workspace_id)
    held = queries.last_held(session, workspace_id)
    made = 0
    for a in accounts_service.owned_by(session=session, workspace_id=workspace_id, owner_ids=None):
        if a.segment not in every or a.id in waiting or a.lifecycle_stage == "churned":
            continue
        last = held.get(a.id)
        due = (
            max(last + timedelta(days=every[a.segment]), today)
            if last
            else today + timedelta(FIRST_REVIEW_IN_DAYS)
        )
        session.add(
            BusinessReview(
                workspace_id=workspace_id,
                account_id=a.id,
                due_date=due,
                status="scheduled",
                owner_id=a.owner_id,
                source="cadence",
            )
        )
        made += 1
    session.flush()
    return ScheduleResult(scheduled=made)


def _one_scheduler(session: Session, workspace_id: int) -> None:
    """Before 'has the account a scheduled review?': one review each, when runs and requests come at once."""
    serialize(session, f"reviews:{workspace_id}")


def create_review(*, session: Session, workspace_id: int, data: ReviewCreate) -> ReviewRead:
    _one_scheduler(session, workspace_id)
    try:
        account = accounts_service.get_account(
            session=session, workspace_id=workspace_id, account_id=data.account_id
        )
    except NotFound:
        raise Invalid(
            f"no account with id {data.account_id} in this workspace", ("body", "account_id")
        ) from None
    users_service.require_users(
        session=session, workspace_id=workspace_id, ids=[data.owner_id], loc=("body", "owner_id")
    )
    if account.id in queries.scheduled_accounts(session, workspace_id):
        raise Conflict(
            "this account already has a review scheduled: move its date instead", ("body", "account_id")
        )
    row = BusinessReview(
        workspace_id=workspace_id,
        account_id=account.id,
        due_date=data.due_date,
        status="scheduled",
        owner_id=data.owner_id or account.owner_id,
        source="manual",
    )
    session.add(row)
    session.flush()
    return _reads(session, workspace_id, [row])[0]


def update_review(*, session: Session, workspace_id: int, review_id: int, data: ReviewUpdate) -> ReviewRead:
    row = _get(session, workspace_id, review_id)
    sent = data.model_fields_set
    for name in ("status", "due_date"):
        if name in sent and getattr(data, name) is None:
            raise Invalid(f"{name} cannot be null", ("body", name))
    if "notes" in sent:
        row.notes = data.notes
    if data.due_date is not None:
        row.due_date = data.due_date
    if data.held_on is not None and (data.status or row.status) != "held":
        raise Invalid(
            "held_on is the day a held review took place: send status held too", ("body", "held_on")
        )
    if data.status is not None and data.status != row.status:
        if row.status != "scheduled":
            raise Conflict(
                f"this review is {row.status}: it cannot change to {data.status}", ("body", "status")
            )
        row.status = data.status
        if data.status == "held":
            row.held_on = data.held_on or today_utc()
            _schedule_next(session, row)
    elif data.held_on is not None:
        row.held_on = data.held_on
    session.flush()
    return _reads(session, workspace_id, [row])[0]


def _schedule_next(session: Session, held: BusinessReview) -> None:
    account = accounts_service.get_account(
        session=session, workspace_id=held.workspace_id, account_id=held.account_id
    )
    every = get_cadence(session=session, workspace_id=held.workspace_id).every_days.get(account.segment or "")
    if every and held.held_on:
        session.add(
            BusinessReview(
                workspace_id=held.workspace_id,
                account_id=held.account_id,
                status="scheduled",
                source="cadence",
                due_date=held.held_on + timedelta(days=every),
                owner_id=account.owner_id,
            )
        )


def get_review(*, session: Session, workspace_id: int, review_id: int) -> ReviewRead:
    return _reads(session, workspace_id, [_get(session, workspace_id, review_id)])[0]


def list_reviews(
    *,
    session: Session,
    workspace_id: int,
    account_id: int | None = None,
    status: str | None = None,
    owner_id: int | None = None,
) -> list[ReviewRead]:
    return _reads(session, workspace_id, queries.reviews(session, workspace_id, account_id, status, owner_id))


def previous_held(*, session: Session, workspace_id: int, account_id: int, before: date) -> date | None:
    return queries.previous_held(session, workspace_id, account_id, before)


def _get(session: Session, workspace_id: int, review_id: int) -> BusinessReview:
    row = queries.review(session, workspace_id, review_id)
    if row is None:
        raise NotFound("business review", review_id)
    return row


def _reads(session: Session, workspace_id: int, rows: list[BusinessReview]) -> list[ReviewRead]:
    names = accounts_service.names(
        session=session, workspace_id=workspace_id, ids=[r.account_id for r in rows]
    )
    today = today_utc()
    out = []
    for r in rows:
        fields: dict[str, Any] = {k: getattr(r, k) for k in ReviewRead.model_fields if hasattr(r, k)}
        fields.update(
            account_name=names.get(r.account_id, ""), overdue=r.status == "scheduled" and r.due_date < today
        )
        out.append(ReviewRead.model_validate(fields))
    return out
