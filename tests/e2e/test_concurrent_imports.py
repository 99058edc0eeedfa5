"""CSV imports and bounce reports fired at a real server at the same moment, on SQLite and PostgreSQL: each
answers as if it had come alone (never a 500), the rows are stored once, and a plain GET meanwhile answers
within a second."""

from __future__ import annotations

import httpx

from tests.domains.mail.test_mail import DSN
from tests.e2e.test_concurrent_posts import _at_once
from tests.factories import ApiClient, Tenant

ACCOUNTS = "external_id,name,segment\n" + "".join(f"A{n},Account {n},SMB\n" for n in range(200))


def test_three_imports_of_the_same_accounts_at_once(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}", "Content-Type": "text/csv"}

    def upload() -> httpx.Response:
        return httpx.post(
            f"{server_url}/api/v1/imports/accounts", content=ACCOUNTS, headers=headers, timeout=60
        )

    answers, waited = _at_once(3, upload, server_url, api)
    assert answers == [200, 200, 200] and waited < 1.0
    assert api.get("/accounts", params={"limit": 1}).json()["total"] == 200


def test_three_copies_of_one_bounce_report_at_once(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    report = DSN.format(message_id="<gone@steward.test>").replace("\n", "\r\n").encode()
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}", "Content-Type": "message/rfc822"}

    def send() -> httpx.Response:
        return httpx.post(f"{server_url}/api/v1/emails/bounces", content=report, headers=headers, timeout=30)

    answers, waited = _at_once(3, send, server_url, api)
    assert answers == [200, 200, 200] and waited < 1.0
    assert [s["address"] for s in api.get("/emails/suppressions").json()] == ["ok@example.net"]
