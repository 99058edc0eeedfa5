"""HTTP routes for the e-mail outbox, bounce reports and suppressed addresses."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from steward.domains.mail import service
from steward.domains.mail.schemas import BounceResult, EmailPage, Status, SuppressionRead
from steward.web.deps import BodyDep, Manager, QueryId, Reader, SessionDep

router = APIRouter(tags=["email"])


@router.get("/emails", response_model=EmailPage)
def list_emails(
    s: SessionDep,
    p: Reader,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    account_id: QueryId = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> EmailPage:
    """The outbox, newest first: queued (with the last error while retrying), sent, bounced, failed and
    suppressed (not sent: the address bounced before)."""
    return service.list_emails(
        session=s,
        workspace_id=p.workspace_id,
        status=status_,
        account_id=account_id,
        limit=limit,
        offset=offset,
    )


@router.post("/emails/bounces", response_model=BounceResult)
def bounce_report(raw: BodyDep, s: SessionDep, p: Manager) -> BounceResult:
    """A bounce report as it arrived (raw RFC 822 with a message/delivery-status part, up to 1 MB), for
    example forwarded by the mailbox that receives bounces."""
    return service.record_bounces(session=s, workspace_id=p.workspace_id, raw=raw)


@router.get("/emails/suppressions", response_model=list[SuppressionRead])
def list_suppressions(s: SessionDep, p: Reader) -> list[SuppressionRead]:
    return service.suppressions(session=s, workspace_id=p.workspace_id)


@router.delete("/emails/suppressions/{address}", status_code=status.HTTP_204_NO_CONTENT)
def unsuppress(address: Annotated[str, Path(max_length=320)], s: SessionDep, p: Manager) -> None:
    """Allow mail to this address again (once the contact's address is fixed)."""
    service.unsuppress(session=s, workspace_id=p.workspace_id, address=address)
