"""Advocacy: a CSM asks a contact for a referral, review, case study, reference call, testimonial or talk;
completing it earns the contact points on an append-only ledger (reopening takes them back), which a
loyalty programme spends (redemptions are negative entries; a balance never goes below zero)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.db import serialize
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.advocacy import queries
from steward.domains.advocacy.models import AdvocacyRequest, PointsEntry
from steward.domains.advocacy.schemas import (
    DEFAULT_POINTS,
    Advocate,
    PointsCreate,
    PointsRead,
    PointsTable,
    RequestCreate,
    RequestRead,
    RequestUpdate,
)
from steward.domains.contacts import service as contacts_service
from steward.domains.workspaces import service as workspaces_service

SETTINGS_KEY = "advocacy_points"
OPEN = ("asked", "agreed")


def points_table(*, session: Session, workspace_id: int) -> dict[str, int]:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    return {**DEFAULT_POINTS, **(ws.settings or {}).get(SETTINGS_KEY, {})}


def set_points_table(*, session: Session, workspace_id: int, data: PointsTable) -> dict[str, int]:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), SETTINGS_KEY: dict(data.points)}
    session.flush()
    return points_table(session=session, workspace_id=workspace_id)


def create_request(
    *, session: Session, workspace_id: int, data: RequestCreate, asked_by: int | None
) -> RequestRead:
    """One open request per contact and kind: asking again while one is open is refused."""
    serialize(session, f"advocacy-requests:{workspace_id}")  # before the check: asked twice at once
    contact = _contact(session, workspace_id, data.contact_id)
    for r in queries.requests(session, workspace_id, None, contact.id, None):
        if r.kind == data.kind and r.status in OPEN:
            raise Conflict(
                f"this contact already has an open {data.kind} request (id {r.id})", ("body", "kind")
            )
    row = AdvocacyRequest(
        workspace_id=workspace_id,
        account_id=contact.account_id,
        contact_id=contact.id,
        kind=data.kind,
        status="asked",
        notes=data.notes,
        asked_by=asked_by,
    )
    session.add(row)
    session.flush()
    return _reads(session, workspace_id, [row])[0]


def get_request(*, session: Session, workspace_id: int, request_id: int) -> RequestRead:
    row = queries.request(session, workspace_id, request_id)
    if row is None:
        raise NotFound("advocacy request", request_id)
    return _reads(session, workspace_id, [row])[0]


def update_request(
    *, session: Session, workspace_id: int, request_id: int, data: RequestUpdate
) -> RequestRead:
    _points_lock(session, workspace_id)  # before reading the status: a request is completed (paid) once
    row = queries.request(session, workspace_id, request_id)
    if row is None:
        raise NotFound("advocacy request", request_id)
    sent = data.model_fields_set
    if "notes" in sent:
        row.notes = data.notes
    if "status" in sent and data.status is None:
        raise Invalid("status cannot be null", ("body", "status"))
    if data.status is not None and data.status != row.status:
        points = points_table(session=session, workspace_id=workspace_id)[row.kind]
        if data.status == "completed":
            row.completed_at = now_utc()
            _enter(session, row, points, f"{row.kind.replace('_', ' ')} completed")
        elif row.status == "completed":
            if queries.balance(session, workspace_id, row.contact_id) < points:
                raise Conflict(
                    "the points this request earned were spent: it cannot be reopened", ("body", "status")
                )
            row.completed_at = None
            _enter(session, row, -points, f"{row.kind.replace('_', ' ')} reopened")
        row.status = data.status
    session.flush()
    return _reads(session, workspace_id, [row])[0]


def _enter(session: Session, row: AdvocacyRequest, points: int, reason: str) -> None:
    session.add(
        PointsEntry(
            workspace_id=row.workspace_id,
            contact_id=row.contact_id,
            account_id=row.account_id,
            points=points,
            reason=reason,
            request_id=row.id,
        )
    )


def list_requests(
    *,
    session: Session,
    workspace_id: int,
    account_id: int | None = None,
    contact_id: int | None = None,
    status: str | None = None,
) -> list[RequestRead]:
    return _reads(
        session, workspace_id, queries.requests(session, workspace_id, account_id, contact_id, status)
    )


def add_points(*, session: Session, workspace_id: int, data: PointsCreate) -> Advocate:
    """A manual entry: a bonus, a correction or a redemption (negative)."""
    contact = _contact(session, workspace_id, data.contact_id)
    _points_lock(session, workspace_id)  # before reading the balance: concurrent redemptions cannot overdraw
    balance = queries.balance(session, workspace_id, contact.id)
    if balance + data.points < 0:
        raise Invalid(f"the balance is {balance}: it cannot go below 0", ("body", "points"))
    session.add(
        PointsEntry(
            workspace_id=workspace_id,
            contact_id=contact.id,
            account_id=contact.account_id,
            points=data.points,
            reason=data.reason,
        )
    )
    session.flush()
    return advocate(session=session, workspace_id=workspace_id, contact_id=contact.id)


def advocate(*, session: Session, workspace_id: int, contact_id: int) -> Advocate:
    contact = contacts_service.get_contact(session=session, workspace_id=workspace_id, contact_id=contact_id)
    name = contacts_service.names(session=session, workspace_id=workspace_id, ids=[contact.id])[contact.id]
    return Advocate(
        contact_id=contact.id,
        contact_name=name,
        account_id=contact.account_id or 0,
        balance=queries.balance(session, workspace_id, contact.id),
        completed=queries.completed_counts(session, workspace_id, [contact.id]).get(contact.id, 0),
        ledger=[
            PointsRead.model_validate(e, from_attributes=True)
            for e in queries.ledger(session, workspace_id, contact.id)
        ],
    )


def leaderboard(
    *, session: Session, workspace_id: int, account_id: int | None = None, limit: int = 50
) -> list[Advocate]:
    rows = queries.leaders(session, workspace_id, account_id, limit)
    ids = [c for c, _, _ in rows]
    names = contacts_service.names(session=session, workspace_id=workspace_id, ids=ids)
    done = queries.completed_counts(session, workspace_id, ids)
    return [
        Advocate(
            contact_id=c, contact_name=names.get(c, ""), account_id=a, balance=b, completed=done.get(c, 0)
        )
        for c, a, b in rows
    ]


def _points_lock(session: Session, workspace_id: int) -> None:
    serialize(session, f"advocacy-points:{workspace_id}")


def _contact(session: Session, workspace_id: int, contact_id: int) -> Any:
    try:
        contact = contacts_service.get_contact(
            session=session, workspace_id=workspace_id, contact_id=contact_id
        )
    except NotFound:
        raise Invalid(f"no contact with id {contact_id} in this workspace", ("body", "contact_id")) from None
    if contact.account_id is None:
        raise Invalid("this contact belongs to no account", ("body", "contact_id"))
    return contact


def _reads(session: Session, workspace_id: int, rows: list[AdvocacyRequest]) -> list[RequestRead]:
    names = contacts_service.names(
        session=session, workspace_id=workspace_id, ids={r.contact_id for r in rows}
    )
    return [
        RequestRead.model_validate(
            {
                **{k: getattr(r, k) for k in RequestRead.model_fields if hasattr(r, k)},
                "contact_name": names.get(r.contact_id, ""),
            }
        )
        for r in rows
    ]
