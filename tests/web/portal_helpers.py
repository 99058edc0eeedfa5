"""Test helpers for the customer portal: accounts with contacts, a sign-in through the link in the outbox."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.domains.mail.models import Email
from steward.domains.portal import service as portal_service
from steward.settings import get_settings
from tests.factories import ApiClient


@pytest.fixture
def public_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """STEWARD_PUBLIC_URL set to the test client's own address: sign-in links are e-mailed only with one
    (or to a request made on this machine), never to whatever host a visitor's request named."""
    monkeypatch.setenv("STEWARD_PUBLIC_URL", "http://testserver")
    get_settings.cache_clear()
    yield "http://testserver"
    monkeypatch.undo()
    get_settings.cache_clear()


def reset_limits() -> None:
    for limit in (portal_service.PER_ADDRESS, portal_service.PER_CLIENT):
        limit._hits.clear()


def account_with(api: ApiClient, name: str, contacts: dict[str, str | None]) -> tuple[int, dict[str, int]]:
    """An account and its contacts (e-mail -> portal access); returns the account id and contact ids."""
    made = api.post("/accounts", json={"external_id": name, "name": name})
    assert made.status_code == 201, made.text
    ids = {}
    for email, access in contacts.items():
        body = {
            "external_id": email,
            "email": email,
            "account_id": made.json()["id"],
            "name": email.split("@")[0],
        }
        if access:
            body["portal_access"] = access
        c = api.post("/contacts", json=body)
        assert c.status_code == 201, c.text
        ids[email] = int(c.json()["id"])
    return int(made.json()["id"]), ids


def ticket_for(api: ApiClient, account_id: int, contact_id: int, subject: str) -> int:
    made = api.post("/tickets", json={"subject": subject, "body": "Help, please", "account_id": account_id,
                                      "contact_id": contact_id})  # fmt: skip
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def ask_link(client: TestClient, slug: str, email: str) -> tuple[int, str]:
    page = client.get(f"/portal/{slug}/sign-in")
    r = client.post(f"/portal/{slug}/sign-in", data={"email": email, "csrf_token": csrf(page.text)})
    return r.status_code, r.text


def last_link(address: str) -> str | None:
    with unit_of_work() as s:
        body = s.scalars(
            select(Email.body).where(Email.to_address == address).order_by(Email.id.desc())
        ).first()
    if body is None:
        return None
    match = re.search(r"(/portal/[^/\s]+/link/\S+)", body)
    return match.group(1) if match else None


def sign_in(app_client: TestClient, slug: str, email: str) -> TestClient:
    reset_limits()
    client = TestClient(app_client.app)
    status, _ = ask_link(client, slug, email)
    assert status == 200
    link = last_link(email)
    assert link, "no link in the outbox"
    r = client.post(link, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client
