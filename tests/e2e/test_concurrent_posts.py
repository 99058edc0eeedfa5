"""Handlers that read a raw body run in the threadpool, not on the event loop: three different e-mails posted
to a real server at the same moment all open their tickets, and a plain GET meanwhile answers at once (an
`async def` handler waiting on SQLite's write lock froze every request for 10 s and lost a ticket)."""

from __future__ import annotations

import threading
import time

import httpx

from tests.domains.tickets.test_inbound_email import RFC822, _mail
from tests.domains.tickets.test_tickets import _account
from tests.factories import ApiClient, Tenant


def test_three_inbound_emails_at_once(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    _account(api)
    headers = {**RFC822, "Authorization": f"Bearer {tenant.keys['agent']}"}
    answers: list[int] = []
    start = threading.Barrier(4)

    def send(n: int) -> None:
        raw = _mail(
            f"Dana{n} <dana{n}@acme.test>", f"Problem {n}", "Since this morning.", f"<c{n}@acme.test>"
        )
        start.wait()
        answers.append(
            httpx.post(
                f"{server_url}/api/v1/tickets/inbound-email", content=raw, headers=headers, timeout=30
            ).status_code
        )

    threads = [threading.Thread(target=send, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    assert httpx.get(f"{server_url}/healthz", timeout=30).status_code == 200
    waited = time.perf_counter() - began
    for t in threads:
        t.join()
    assert sorted(answers) == [201, 201, 201]
    assert waited < 1.0
    assert api.get("/tickets").json()["total"] == 3
