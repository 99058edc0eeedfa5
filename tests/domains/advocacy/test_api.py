"""Advocacy over the API: requests per contact (one open per kind), points earned once on completion and
taken back on reopening, redemptions that cannot overdraw, the leaderboard; roles and isolation."""

from __future__ import annotations

from typing import Any

from tests.factories import ApiClient, Tenant, assert_error, make_tenant


def _contact(api: ApiClient) -> dict[str, Any]:
    acme = api.post("/accounts", json={"external_id": "a", "name": "Acme"}).json()
    body = {"external_id": "c", "account_id": acme["id"], "name": "Dana Champion", "email": "dana@acme.test"}
    return dict(api.post("/contacts", json=body).json())


def test_requests_points_and_redemptions(api: ApiClient, tenant: Tenant) -> None:
    dana = _contact(api)
    r = api.post("/advocacy/requests", json={"contact_id": dana["id"], "kind": "review", "notes": "G2"})
    assert r.status_code == 201, r.text
    review = r.json()
    assert review["status"] == "asked" and review["contact_name"] == "Dana Champion"
    assert_error(
        api.post("/advocacy/requests", json={"contact_id": dana["id"], "kind": "review"}), 409, "kind"
    )
    referral = api.post("/advocacy/requests", json={"contact_id": dana["id"], "kind": "referral"}).json()

    done = api.patch(f"/advocacy/requests/{review['id']}", json={"status": "completed"}).json()
    assert done["completed_at"] and api.get(f"/advocacy/contacts/{dana['id']}").json()["balance"] == 50
    api.patch(f"/advocacy/requests/{review['id']}", json={"status": "completed"})  # again: no second award
    assert api.put("/advocacy/points-table", json={"points": {"referral": 250}}).status_code == 200
    api.patch(f"/advocacy/requests/{referral['id']}", json={"status": "completed"})
    me = api.get(f"/advocacy/contacts/{dana['id']}").json()
    assert me["balance"] == 300 and me["completed"] == 2 and len(me["ledger"]) == 2

    spent = api.post(
        "/advocacy/points", json={"contact_id": dana["id"], "points": -280, "reason": "Conference pass"}
    )
    assert spent.status_code == 201 and spent.json()["balance"] == 20
    assert_error(
        api.post("/advocacy/points", json={"contact_id": dana["id"], "points": -21, "reason": "x"}),
        422,
        "points",
    )
    # Reopening would take back 250 points that were spent.
    assert_error(api.patch(f"/advocacy/requests/{referral['id']}", json={"status": "agreed"}), 409, "status")
    api.post("/advocacy/points", json={"contact_id": dana["id"], "points": 230, "reason": "Correction"})
    back = api.patch(f"/advocacy/requests/{referral['id']}", json={"status": "agreed"}).json()
    assert back["completed_at"] is None and api.get(f"/advocacy/contacts/{dana['id']}").json()["balance"] == 0
    assert api.get("/advocacy/leaderboard").json() == []  # nobody with points left

    api.patch(f"/advocacy/requests/{referral['id']}", json={"status": "completed"})
    (leader,) = api.get("/advocacy/leaderboard").json()
    assert leader["contact_id"] == dana["id"] and leader["balance"] == 250
    assert len(api.get("/advocacy/requests", params={"status": "completed"}).json()) == 2

    viewer = api.as_key(tenant.keys["viewer"])
    assert_error(viewer.post("/advocacy/requests", json={"contact_id": dana["id"], "kind": "speaking"}), 403)
    bonus = {"contact_id": dana["id"], "points": 5, "reason": "x"}
    assert_error(api.as_key(tenant.keys["csm"]).post("/advocacy/points", json=bonus), 403)
    stranger = api.as_key(make_tenant("Stranger").keys["admin"])
    assert_error(
        stranger.post("/advocacy/requests", json={"contact_id": dana["id"], "kind": "review"}),
        422,
        "contact_id",
    )
    assert_error(stranger.get(f"/advocacy/contacts/{dana['id']}"), 404)
    assert stranger.get("/advocacy/leaderboard").json() == []


def test_bad_advocacy_input(api: ApiClient) -> None:
    dana = _contact(api)
    assert_error(
        api.post("/advocacy/requests", json={"contact_id": dana["id"], "kind": "tweet"}), 422, "kind"
    )
    assert_error(
        api.post("/advocacy/requests", json={"contact_id": 999_999, "kind": "review"}), 422, "contact_id"
    )
    assert_error(api.put("/advocacy/points-table", json={"points": {"review": -5}}), 422, "points")
    assert_error(api.put("/advocacy/points-table", json={"points": {"lunch": 5}}), 422, "points")
    req = api.post("/advocacy/requests", json={"contact_id": dana["id"], "kind": "review"}).json()
    assert_error(api.patch(f"/advocacy/requests/{req['id']}", json={"status": "won"}), 422, "status")
    assert_error(api.patch(f"/advocacy/requests/{req['id']}", json={"status": None}), 422, "status")
    assert_error(api.patch("/advocacy/requests/999999", json={"status": "agreed"}), 404)
    assert_error(
        api.post("/advocacy/points", json={"contact_id": dana["id"], "points": 5, "reason": ""}),
        422,
        "reason",
    )
