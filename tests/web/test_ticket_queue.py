"""The ticket queue over HTTP: search, filters, sort and paging in the query string; bad filters answered
422; bulk assign and close CSRF-checked, for agents and above, all or nothing, other workspaces' tickets
not found."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.web.test_ui import _csrf, login


def _rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'name="ticket_ids" value="(\d+)"', html)]


def test_search_filter_sort_and_page(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()["id"]
    made = {}
    for subject, priority, email in (
        ("Export to <CSV> fails", "urgent", "dana@acme.test"),
        ("Cannot log in", "low", "lee@other.test"),
        ("100% CPU on sync", "high", "kim@acme.test"),
    ):
        body = {"subject": subject, "priority": priority, "requester_email": email, "account_id": acme}
        made[subject] = api.post("/tickets", json=body).json()["id"]
    filler = [api.post("/tickets", json={"subject": f"Filler {i}"}).json()["id"] for i in range(48)]
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])

    first = browser.get("/tickets")
    assert first.status_code == 200 and len(_rows(first.text)) == 50 and 'id="queue-next"' in first.text
    second = browser.get("/tickets?page=2")
    assert len(_rows(second.text)) == 1 and "page 2 of 2" in second.text
    found = browser.get("/tickets", params={"q": "<csv>"}).text
    assert _rows(found) == [made["Export to <CSV> fails"]] and "Export to &lt;CSV&gt; fails" in found
    assert _rows(browser.get("/tickets", params={"q": "100%"}).text) == [made["100% CPU on sync"]]
    assert _rows(browser.get("/tickets", params={"q": "%"}).text) == [made["100% CPU on sync"]]  # literal
    assert _rows(browser.get("/tickets", params={"q": "@acme.test", "sort": "oldest"}).text) == [
        made["Export to <CSV> fails"], made["100% CPU on sync"]
    ]  # fmt: skip
    assert _rows(browser.get("/tickets", params={"q": f"#{filler[3]}"}).text) == [filler[3]]
    by_urgency = _rows(browser.get("/tickets", params={"account": acme, "sort": "priority"}).text)
    assert by_urgency == [made[s] for s in ("Export to <CSV> fails", "100% CPU on sync", "Cannot log in")]
    assert _rows(browser.get("/tickets", params={"priority": "low"}).text) == [made["Cannot log in"]]
    as_the_form_sends = {"tab": "open", "q": "", "status": "", "priority": "", "assignee": "", "sort": "due"}
    assert len(_rows(browser.get("/tickets", params=as_the_form_sends).text)) == 50
    assert len(_rows(browser.get("/tickets", params={"assignee": "none", "status": "new"}).text)) == 50

    by_api = api.get("/tickets", params={"q": "acme.test", "sort": "priority"}).json()["items"]
    assert [x["id"] for x in by_api] == [made["Export to <CSV> fails"], made["100% CPU on sync"]]
    assert api.get("/tickets", params={"sort": "random"}).status_code == 422
    for bad in ({"priority": "asap"}, {"sort": "random"}, {"assignee": "x"}, {"page": 0}):
        r = browser.get("/tickets", params=bad)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][0] == "query", (bad, r.text)
    unknown = browser.get("/tickets", params={"status": "nope"})  # a domain error: the UI's error page
    assert unknown.status_code == 422 and "unknown status &#39;nope&#39;" in unknown.text


def test_bulk_assign_and_close(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    ids = [api.post("/tickets", json={"subject": f"Ticket {i}"}).json()["id"] for i in range(3)]
    with unit_of_work() as s:
        admin_id = next(u.id for u in users_service.list_users(session=s, workspace_id=tenant.id)
                        if u.email == tenant.user_emails["admin"])  # fmt: skip
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(email="viewer-q@example.com", name="Vic", role=Role.viewer, password=PASSWORD),
        )
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/tickets", params={"q": "Ticket", "sort": "newest"})
    token = _csrf(page.text)
    assign = {"action": "assign", "assignee_id": str(admin_id), "ticket_ids": [str(i) for i in ids[:2]]}
    back = "/tickets?q=Ticket&sort=newest"
    assert browser.post("/tickets/bulk", data={**assign, "back": back}).status_code == 403  # no CSRF token
    r = browser.post(
        "/tickets/bulk", data={**assign, "back": back, "csrf_token": token}, follow_redirects=False
    )
    assert (
        r.status_code == 303
        and r.headers["location"] == "/tickets?q=Ticket&sort=newest&done=assigned&count=2"
    )
    shown = browser.get(r.headers["location"]).text
    assert "2 tickets assigned." in shown
    assert {t["id"] for t in api.get("/tickets", params={"assignee_id": admin_id}).json()["items"]} == set(
        ids[:2]
    )

    evil = browser.post("/tickets/bulk", data={**assign, "back": "https://evil.test/", "csrf_token": token},
                        follow_redirects=False)  # fmt: skip
    assert evil.headers["location"].startswith("/tickets?done=")  # back only to the queue
    close = {"action": "close", "ticket_ids": [str(ids[2])], "csrf_token": token}
    assert browser.post("/tickets/bulk", data=close, follow_redirects=False).status_code == 303
    assert api.get(f"/tickets/{ids[2]}").json()["status"] == "solved"

    theirs = make_tenant("Elsewhere")
    foreign = (
        ApiClient(app_client, theirs.keys["admin"]).post("/tickets", json={"subject": "Theirs"}).json()["id"]
    )
    mixed = {"action": "close", "ticket_ids": [str(ids[0]), str(foreign)], "csrf_token": token}
    assert (
        browser.post("/tickets/bulk", data=mixed, headers={"accept": "application/json"}).status_code == 404
    )
    assert api.get(f"/tickets/{ids[0]}").json()["status"] != "solved"  # all or nothing
    junk = {"action": "close", "ticket_ids": ["1 OR 1=1"], "csrf_token": token}
    r = browser.post("/tickets/bulk", data=junk)
    assert r.status_code == 422 and "tick the tickets to change" in r.text
    nobody = {"action": "assign", "assignee_id": "", "ticket_ids": [str(ids[0])], "csrf_token": token}
    assert (
        browser.post("/tickets/bulk", data=nobody, headers={"accept": "application/json"}).status_code == 422
    )
    wrong = {"action": "delete", "ticket_ids": [str(ids[0])], "csrf_token": token}
    assert (
        browser.post("/tickets/bulk", data=wrong, headers={"accept": "application/json"}).status_code == 422
    )

    viewer = login(TestClient(app_client.app), "viewer-q@example.com")
    seen = viewer.get("/tickets").text
    assert 'id="bulk-form"' not in seen and 'name="ticket_ids"' not in seen
    as_viewer = {**close, "ticket_ids": [str(ids[0])], "csrf_token": _csrf(seen)}
    assert viewer.post("/tickets/bulk", data=as_viewer).status_code == 403
