"""The renewals list's search, sorts and bulk changes over HTTP: search by account name, four sorts in the
query string (bad ones 422); set the forecast of, or assign, the ticked renewals through one CSRF-checked form
(CSMs and above), each renewal's outcome reported: a closed renewal is refused, another workspace's renewal is
'no renewal #n' and stays as it was; bad input is a 422 naming the field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.test_cockpit_bulk import _user
from tests.web.test_renewals_list import _open_renewals, _rows
from tests.web.test_ui import _csrf, login

JSON = {"accept": "application/json"}


def _by_account(api: ApiClient) -> dict[str, dict[str, object]]:
    return {r["account_name"]: r for r in api.get("/renewals", params={"limit": 100}).json()["items"]}


def test_search_and_sorts(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    _open_renewals(api, tenant, 6)
    renewals = _by_account(api)
    big = renewals["Account 03"]["id"]
    api.patch(f"/renewals/{big}", json={"expected_arr_minor": 9_000_00, "forecast": "at_risk"})
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    found = browser.get("/renewals", params={"q": "account 0", "sort": "expected"}).text
    assert _rows(found)[0] == big and len(_rows(found)) == 6
    assert _rows(browser.get("/renewals", params={"q": "Account 05"}).text) == [renewals["Account 05"]["id"]]
    assert _rows(browser.get("/renewals", params={"q": "nobody"}).text) == []
    assert _rows(browser.get("/renewals", params={"sort": "risk"}).text)[0] == big
    due = [r["id"] for r in sorted(renewals.values(), key=lambda r: (str(r["due_date"]), int(str(r["id"]))))]
    assert _rows(browser.get("/renewals").text) == due
    r = browser.get("/renewals", params={"sort": "random"}, headers=JSON)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "sort"]
    r = browser.get("/renewals", params={"q": "x" * 201}, headers=JSON)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "q"]


def test_bulk_forecast_and_assign(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    _open_renewals(api, tenant, 4)
    ids = [r["id"] for r in _by_account(api).values()]
    closed = ids[3]
    assert api.post(f"/renewals/{closed}/close", json={"outcome": "renewed"}).status_code == 200
    csm_id = _user(tenant, "csm-renew@example.com", Role.csm)
    _user(tenant, "viewer-renew@example.com", Role.viewer)
    theirs = make_tenant("Renewals elsewhere")
    their_api = ApiClient(app_client, theirs.keys["admin"])
    _open_renewals(their_api, theirs, 1)
    foreign = their_api.get("/renewals").json()["items"][0]
    with unit_of_work() as s:
        their_user = users_service.list_users(session=s, workspace_id=theirs.id)[0].id

    csm = login(TestClient(app_client.app), "csm-renew@example.com")
    page = csm.get("/renewals").text
    assert 'id="renewal-bulk"' in page and 'name="renewal_ids"' in page
    token = _csrf(page)
    form = {"action": "forecast", "forecast": "commit",
            "renewal_ids": [str(ids[0]), str(ids[1]), str(closed), str(foreign["id"])]}  # fmt: skip
    assert csm.post("/renewals/bulk", data=form).status_code == 403  # no CSRF token
    r = csm.post("/renewals/bulk", data={**form, "csrf_token": token}, headers=JSON)
    assert r.status_code == 200, r.text
    results = {x["id"]: x for x in r.json()["results"]}
    assert r.json()["changed"] == 2 and r.json()["refused"] == 2
    assert "closed" in results[closed]["message"] and not results[closed]["changed"]
    unknown = f"no renewal #{foreign['id']} in this workspace"
    assert results[foreign["id"]] == {
        "id": foreign["id"],
        "account": "",
        "changed": False,
        "message": unknown,
    }
    for rid in ids[:2]:
        got = api.get(f"/renewals/{rid}").json()
        assert got["forecast"] == "commit" and got["forecast_by"] == "person"
    assert their_api.get(f"/renewals/{foreign['id']}").json()["forecast"] == foreign["forecast"]

    assign = {"action": "assign", "owner_id": str(csm_id), "renewal_ids": [str(ids[2])], "csrf_token": token,
              "back": "/renewals?forecast=commit"}  # fmt: skip
    shown = csm.post("/renewals/bulk", data=assign)
    assert shown.status_code == 200 and "1 of 1 renewals: assigned" in shown.text
    assert 'href="/renewals?forecast=commit" id="bulk-back"' in shown.text
    assert api.get(f"/renewals/{ids[2]}").json()["owner_id"] == csm_id
    elsewhere = csm.post("/renewals/bulk", data={**assign, "back": "https://evil.example/"})
    assert 'href="/renewals" id="bulk-back"' in elsewhere.text  # back only to the list

    for change, field in (
        ({"owner_id": str(their_user)}, "owner_id"),  # another workspace's user
        ({"owner_id": ""}, "owner_id"),
        ({"action": "forecast", "forecast": "maybe"}, "forecast"),
        ({"action": "close"}, "action"),
        ({"renewal_ids": ["x"]}, "renewal_ids"),
        ({"renewal_ids": []}, "renewal_ids"),
        ({"renewal_ids": [str(i) for i in range(1, 202)]}, "renewal_ids"),
    ):
        r = csm.post("/renewals/bulk", data={**assign, **change}, headers=JSON)
        assert r.status_code == 422, (change, r.text)
        assert r.json()["detail"][0]["loc"] == ["body", field], (change, r.json())
    assert api.get(f"/renewals/{ids[2]}").json()["owner_id"] == csm_id

    viewer = login(TestClient(app_client.app), "viewer-renew@example.com")
    viewer_page = viewer.get("/renewals").text
    assert 'id="renewal-bulk"' not in viewer_page
    r = viewer.post("/renewals/bulk", data={**assign, "csrf_token": _csrf(viewer_page)}, headers=JSON)
    assert r.status_code == 403
