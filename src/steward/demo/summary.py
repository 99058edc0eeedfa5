"""Counts of what the demo workspace holds, for the demo's summary line."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.domains.accounts.models import Account
from steward.domains.contacts.models import Contact
from steward.domains.events import service as events_service
from steward.domains.subscriptions.models import Subscription
from steward.domains.tickets.models import Ticket
from steward.domains.timeline.models import Activity
from steward.domains.workspaces import service as workspaces_service


def workspace_counts(*, session: Session, slug: str) -> dict[str, int]:
    ws = workspaces_service.get_by_slug(session=session, slug=slug)
    counts = {}
    for name, model in (("accounts", Account), ("contacts", Contact), ("subscriptions", Subscription),
                        ("activities", Activity), ("tickets", Ticket)):  # fmt: skip
        counts[name] = (
            session.scalar(select(func.count()).select_from(model).where(model.workspace_id == ws.id)) or 0
        )
    usage = events_service.stats(session=session, workspace_id=ws.id)
    counts["product events"] = usage.events
    return counts
