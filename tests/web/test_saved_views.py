"""Saved views over HTTP: a user saves a list page's query string under a name (CSRF-checked form), sees it on
that list, reopens it and deletes it; the same name again replaces the query; the paging is not kept; the name
is escaped; another user's or workspace's view is not found (not opened, not deleted); bad input is a 422
naming the field. Every list page (cockpit, tickets, renewals, accounts, at risk) carries the panel."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from steward.core.roles import Role
from tests.factories import Tenant, make_tenant
from tests.web.test_cockpit_bulk import _user
from tests.web.test_ui import _csrf, login

JSON = {"accept": "application/json"}
LISTS = {"cockpit": "/cockpit", "tickets": "/tickets", "renewals": "/renewals", "accounts": "/accounts",
         "risk": "/risk"}  # fmt: skip
QUERIES = {
    "cockpit": "everyone=true&priority=high", "tickets": "q=a%26b&priority=high",
    "renewals": "forecast=commit", "accounts": "q=a%26b&sort=-arr", "risk": "mine=true&sort=ltv",
}  # fmt: skip


def _views(html: str) -> dict[str, int]:
    """The saved views shown on a list page: name -> id."""
    return {name: int(i) for i, name in re.findall(r'<a href="/views/(\d+)">([^<]*)</a>', html)}


def _save(client: TestClient, list_name: str, name: str, query: str, token: str) -> int:
    r = client.post("/views", data={"list": list_name, "name": name, "query": query, "csrf_token": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return _views(client.get(LISTS[list_name]).text)[html.escape(" ".join(name.split()), quote=False)]


def test_save_reopen_replace_delete(app_client: TestClient, tenant: Tenant) -> None:
    admin = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = admin.get("/renewals", params={"forecast": "at_risk", "page": "2"})
    assert page.status_code == 200 and 'id="saved-views"' in page.text
    assert 'name="query" value="forecast=at_risk&amp;page=2"' in page.text  # the list as it is now
    token = _csrf(page.text)
    form = {"list": "renewals", "name": "  <b>At risk</b>\n deals ", "query": "forecast=at_risk&page=2"}
    r = admin.post("/views", data={**form, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/renewals?forecast=at_risk"  # from page 1
    shown = admin.get("/renewals").text
    assert "&lt;b&gt;At risk&lt;/b&gt; deals" in shown and "<b>At risk</b>" not in shown
    view_id = _views(shown)["&lt;b&gt;At risk&lt;/b&gt; deals"]
    opened = admin.get(f"/views/{view_id}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/renewals?forecast=at_risk"
    # the same name again replaces the query; the view is one list's own (not on the accounts page)
    again = _save(admin, "renewals", "<b>At risk</b> deals", "?forecast=commit&quarter=", token)
    assert again == view_id and len(_views(admin.get("/renewals").text)) == 1
    assert (
        admin.get(f"/views/{view_id}", follow_redirects=False).headers["location"]
        == "/renewals?forecast=commit"
    )
    assert _views(admin.get("/accounts").text) == {}
    assert admin.post(f"/views/{view_id}/delete", data={}).status_code == 403  # no CSRF token
    gone = admin.post(f"/views/{view_id}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/renewals"
    assert _views(admin.get("/renewals").text) == {}
    assert admin.get(f"/views/{view_id}", headers=JSON).status_code == 404


def test_every_list_page_saves_its_views(app_client: TestClient, tenant: Tenant) -> None:
    admin = login(TestClient(app_client.app), tenant.user_emails["admin"])
    token = _csrf(admin.get("/accounts").text)
    for list_name, path in LISTS.items():
        view_id = _save(admin, list_name, f"my {list_name}", QUERIES[list_name], token)
        page = admin.get(path)
        assert page.status_code == 200 and f'data-list="{list_name}"' in page.text, list_name
        assert _views(page.text) == {f"my {list_name}": view_id}, list_name
        to = admin.get(f"/views/{view_id}", follow_redirects=False).headers["location"]
        assert to == f"{path}?{QUERIES[list_name]}", list_name
        assert admin.get(to).status_code == 200, list_name


def test_views_are_their_users_own(app_client: TestClient, tenant: Tenant) -> None:
    _user(tenant, "csm-views@example.com", Role.csm)
    admin = login(TestClient(app_client.app), tenant.user_emails["admin"])
    mine = _save(admin, "accounts", "Enterprise", "segment=enterprise", _csrf(admin.get("/accounts").text))
    csm = login(TestClient(app_client.app), "csm-views@example.com")
    csm_token = _csrf(csm.get("/accounts").text)
    assert _views(csm.get("/accounts").text) == {}
    assert csm.get(f"/views/{mine}", headers=JSON).status_code == 404
    r = csm.post(f"/views/{mine}/delete", data={"csrf_token": csm_token}, headers=JSON)
    assert r.status_code == 404
    # the same name under another user is another view
    theirs = _save(csm, "accounts", "Enterprise", "segment=smb", csm_token)
    assert theirs != mine
    other = make_tenant("Views elsewhere")
    outsider = login(TestClient(app_client.app), other.user_emails["admin"])
    out_token = _csrf(outsider.get("/accounts").text)
    assert outsider.get(f"/views/{mine}", headers=JSON).status_code == 404
    assert (
        outsider.post(f"/views/{mine}/delete", data={"csrf_token": out_token}, headers=JSON).status_code
        == 404
    )
    assert (
        admin.get(f"/views/{mine}", follow_redirects=False).headers["location"]
        == "/accounts?segment=enterprise"
    )
    _user(tenant, "viewer-views@example.com", Role.viewer)
    viewer = login(TestClient(app_client.app), "viewer-views@example.com")  # read-only roles keep views too
    _save(viewer, "renewals", "Mine", "mine=true", _csrf(viewer.get("/accounts").text))


def test_bad_input_names_the_field(app_client: TestClient, tenant: Tenant) -> None:
    admin = login(TestClient(app_client.app), tenant.user_emails["admin"])
    token = _csrf(admin.get("/accounts").text)
    base = {"list": "accounts", "name": "ok", "query": "q=a", "csrf_token": token}
    for change, field in (
        ({"list": "portfolio"}, "list"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"query": "q=" + "a" * 2000}, "query"),
        ({"query": "&".join(f"k{i}=v" for i in range(101))}, "query"),
        ({"query": "q=%00"}, "query"),
    ):
        r = admin.post("/views", data={**base, **change}, headers=JSON)
        assert r.status_code == 422, (change, r.text)
        assert r.json()["detail"][0]["loc"] == ["body", field], (change, r.json())
    assert (
        admin.post("/views", data={k: v for k, v in base.items() if k != "name"}, headers=JSON).status_code
        == 422
    )
    assert admin.get("/views/0", headers=JSON).status_code == 422
    for i in range(50):
        _save(admin, "risk", f"view {i:02d}", "", token)
    r = admin.post("/views", data={**base, "list": "risk", "name": "one more"}, headers=JSON)
    assert r.status_code == 422 and "at most 50" in r.json()["detail"][0]["msg"]
    assert _save(admin, "risk", "view 07", "sort=ltv", token)  # an existing name still saves over its view
