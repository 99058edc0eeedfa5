"""Read side of the e-mail outbox and the suppressed addresses."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import Session

from steward.domains.mail.models import Email, EmailSuppression


def is_due(now: datetime) -> ColumnElement[bool]:
    return and_(Email.status == "queued", Email.next_attempt_at <= now)


DUE_ORDER = (Email.next_attempt_at, Email.id)


def suppressed(session: Session, workspace_id: int, addresses: Collection[str]) -> set[str]:
    if not addresses:
        return set()
    query = select(EmailSuppression.address).where(
        EmailSuppression.workspace_id == workspace_id, EmailSuppression.address.in_(list(addresses))
    )
    return set(session.scalars(query))


def suppression(session: Session, workspace_id: int, address: str) -> EmailSuppression | None:
    return session.scalar(
        select(EmailSuppression).where(
            EmailSuppression.workspace_id == workspace_id, EmailSuppression.address == address
        )
    )


def suppressions(session: Session, workspace_id: int) -> list[EmailSuppression]:
    query = select(EmailSuppression).where(EmailSuppression.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(EmailSuppression.created_at.desc()).limit(1000)))


def sent_by_rule_since(
    session: Session, workspace_id: int, rule_id: int, since: datetime
) -> set[tuple[int, str]]:
    """(account id, address) pairs this rule already mailed since then (suppressed ones count too)."""
    query = select(Email.account_id, Email.to_address).where(
        Email.workspace_id == workspace_id, Email.rule_id == rule_id, Email.created_at >= since
    )
    return {(int(a or 0), t) for a, t in session.execute(query)}


def page(
    session: Session, workspace_id: int, status: str | None, account_id: int | None, limit: int, offset: int
) -> tuple[int, list[Email]]:
    query = select(Email).where(Email.workspace_id == workspace_id)
    if status:
        query = query.where(Email.status == status)
    if account_id is not None:
        query = query.where(Email.account_id == account_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Email.id.desc()).limit(limit).offset(offset))
    return int(total), list(rows)


def about(session: Session, workspace_id: int, message_ids: Collection[str], address: str) -> list[Email]:
    """The e-mails a bounce report is about: those it quotes by Message-ID, else the last one sent there."""
    if message_ids:
        query = select(Email).where(
            Email.workspace_id == workspace_id, Email.message_id.in_(list(message_ids))
        )
        found = [e for e in session.scalars(query) if e.to_address == address]
        if found:
            return found
    last = session.scalar(
        select(Email)
        .where(Email.workspace_id == workspace_id, Email.to_address == address, Email.status == "sent")
        .order_by(Email.sent_at.desc()).limit(1)
    )  # fmt: skip
    return [last] if last else []


def note_waiting(session: Session, reason: str) -> None:
    """Say on queued messages that nobody has tried yet why they wait."""
    session.execute(
        update(Email).where(Email.status == "queued", Email.last_error.is_(None)).values(last_error=reason)
    )
