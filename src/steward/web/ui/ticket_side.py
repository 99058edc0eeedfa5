"""The requester's account beside a ticket: health and its trend, ARR and renewal, owner, open CTAs and the
account's recent tickets, so an agent answers knowing who is asking without leaving the ticket."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from steward.domains.accounts.models import Account
from steward.domains.ctas import service as ctas_service
from steward.domains.health import service as health_service
from steward.domains.tickets import service as tickets_service
from steward.domains.users import service as users_service

OPEN_CTAS = 3  # listed; the count says how many more
RECENT_TICKETS = 5


def requester_account(s: Session, ws: int, account: Account | None, ticket_id: int) -> dict[str, Any]:
    """What the ticket page's account card reads (empty when the ticket has no account)."""
    if account is None:
        return {"side": None}
    scope: dict[str, Any] = {"session": s, "workspace_id": ws}
    ctas = ctas_service.list_ctas(**scope, account_id=account.id, limit=OPEN_CTAS)
    every_status = list(tickets_service.behaviours(**scope))
    recent = tickets_service.queue(
        **scope, account_id=account.id, statuses=every_status, order="newest", limit=RECENT_TICKETS + 1
    )
    owner = users_service.names_by_id(**scope, ids=[account.owner_id] if account.owner_id else [])
    return {
        "side": {
            "health": health_service.current_scores(**scope, accounts=[account]).get(account.id),
            "owner": owner.get(account.owner_id or -1),
            "ctas": ctas.items,
            "ctas_total": ctas.total,
            "tickets": [t for t in recent.items if t.id != ticket_id][:RECENT_TICKETS],
            "tickets_total": recent.total,
        }
    }
