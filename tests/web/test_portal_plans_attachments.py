"""The customer portal's shared success plans (listed and readable by the account's contacts only, while the
CSM's share link is live) and attachment metadata on portal tickets and replies (validated, stored, shown to
the contact and to the agent; no file is uploaded)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.portal_helpers import account_with, csrf, public_url, sign_in, ticket_for
from tests.web.test_ui import login

pytestmark = pytest.mark.usefixtures("public_url")
__all__ = ["public_url"]  # a fixture


def test_a_shared_plan_is_read_by_its_accounts_contacts_only(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    slug = tenant.slug
    mine, _ = account_with(api, "Initech", {"pete@initech.test": None})
    theirs, _ = account_with(api, "Globex", {"hank@globex.test": "company"})
    shared = api.post("/plans", json={"account_id": mine, "title": "Rollout"}).json()["id"]
    private = api.post("/plans", json={"account_id": mine, "title": "Internal renewal plan"}).json()["id"]
    other = api.post("/plans", json={"account_id": theirs, "title": "Globex rollout"}).json()["id"]
    for plan in (shared, other):
        assert api.post(f"/plans/{plan}/share", json={}).status_code == 200
    pete = sign_in(app_client, slug, "pete@initech.test")
    home = pete.get(f"/portal/{slug}").text
    assert 'id="portal-plans"' in home and f"/portal/{slug}/plans/{shared}" in home
    assert "Internal renewal plan" not in home and "Globex rollout" not in home
    page = pete.get(f"/portal/{slug}/plans/{shared}")
    assert page.status_code == 200 and "Rollout" in page.text and "Success plan for Initech" in page.text
    assert pete.get(f"/portal/{slug}/plans/{private}").status_code == 404  # not shared
    assert pete.get(f"/portal/{slug}/plans/{other}").status_code == 404  # another account's
    hank = sign_in(app_client, slug, "hank@globex.test")
    assert hank.get(f"/portal/{slug}/plans/{shared}").status_code == 404
    assert hank.get(f"/portal/{slug}/plans/{other}").status_code == 200

    assert api.delete(f"/plans/{shared}/share").status_code == 200  # the CSM withdraws it
    assert pete.get(f"/portal/{slug}/plans/{shared}").status_code == 404
    assert 'id="portal-plans"' not in pete.get(f"/portal/{slug}").text
    assert TestClient(app_client.app).get(
        f"/portal/{slug}/plans/{other}", follow_redirects=False
    ).status_code in {
        302,
        303,
        307,
    }  # signed out: to the sign-in page

    stranger = make_tenant("Stranger")  # another workspace's portal with the same plan id
    stranger_api = ApiClient(app_client, stranger.keys["admin"])
    _, _ = account_with(stranger_api, "Initech", {"pete@initech.test": None})
    elsewhere = sign_in(app_client, stranger.slug, "pete@initech.test")
    assert elsewhere.get(f"/portal/{stranger.slug}/plans/{other}").status_code == 404
    assert elsewhere.get(f"/portal/{slug}/plans/{other}", follow_redirects=False).status_code != 200


def test_attachment_metadata_on_portal_tickets_and_replies(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    slug = tenant.slug
    account, ids = account_with(api, "Initech", {"pete@initech.test": None})
    ticket = ticket_for(api, account, ids["pete@initech.test"], "TPS reports")
    browser = sign_in(app_client, slug, "pete@initech.test")
    token = csrf(browser.get(f"/portal/{slug}/new").text)
    form = {
        "subject": "Stapler missing", "body": "Red one", "csrf_token": token,
        "att_name": ["photo.jpg", "", "notes <b>.txt"], "att_size": ["123456", "", "12"],
        "att_type": ["image/jpeg", "", ""], "att_url": ["https://files.example.com/photo.jpg", "", ""],
    }  # fmt: skip
    made = browser.post(f"/portal/{slug}/tickets", data=form)
    assert made.status_code == 200 and "photo.jpg" in made.text and "notes &lt;b&gt;.txt" in made.text
    assert 'href="https://files.example.com/photo.jpg"' in made.text and "123,456 bytes" in made.text
    [row] = [t for t in api.get("/tickets").json()["items"] if t["subject"] == "Stapler missing"]
    first = api.get(f"/tickets/{row['id']}").json()["messages"][0]
    assert first["attachments"] == [
        {"filename": "photo.jpg", "content_type": "image/jpeg", "size": 123456,
         "url": "https://files.example.com/photo.jpg"},
        {"filename": "notes <b>.txt", "content_type": "application/octet-stream", "size": 12, "url": None},
    ]  # fmt: skip
    staff = login(TestClient(app_client.app), tenant.user_emails["admin"]).get(f"/tickets/{row['id']}").text
    assert 'href="https://files.example.com/photo.jpg"' in staff and "<code>image/jpeg</code>" in staff

    reply = f"/portal/{slug}/tickets/{ticket}/reply"
    bad = {  # each refused with the field named, the message kept, nothing stored
        "size": ({"att_name": "a.pdf", "att_size": "lots"}, "attachments 1 size"),
        "no size": ({"att_name": "a.pdf"}, "attachments 1 size"),
        "no name": ({"att_size": "10"}, "attachments 1 filename"),
        "too big": ({"att_name": "a.iso", "att_size": str(200 * 1024 * 1024)}, "attachments 1 size"),
        "type": ({"att_name": "a.pdf", "att_size": "1", "att_type": "pdf"}, "attachments 1 content_type"),
        "link": ({"att_name": "a", "att_size": "1", "att_url": "javascript:alert(1)"}, "attachments 1 url"),
        "long name": ({"att_name": "a" * 256, "att_size": "1"}, "attachments 1 filename"),
        "too many": ({"att_name": [f"f{i}" for i in range(6)], "att_size": ["1"] * 6}, "attachments:"),
    }
    for case, (fields, said) in bad.items():
        answer = browser.post(reply, data={"body": "See attached", "csrf_token": token, **fields})
        assert answer.status_code == 422 and said in answer.text, (case, answer.text[-800:])
        assert "See attached" in answer.text, case  # what was typed stays in the form
    assert len(api.get(f"/tickets/{ticket}").json()["messages"]) == 1
    good = {
        "body": "Logs",
        "csrf_token": token,
        "att_name": "log.txt",
        "att_size": "2048",
        "att_type": "text/plain",
    }
    assert browser.post(reply, data=good, follow_redirects=False).status_code == 303
    last = api.get(f"/tickets/{ticket}").json()["messages"][-1]
    assert last["attachments"] == [
        {"filename": "log.txt", "content_type": "text/plain", "size": 2048, "url": None}
    ]
    assert "log.txt" in browser.get(f"/portal/{slug}/tickets/{ticket}").text
    over_api = api.post(
        f"/tickets/{ticket}/messages",
        json={"body": "x", "attachments": [{"filename": "a", "size": 1, "url": "ftp://x"}]},
    )
    assert over_api.status_code == 422 and over_api.json()["detail"][0]["loc"][-1] == "url"
