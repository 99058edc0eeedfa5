"""Revenue metrics over the API and on the leaders' page, on the hand-worked book of the unit tests."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant, assert_error
from tests.factories.charts import chart_spec, values
from tests.web.test_ui import login

TERMS = [  # the book of tests/unit/test_revenue_metrics.py, through the API
    ("A", "A1", "2025-01-01", "2026-01-01", 1000, "year", "expired"),
    ("A", "A2", "2026-01-01", "2027-01-01", 1200, "year", "active"),
    ("B", "B1", "2025-03-01", "2026-03-01", 100, "month", "canceled"),
    ("C", "C1", "2025-06-01", None, 50, "month", "active"),
    ("C", "C2", "2025-06-01", "2026-02-01", 300, "year", "canceled"),
    ("D", "D1", "2025-10-15", "2026-10-15", 250, "quarter", "active"),
]


def test_movement_over_the_api_and_the_page(api: ApiClient, app_client: TestClient, tenant: Tenant) -> None:
    accounts = [{"external_id": a, "name": f"Account {a}"} for a in "ABCD"]
    assert api.post("/accounts/bulk", json={"items": accounts}).status_code == 200
    subs = [
        {"external_id": ext, "account_external_id": acc, "plan": "Plan", "amount_minor": amount,
         "currency": "USD", "billing_period": period, "start_date": start, "end_date": end, "status": status}
        for acc, ext, start, end, amount, period, status in TERMS
    ]  # fmt: skip
    r = api.post("/subscriptions/bulk", json={"items": subs})
    assert r.status_code == 200, r.text
    data = api.get("/revenue", params={"start": "2025-07-01", "end": "2026-06-30"}).json()
    m = data["movement"]
    assert (m["start_arr_minor"], m["end_arr_minor"]) == (3100, 2800)
    assert (m["new_minor"], m["expansion_minor"], m["contraction_minor"], m["churned_minor"]) == (
        1000,
        200,
        300,
        1200,
    )
    assert abs(m["nrr"] - 1800 / 3100) < 1e-9 and abs(m["grr"] - 1600 / 3100) < 1e-9
    assert m["churned_logos"] == 1 and m["start_logos"] == 3
    cohorts = {c["cohort"]: c for c in data["cohorts"]}
    assert cohorts["2025-01"]["revenue"][12] == 1.2 and cohorts["2025-03"]["logos"][12] == 0
    assert len(data["arr"]) >= 12 and all(q["renewals"] >= 0 for q in data["renewals"])
    assert_error(api.get("/revenue", params={"start": "2026-01-01", "end": "2025-01-01"}), 422, "end")
    assert_error(api.get("/revenue", params={"months": 0}), 422, "months")

    page = login(TestClient(app_client.app), tenant.user_emails["admin"]).get("/revenue")
    assert page.status_code == 200 and "Net revenue retention" in page.text and 'id="cohorts"' in page.text
    assert "Renewal forecast" in page.text
    arr = chart_spec(page.text, "arr-line")
    tail = len(data["arr"])  # the page shows 24 months, the API's default 12 (+1): its last ones
    assert arr["unit"] == "money" and arr["labels"][-tail:] == [p["day"] for p in data["arr"]]
    assert values(arr, "ARR")[-tail:] == [p["arr_minor"] / 100 for p in data["arr"]]
    movement = chart_spec(page.text, "movement-bars")
    assert movement["labels"] == ["Starting ARR", "New", "Expansion", "Contraction", "Churned", "Ending ARR"]
    start, new, expansion, contraction, churned, end = values(movement, "ARR")  # the page's own period
    assert contraction <= 0 and churned <= 0
    assert abs(start + new + expansion + contraction + churned - end) < 1e-6
