"""The renewals list over HTTP: no form per row; filters (forecast, owner, quarter) and pages in the query
string, bad ones answered 422; each renewal's own page sets the forecast and goes back to the list as it
was filtered (never to another site); other workspaces' renewals not found."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.domains.renewals import service as renewals_service
from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.test_ui import _csrf, login


def _open_renewals(api: ApiClient, tenant: Tenant, n: int) -> None:
    for i in range(n):
        account = api.post("/accounts", json={"external_id": f"a{i}", "name": f"Account {i:02d}"}).json()
        term = {"external_id": f"S{i}", "account_id": account["id"], "plan": "Pro", "amount_minor": 100_00,
                "currency": "USD", "billing_period": "year", "start_date": "2026-01-01",
                "end_date": f"2099-0{1 + i % 4}-01"}  # fmt: skip
        assert api.post("/subscriptions", json=term).status_code == 201
    assert api.put("/renewals/settings", json={"lead_days": 730}).status_code == 200
    with unit_of_work() as s:  # the terms end far out: open them as if they were due
        renewals_service.open_due(session=s, workspace_id=tenant.id, today=date(2097, 6, 1))


def _rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-renewal="(\d+)"', html)]


def test_renewals_list_filters_pages_and_edit_page(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    _open_renewals(api, tenant, 52)
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    first = browser.get("/renewals").text
    assert len(_rows(first)) == 50 and 'id="renewals-next"' in first and "page 1 of 2" in first
    assert "<select" not in first.split('id="renewal-list"')[1].split("</table>")[0]  # no form per row
    assert len(_rows(browser.get("/renewals?page=2").text)) == 2
    q1 = browser.get("/renewals", params={"quarter": "2099Q1"}).text
    assert len(_rows(q1)) == 39  # due January to March 2099: 13 + 13 + 13
    assert _rows(browser.get("/renewals", params={"forecast": "commit", "owner": 999}).text) == []
    as_the_form_sends = {"forecast": "", "owner": "", "quarter": "2099Q1"}  # empty selects: any
    assert len(_rows(browser.get("/renewals", params=as_the_form_sends).text)) == 39
    for bad in ({"forecast": "maybe"}, {"quarter": "2099Q5"}, {"owner": "x"}, {"page": 0}):
        r = browser.get("/renewals", params=bad)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][0] == "query", bad

    rid = _rows(q1)[0]
    back = "/renewals?quarter=2099Q1"
    assert f'href="/renewals/{rid}?back=%2Frenewals%3Fquarter%3D2099Q1"' in q1
    page = browser.get(f"/renewals/{rid}", params={"back": back})
    assert page.status_code == 200 and 'id="forecast-form"' in page.text
    token = _csrf(page.text)
    form = {"action": "forecast", "forecast": "at_risk", "back": back}
    assert browser.post(f"/renewals/{rid}/act", data=form).status_code == 403  # no CSRF token
    r = browser.post(f"/renewals/{rid}/act", data={**form, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == back
    assert _rows(browser.get("/renewals", params={"forecast": "at_risk"}).text) == [rid]
    elsewhere = {**form, "back": "https://evil.test/renewals", "csrf_token": token}
    assert (
        browser.post(f"/renewals/{rid}/act", data=elsewhere, follow_redirects=False).headers["location"]
        == "/renewals"
    )
    refused = {"action": "close", "outcome": "churned", "back": back, "csrf_token": token}
    r = browser.post(f"/renewals/{rid}/act", data=refused, follow_redirects=False)
    assert r.headers["location"].startswith(f"/renewals/{rid}?error=")  # said on the renewal's page
    assert "a churn needs a reason" in browser.get(r.headers["location"]).text

    outsider = login(TestClient(app_client.app), make_tenant("Elsewhere").user_emails["admin"])
    assert outsider.get(f"/renewals/{rid}").status_code == 404
