"""Portfolio and Revenue count ARR differently and say so beside the figure: Portfolio adds up active and
past-due subscriptions, Revenue the terms in force today whatever their status."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant
from tests.web.test_ui import login


def test_each_page_says_what_its_arr_counts(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    lapsed = api.post("/accounts", json={"external_id": "a", "name": "Lapsed"}).json()
    leaving = api.post("/accounts", json={"external_id": "b", "name": "Leaving"}).json()
    terms = [  # still marked active though its term ended; cancelled though its term runs on
        {"external_id": "S1", "account_id": lapsed["id"], "status": "active", "amount_minor": 100_00,
         "start_date": "2020-01-01", "end_date": "2021-01-01"},
        {"external_id": "S2", "account_id": leaving["id"], "status": "canceled", "amount_minor": 40_00,
         "start_date": "2020-01-01", "end_date": "2099-01-01"},
    ]  # fmt: skip
    for term in terms:
        body = {**term, "plan": "Pro", "currency": "USD", "billing_period": "year"}
        assert api.post("/subscriptions", json=body).status_code == 201, body
    assert api.get("/health/portfolio").json()["arr_minor"] == 100_00
    assert api.get("/revenue").json()["movement"]["end_arr_minor"] == 40_00

    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    portfolio = browser.get("/portfolio").text
    assert 'id="arr-basis">active and past-due subscriptions' in portfolio and 'href="/revenue"' in portfolio
    revenue = browser.get("/revenue").text
    assert "subscription terms in force on" in revenue and "whatever their status" in revenue
