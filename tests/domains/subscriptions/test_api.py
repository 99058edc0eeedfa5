"""Subscriptions API: CRUD, derived ARR/MRR, account revenue roll-up, bulk, filters, isolation, bad input."""

from __future__ import annotations

from datetime import date, timedelta

from tests.factories import ApiClient, assert_error, make_tenant

SOON = (date.today() + timedelta(days=40)).isoformat()
LATER = (date.today() + timedelta(days=200)).isoformat()


def _account(api: ApiClient, ext: str = "acme") -> int:
    r = api.post("/accounts", json={"external_id": ext, "name": ext.title()})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _sub(ext: str, **over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "external_id": ext,
        "account_external_id": "acme",
        "plan": "Growth",
        "amount_minor": 50_000,
        "currency": "USD",
        "billing_period": "month",
        "start_date": "2026-01-01",
        "end_date": LATER,
        "seats": 25,
        "notice_days": 30,
    }
    return {**base, **over}


def test_create_derives_arr_and_rolls_up_to_account(api: ApiClient) -> None:
    account_id = _account(api)
    r = api.post("/subscriptions", json=_sub("s1"))
    assert r.status_code == 201, r.text
    s1 = r.json()
    assert s1["arr_minor"] == 600_000 and s1["mrr_minor"] == 50_000 and s1["status"] == "active"
    assert s1["renewal_notice_date"] == (date.fromisoformat(LATER) - timedelta(days=30)).isoformat()
    api.post(
        "/subscriptions",
        json=_sub("s2", plan="Seats", amount_minor=120_000, billing_period="year", end_date=SOON),
    )
    api.post("/subscriptions", json=_sub("s3", status="trial", end_date=SOON))
    acc = api.get(f"/accounts/{account_id}").json()
    assert acc["arr_minor"] == 720_000 and acc["next_renewal_date"] == SOON
    api.patch(f"/subscriptions/{s1['id']}", json={"status": "canceled"})
    assert api.get(f"/accounts/{account_id}").json()["arr_minor"] == 120_000
    s2 = api.get("/subscriptions/by-external-id/s2").json()
    assert api.delete(f"/subscriptions/{s2['id']}").status_code == 204
    acc = api.get(f"/accounts/{account_id}").json()
    assert acc["arr_minor"] == 0 and acc["next_renewal_date"] is None
    sorted_by_arr = api.get("/accounts", params={"sort": "-arr"}).json()
    assert sorted_by_arr["total"] == 1


def test_moving_a_subscription_updates_both_accounts(api: ApiClient) -> None:
    a, b = _account(api, "a"), _account(api, "b")
    sub = api.post("/subscriptions", json=_sub("s", account_external_id="a")).json()
    api.patch(f"/subscriptions/{sub['id']}", json={"account_id": b})
    assert api.get(f"/accounts/{a}").json()["arr_minor"] == 0
    assert api.get(f"/accounts/{b}").json()["arr_minor"] == 600_000


def test_upsert_bulk_and_filters(api: ApiClient) -> None:
    _account(api)
    assert_error(api.put("/subscriptions/by-external-id/new", json={"plan": "X"}), 422, "amount_minor")
    r = api.put(
        "/subscriptions/by-external-id/new", json={k: v for k, v in _sub("new").items() if k != "external_id"}
    )
    assert r.status_code == 201, r.text
    assert api.put("/subscriptions/by-external-id/new", json={"seats": 40}).json()["seats"] == 40
    items = [
        _sub(f"b{i}", end_date=(date.today() + timedelta(days=10 * i + 1)).isoformat()) for i in range(20)
    ]
    r = api.post("/subscriptions/bulk", json={"items": items})
    assert r.status_code == 200 and r.json()["created"] == 20
    window = {
        "renews_after": date.today().isoformat(),
        "renews_before": (date.today() + timedelta(days=95)).isoformat(),
    }
    assert api.get("/subscriptions", params=window).json()["total"] == 10
    seen, cursor = [], None
    while True:
        page = api.get("/subscriptions", params={"limit": 6, **({"cursor": cursor} if cursor else {})}).json()
        seen += [s["end_date"] for s in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(seen) and len(seen) == 21


def test_bad_input(api: ApiClient) -> None:
    _account(api)
    cases = [
        (_sub("x", currency="usd"), "currency"),
        (_sub("x", amount_minor=-1), "amount_minor"),
        (_sub("x", amount_minor="12.50"), "amount_minor"),
        (_sub("x", billing_period="week"), "billing_period"),
        (_sub("x", end_date="2025-01-01"), "body"),
        (_sub("x", account_external_id="ghost"), "account_external_id"),
        ({k: v for k, v in _sub("x").items() if k != "account_external_id"}, "body"),
    ]
    for payload, loc in cases:
        assert_error(api.post("/subscriptions", json=payload), 422, loc)
    assert api.get("/subscriptions").json()["total"] == 0
    sub = api.post("/subscriptions", json=_sub("ok")).json()
    assert_error(api.patch(f"/subscriptions/{sub['id']}", json={"end_date": "2020-01-01"}), 422, "end_date")
    assert_error(api.patch(f"/subscriptions/{sub['id']}", json={"plan": None}), 422, "plan")


def test_isolation(api: ApiClient) -> None:
    account_id = _account(api)
    sub = api.post("/subscriptions", json=_sub("s1")).json()
    other = api.as_key(make_tenant("Other").keys["admin"])
    assert_error(other.get(f"/subscriptions/{sub['id']}"), 404)
    assert_error(
        other.post("/subscriptions", json=_sub("s9", account_external_id=None, account_id=account_id)), 422
    )
    assert other.get("/subscriptions").json()["total"] == 0
