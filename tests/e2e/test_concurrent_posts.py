"""Requests fired at a real server at the same moment, on SQLite and PostgreSQL: each answers as if it had
come first or second (never a 500), stores what it should once, and a plain GET meanwhile answers within a
second (an `async def` handler waiting on SQLite's write lock froze every request for 10 s). The plain GET
reads the database (the accounts list with the test's key), so a request stuck on the database counts too."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import httpx
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.domains.mail.models import Email
from steward.domains.tickets import csat
from steward.settings import get_settings
from tests.domains.advocacy.test_api import _contact
from tests.domains.renewals.test_api import _term
from tests.domains.tickets.test_csat import _solve
from tests.domains.tickets.test_inbound_email import RFC822, _mail
from tests.domains.tickets.test_tickets import _account
from tests.factories import ApiClient, Tenant


def _at_once(
    n: int, request: Callable[[], httpx.Response], server_url: str, api: ApiClient
) -> tuple[list[int], float]:
    """Fire `request` from n threads at once; the answers, and how long a plain GET that reads the database
    (`GET /api/v1/accounts` with `api`'s key) took meanwhile."""
    answers: list[int] = []
    start = threading.Barrier(n + 1)

    def fire() -> None:
        start.wait()
        answers.append(request().status_code)

    threads = [threading.Thread(target=fire) for _ in range(n)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    plain = httpx.get(f"{server_url}/api/v1/accounts", headers=api.headers, timeout=30)
    waited = time.perf_counter() - began
    assert plain.status_code == 200, plain.text
    for t in threads:
        t.join()
    return answers, waited


def test_three_runs_of_open_due_at_once(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    """Each term is opened once; the runs that lost the race answer as if they had come second, not 500."""
    acme = api.post("/accounts", json={"external_id": "a1", "name": "Acme"}).json()
    for n in range(5):
        _term(api, acme["id"], f"S{n}", 30 + n)
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    url = f"{server_url}/api/v1/renewals/open-due"
    opened: list[int] = []

    def run() -> httpx.Response:
        response = httpx.post(url, headers=headers, timeout=30)
        if response.status_code == 200:
            opened.append(response.json()["opened"])
        return response

    answers, waited = _at_once(3, run, server_url, api)
    assert answers == [200, 200, 200] and sum(opened) == 5
    assert waited < 1.0
    assert api.get("/renewals").json()["total"] == 5


def test_three_inbound_emails_at_once(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    _account(api)
    headers = {**RFC822, "Authorization": f"Bearer {tenant.keys['agent']}"}
    mails = iter(
        _mail(f"Dana{n} <dana{n}@acme.test>", f"Problem {n}", "Since this morning.", f"<c{n}@acme.test>")
        for n in range(3)
    )
    lock = threading.Lock()

    def send() -> httpx.Response:
        with lock:
            raw = next(mails)
        return httpx.post(
            f"{server_url}/api/v1/tickets/inbound-email", content=raw, headers=headers, timeout=30
        )

    answers, waited = _at_once(3, send, server_url, api)
    assert answers == [201, 201, 201]
    assert waited < 1.0
    assert api.get("/tickets").json()["total"] == 3


def test_concurrent_redemptions_cannot_overdraw(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    dana = _contact(api)
    api.post("/advocacy/points", json={"contact_id": dana["id"], "points": 120, "reason": "Welcome"})
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    body = {"contact_id": dana["id"], "points": -100, "reason": "Conference pass"}

    def redeem() -> httpx.Response:
        return httpx.post(f"{server_url}/api/v1/advocacy/points", json=body, headers=headers, timeout=30)

    answers, waited = _at_once(3, redeem, server_url, api)
    assert sorted(answers) == [201, 422, 422] and waited < 1.0
    assert api.get(f"/advocacy/contacts/{dana['id']}").json()["balance"] == 20


def test_a_request_completed_three_times_at_once_pays_once(
    server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    dana = _contact(api)
    referral = api.post("/advocacy/requests", json={"contact_id": dana["id"], "kind": "referral"}).json()
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    url = f"{server_url}/api/v1/advocacy/requests/{referral['id']}"

    def complete() -> httpx.Response:
        return httpx.patch(url, json={"status": "completed"}, headers=headers, timeout=30)

    answers, waited = _at_once(3, complete, server_url, api)
    assert answers == [200, 200, 200] and waited < 1.0
    me = api.get(f"/advocacy/contacts/{dana['id']}").json()
    assert len(me["ledger"]) == 1 and me["balance"] == me["ledger"][0]["points"] > 0


def test_three_answers_to_one_csat_link_at_once(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    """One answer is kept; the others are told it was answered (409), none is a 500 or overwrites it."""
    _solve(api, tenant)
    with unit_of_work() as s:
        csat.deliver(session=s, secret=get_settings().secret_key, base_url=server_url)
        body = s.scalars(select(Email.body).where(Email.to_address == "dana@acme.test")).one()
    link = re.search(rf"{re.escape(server_url)}(/csat/\S+)", body)
    assert link is not None
    ratings = iter(range(3, 6))
    lock = threading.Lock()

    def answer() -> httpx.Response:
        with lock:
            rating = next(ratings)
        return httpx.post(f"{server_url}{link.group(1)}", data={"rating": str(rating)}, timeout=30)

    answers, waited = _at_once(3, answer, server_url, api)
    assert sorted(answers) == [200, 409, 409] and waited < 1.0
    assert len(api.get("/csat/responses").json()) == 1
