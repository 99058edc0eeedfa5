"""Timeline API: log, list newest first with cursor, edit, contacts links, roles, isolation, bad input."""

from __future__ import annotations

from steward.core.db import unit_of_work
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate
from tests.factories import ApiClient, Tenant, assert_error, make_tenant


def _setup(api: ApiClient) -> tuple[int, int]:
    account_id = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()["id"]
    contact_id = api.post("/contacts", json={"external_id": "c", "account_id": account_id}).json()["id"]
    return account_id, contact_id


def test_log_list_edit_delete(api: ApiClient, tenant: Tenant) -> None:
    account_id, contact_id = _setup(api)
    for day in range(1, 8):
        r = api.post(
            "/timeline",
            json={
                "account_id": account_id,
                "kind": "call" if day % 2 else "note",
                "subject": f"Day {day}",
                "occurred_at": f"2026-03-0{day}T10:00:00+01:00",
                "contact_ids": [contact_id],
            },
        )
        assert r.status_code == 201, r.text
    first = r.json()
    assert first["contact_ids"] == [contact_id] and first["occurred_at"].startswith("2026-03-07T09:00:00")
    subjects, cursor = [], None
    while True:
        page = api.get(
            "/timeline",
            params={"account_id": account_id, "limit": 3, **({"cursor": cursor} if cursor else {})},
        ).json()
        subjects += [a["subject"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert subjects == [f"Day {d}" for d in range(7, 0, -1)]
    calls = api.get("/timeline", params={"account_id": account_id, "kind": "call"}).json()["items"]
    assert len(calls) == 4
    r = api.patch(f"/timeline/{first['id']}", json={"subject": "Renewal call", "contact_ids": []})
    assert r.json()["subject"] == "Renewal call" and r.json()["contact_ids"] == []
    agent = api.as_key(tenant.keys["agent"])
    assert (
        agent.post("/timeline", json={"account_id": account_id, "kind": "note", "subject": "hi"}).status_code
        == 201
    )
    assert_error(agent.delete(f"/timeline/{first['id']}"), 403)
    assert_error(
        api.as_key(tenant.keys["viewer"]).post(
            "/timeline", json={"account_id": account_id, "kind": "note", "subject": "x"}
        ),
        403,
    )
    assert api.delete(f"/timeline/{first['id']}").status_code == 204


def test_bad_input_and_isolation(api: ApiClient) -> None:
    account_id, contact_id = _setup(api)
    base = {"account_id": account_id, "kind": "note", "subject": "s"}
    assert_error(api.post("/timeline", json={**base, "kind": "fax"}), 422, "kind")
    assert_error(
        api.post("/timeline", json={**base, "occurred_at": "2026-03-01T10:00:00"}), 422, "occurred_at"
    )
    assert_error(api.post("/timeline", json={**base, "subject": ""}), 422, "subject")
    assert_error(api.post("/timeline", json={**base, "contact_ids": [999999]}), 422, "contact_ids")
    assert_error(api.get("/timeline"), 422, "account_id")
    other = api.as_key(make_tenant("Other").keys["admin"])
    assert_error(other.post("/timeline", json=base), 422, "account_id")
    assert_error(other.get("/timeline", params={"account_id": account_id}), 404)
    other_acc = other.post("/accounts", json={"external_id": "o", "name": "O"}).json()["id"]
    assert_error(
        other.post("/timeline", json={**base, "account_id": other_acc, "contact_ids": [contact_id]}),
        422,
        "contact_ids",
    )
    assert api.get("/timeline", params={"account_id": account_id}).json()["items"] == []


def test_bulk_log(api: ApiClient, tenant: Tenant) -> None:
    account_id, contact_id = _setup(api)
    items = [
        (None, ActivityCreate(account_id=account_id, kind="email", subject=f"E{i}", contact_ids=[contact_id]))
        for i in range(50)
    ]
    with unit_of_work() as s:
        assert timeline_service.bulk_log(session=s, workspace_id=tenant.id, items=items) == 50
    page = api.get("/timeline", params={"account_id": account_id, "limit": 200}).json()
    assert len(page["items"]) == 50 and all(a["contact_ids"] == [contact_id] for a in page["items"])
