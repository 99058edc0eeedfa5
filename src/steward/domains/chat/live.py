"""The agents' queue of live chats: each open conversation with its account's health and ARR beside it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from steward.domains.accounts import service as accounts_service
from steward.domains.chat import queries
from steward.domains.chat.schemas import LiveConversation
from steward.domains.contacts import service as contacts_service
from steward.domains.health import service as health_service
from steward.domains.workspaces import service as workspaces_service

LIMIT = 200


def live_conversations(*, session: Session, workspace_id: int) -> list[LiveConversation]:
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    convs = queries.open_conversations(session, workspace_id, LIMIT)
    account_ids = {c.account_id for c in convs if c.account_id is not None}
    accounts = {a.id: a for a in accounts_service.by_ids(**scope, ids=account_ids)}
    scores = health_service.current_scores(**scope, accounts=list(accounts.values())) if accounts else {}
    people = contacts_service.names(**scope, ids=[c.contact_id for c in convs if c.contact_id is not None])
    last = queries.last_messages(session, workspace_id, [c.id for c in convs])
    waiting = queries.unread_counts(session, workspace_id, {c.id: c.agent_read_id for c in convs})
    currency = workspaces_service.get_workspace(**scope).currency
    rows = []
    for c in convs:
        account = accounts.get(c.account_id) if c.account_id is not None else None
        score = scores.get(account.id) if account is not None else None
        row = LiveConversation.model_validate(c)
        row.account_name = account.name if account else None
        row.arr_minor = account.arr_minor if account else None
        row.currency = currency if account else None
        row.health_grade = score.grade if score else None
        row.health_score = score.overall if score else None
        row.contact_name = people.get(c.contact_id) if c.contact_id is not None else None
        row.last_message = last[c.id].body[:200] if c.id in last else None
        row.waiting = waiting.get(c.id, 0)
        rows.append(row)
    return rows
