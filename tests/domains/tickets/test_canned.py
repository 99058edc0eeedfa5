"""Canned responses: managers keep them, agents get them filled in for a ticket (its language first), bad
placeholders and statuses are named, another workspace sees none; the ticket page offers them escaped."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.domains.tickets.test_tickets import _account
from tests.factories import ApiClient, Tenant, assert_error, make_tenant
from tests.web.test_ui import login

THANKS = {
    "title": "Fixed, thanks",
    "body": "Hi {{ contact.first_name }},\n{{account.name}}'s export works again (#{{ ticket.id }}).\n"
    "{{ agent.name }}",
    "set_status": "solved",
}


def test_canned_responses_filled_in_per_ticket(api: ApiClient, tenant: Tenant) -> None:
    acme = _account(api)
    manager, agent = (api.as_key(tenant.keys[role]) for role in ("manager", "agent"))
    assert_error(agent.post("/canned-responses", json=THANKS), 403)
    created = manager.post("/canned-responses", json=THANKS)
    assert created.status_code == 201, created.text
    german = {"title": "Danke", "body": "Hallo {{ contact.name }}", "language": "de"}
    german_id = manager.post("/canned-responses", json=german).json()["id"]
    assert_error(manager.post("/canned-responses", json=THANKS), 409, "title")
    bad = assert_error(
        manager.post("/canned-responses", json={**THANKS, "title": "x", "body": "{{ ticket.owner }}"}),
        422,
        "body",
    )
    assert "{{ ticket.owner }}" in bad["detail"][0]["msg"] and "{{ agent.name }}" in bad["detail"][0]["msg"]
    assert_error(
        manager.post("/canned-responses", json={**THANKS, "title": "y", "set_status": "gone"}),
        422,
        "set_status",
    )

    ticket = agent.post(
        "/tickets",
        json={
            "subject": "Export",
            "requester_email": "dana@acme.test",
            "account_id": acme["id"],
            "language": "de",
        },
    ).json()
    offered = agent.get(f"/tickets/{ticket['id']}/canned-responses").json()
    assert [c["title"] for c in offered] == ["Danke", "Fixed, thanks"]  # the ticket's language first
    assert offered[0]["body"] == "Hallo Dana"
    assert offered[1]["body"].startswith(f"Hi Dana,\nAcme's export works again (#{ticket['id']}).\n")
    assert offered[1]["set_status"] == "solved"

    renamed = manager.put(f"/canned-responses/{german_id}", json={**german, "title": "Danke schön"})
    assert renamed.json()["title"] == "Danke schön"
    assert manager.delete(f"/canned-responses/{german_id}").status_code == 204
    assert [c["title"] for c in agent.get("/canned-responses").json()] == ["Fixed, thanks"]
    assert_error(manager.delete(f"/canned-responses/{german_id}"), 404)

    other = api.as_key(make_tenant("Elsewhere").keys["admin"])
    assert other.get("/canned-responses").json() == []
    assert_error(other.get(f"/tickets/{ticket['id']}/canned-responses"), 404)
    assert_error(other.put(f"/canned-responses/{created.json()['id']}", json=THANKS), 404)


def test_canned_page_and_ticket_form(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    account = api.post("/accounts", json={"external_id": "x", "name": "<i>Acme</i>"}).json()
    ticket = api.post("/tickets", json={"subject": "Export", "account_id": account["id"]}).json()
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/support/canned")
    assert page.status_code == 200 and "No canned responses yet" in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    bad = browser.post("/support/canned", data={"title": "T", "body": "{{ nope }}", "csrf_token": token})
    assert bad.status_code == 200 and "unknown placeholder" in bad.text
    form = {"title": "Fixed", "body": "Hello {{ account.name }}", "set_status": "solved", "csrf_token": token}
    saved = browser.post("/support/canned", data=form)
    assert saved.status_code == 200 and 'id="canned"' in saved.text
    view = browser.get(f"/tickets/{ticket['id']}")
    assert 'data-body="Hello &lt;i&gt;Acme&lt;/i&gt;"' in view.text and 'data-status="solved"' in view.text
    assert browser.post("/support/canned", data={**form, "csrf_token": "forged"}).status_code == 403
