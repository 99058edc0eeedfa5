"""Live chat test setup: an account with a contact the widget speaks for, and agents with session cookies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from steward.core.db import unit_of_work
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.chat import service as chat_service
from steward.domains.contacts import service as contacts_service
from steward.domains.contacts.schemas import ContactCreate
from steward.domains.users import service as users_service
from steward.settings import get_settings
from tests.factories import Tenant

HOST = "testserver"


@dataclass
class ChatWorld:
    tenant: Tenant
    key: str
    secret: str
    account_id: int
    contact_id: int
    user: str = "u-1"

    def customer_url(self, user: str | None = None, hash_: str | None = None) -> str:
        user = self.user if user is None else user
        hash_ = chat_service.user_hash(self.secret, user) if hash_ is None else hash_
        return f"/chat/ws?key={self.key}&user={user}&hash={hash_}"


def chat_world(tenant: Tenant, user: str = "u-1") -> ChatWorld:
    with unit_of_work() as s:
        account = accounts_service.create_account(
            session=s,
            workspace_id=tenant.id,
            data=AccountCreate(external_id=f"acc-{user}", name="Acme Rockets"),
        )
        accounts_service.set_revenue(
            session=s, workspace_id=tenant.id, values={account.id: (1_200_000, None)}
        )
        contact = contacts_service.create_contact(
            session=s,
            workspace_id=tenant.id,
            data=ContactCreate(
                external_id=user, account_id=account.id, name="Dana Customer", email="dana@example.com"
            ),
        )
        channel = chat_service.channel(session=s, workspace_id=tenant.id)
        return ChatWorld(tenant, channel.public_key, channel.secret, account.id, contact.id, user)


def session_cookie(tenant: Tenant, role: str = "agent") -> str:
    """A signed-in browser session for the tenant's user of this role."""
    with unit_of_work() as s:
        user = users_service.find_by_email(session=s, email=tenant.user_emails[role])
        assert user is not None
        token, _ = users_service.start_web_session(
            session=s, user=user, max_age_seconds=get_settings().session_max_age_seconds
        )
    return token


def agent_socket(client: TestClient, token: str, origin: str = f"http://{HOST}") -> Any:
    headers = {"cookie": f"steward_session={token}", "origin": origin}
    return client.websocket_connect("/chat/agent/ws", headers=headers)


def until(
    ws: WebSocketTestSession,
    kind: str,
    where: Callable[[dict[str, Any]], bool] = lambda e: True,
    limit: int = 20,
) -> dict[str, Any]:
    """The next event of this type (that `where` accepts), skipping others in between."""
    for _ in range(limit):
        event: dict[str, Any] = ws.receive_json()
        if event["type"] == kind and where(event):
            return event
    raise AssertionError(f"no {kind!r} event in {limit} frames")
