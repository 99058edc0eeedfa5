"""The e-mail outbox: rules queue messages in their own transaction (nothing is lost if SMTP is down),
a job delivers them with retries, and a bounce, whether refused at once or reported later, marks the
message, suppresses the address so no more mail goes there, and shows both in the outbox."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from steward.core import outbox
from steward.core.clock import now_utc
from steward.core.db import serialize, unit_of_work
from steward.core.errors import Invalid, NotFound
from steward.core.retry import wait_after
from steward.domains.mail import dsn, queries, smtp
from steward.domains.mail.models import Email, EmailSuppression
from steward.domains.mail.schemas import BounceResult, EmailPage, EmailRead, SuppressionRead

NOT_CONFIGURED = "no SMTP server is configured (STEWARD_SMTP_URL): the message waits in the outbox"


@dataclass(frozen=True)
class Outgoing:
    to_address: str
    subject: str
    body: str
    account_id: int | None = None
    contact_id: int | None = None


def enqueue(
    *,
    session: Session,
    workspace_id: int,
    items: Sequence[Outgoing],
    rule_id: int | None = None,
    once_per_days: int | None = None,
) -> tuple[int, int]:
    """Queue these messages; returns (queued, suppressed). A suppressed address gets a record, not a
    message. With a rule and `once_per_days`, an (account, address) the rule mailed that recently is
    skipped."""
    now = now_utc()
    blocked = queries.suppressed(session, workspace_id, {i.to_address.lower() for i in items})
    recent: set[tuple[int, str]] = set()
    if rule_id is not None and once_per_days:
        recent = queries.sent_by_rule_since(
            session, workspace_id, rule_id, now - timedelta(days=once_per_days)
        )
    queued = held = 0
    for i in items:
        address = i.to_address.lower()
        if (i.account_id or 0, address) in recent:
            continue
        recent.add((i.account_id or 0, address))
        stop = address in blocked
        session.add(Email(
            workspace_id=workspace_id, account_id=i.account_id, contact_id=i.contact_id, rule_id=rule_id,
            to_address=address, subject=i.subject[:300], body=i.body,
            message_id=f"<{secrets.token_hex(16)}.{workspace_id}@steward>",
            status="suppressed" if stop else "queued", next_attempt_at=None if stop else now,
            last_error="the address bounced before; it is suppressed" if stop else None,
        ))  # fmt: skip
        held, queued = held + stop, queued + (not stop)
    session.flush()
    return queued, held


def list_emails(
    *,
    session: Session,
    workspace_id: int,
    status: str | None = None,
    account_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> EmailPage:
    total, rows = queries.page(session, workspace_id, status, account_id, limit, offset)
    return EmailPage(total=total, items=[EmailRead.model_validate(r, from_attributes=True) for r in rows])


def deliver_due(
    *, smtp_url: str | None, sender: str, now: datetime | None = None, limit: int = 100
) -> dict[str, int]:
    """Send every queued message that is due, each on its own: claim it (so no other worker sends it too),
    read it, talk to SMTP outside any transaction, record the outcome. Without a server nothing is sent
    (the messages wait)."""
    counts = {"sent": 0, "bounced": 0, "retrying": 0, "failed": 0}
    if not smtp_url:
        with unit_of_work() as s:
            queries.note_waiting(s, NOT_CONFIGURED)
        return counts
    server = smtp.parse_url(smtp_url)
    when = now or now_utc()

    def send(token: str, email_id: int) -> None:
        with unit_of_work() as s:
            row = s.get(Email, email_id)
            if row is None or row.status != "queued" or not outbox.holds(row, token):
                return
            msg = smtp.message(sender, row.to_address, row.subject, row.body, row.message_id)
        outcome = smtp.deliver(server, msg)
        with unit_of_work() as s:
            row = s.get(Email, email_id)
            if row is not None:
                counts[_record(s, row, outcome, when)] += 1

    outbox.drain(Email, queries.is_due(when), queries.DUE_ORDER, send, limit=limit)
    return counts


def _record(session: Session, row: Email, outcome: smtp.Outcome, now: datetime) -> str:
    row.attempts, row.claimed_by, row.claimed_until = row.attempts + 1, None, None
    row.last_error = outcome.detail
    if outcome.kind == "sent":
        row.status, row.sent_at, row.next_attempt_at = "sent", now_utc(), None
        return "sent"
    if outcome.kind == "bounced":
        _bounce(session, row, outcome.detail or "bounced")
        return "bounced"
    wait = wait_after(row.attempts)
    if outcome.kind == "retry" and wait is not None:
        row.next_attempt_at = now + wait
        return "retrying"
    row.status, row.next_attempt_at = "failed", None
    return "failed"


def _bounce(session: Session, row: Email, reason: str) -> None:
    row.status, row.bounced_at, row.next_attempt_at, row.last_error = "bounced", now_utc(), None, reason
    _suppress(session, row.workspace_id, row.to_address, reason, row.id)


def _suppress(session: Session, workspace_id: int, address: str, reason: str, email_id: int | None) -> None:
    if queries.suppression(session, workspace_id, address) is None:
        session.add(EmailSuppression(workspace_id=workspace_id, address=address, reason=reason[:1000],
                                     email_id=email_id))  # fmt: skip
        session.flush()


def record_bounces(*, session: Session, workspace_id: int, raw: bytes) -> BounceResult:
    """A bounce report (RFC 3464) that arrived later: each failed recipient is suppressed and the message
    it quotes (else the last one sent to that address) is marked bounced."""
    try:
        report = dsn.parse(raw)
    except ValueError as exc:
        raise Invalid(str(exc), ("body",)) from None
    # Copies of one report posted at once (a gateway's retry) must each find the others' suppressions.
    serialize(session, f"bounces:{workspace_id}")
    matched: list[int] = []
    for address, said in report.failed:
        emails = queries.about(session, workspace_id, report.message_ids, address)
        for e in emails:
            _bounce(session, e, f"bounce report: {said}")
            matched.append(e.id)
        _suppress(session, workspace_id, address, f"bounce report: {said}", emails[0].id if emails else None)
    return BounceResult(bounced=[a for a, _ in report.failed], matched_emails=matched, delayed=report.delayed)


def suppressions(*, session: Session, workspace_id: int) -> list[SuppressionRead]:
    rows = queries.suppressions(session, workspace_id)
    return [SuppressionRead.model_validate(r, from_attributes=True) for r in rows]


def unsuppress(*, session: Session, workspace_id: int, address: str) -> None:
    """Mail may go to this address again (after the contact's address was fixed)."""
    row = queries.suppression(session, workspace_id, address.lower())
    if row is None:
        raise NotFound("suppressed address", address)
    session.delete(row)
    session.flush()
