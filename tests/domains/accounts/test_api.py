"""Accounts API: CRUD, upsert, bulk, pagination, filters, isolation, roles and bad input."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import ApiClient, Tenant, assert_error, make_tenant


def _create(api: ApiClient, **fields: object) -> dict[str, object]:
    r = api.post("/accounts", json=fields)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_create_read_update_delete(api: ApiClient) -> None:
    acc = _create(
        api,
        external_id="A-1",
        name="Acme",
        domain="acme.com",
        segment="Enterprise",
        lifecycle_stage="onboarding",
    )
    assert acc["arr_minor"] == 0 and acc["parent_id"] is None
    got = api.get(f"/accounts/{acc['id']}").json()
    assert got["name"] == "Acme" and got["domain"] == "acme.com"
    r = api.patch(f"/accounts/{acc['id']}", json={"segment": "Mid-Market", "domain": None})
    assert r.status_code == 200, r.text
    assert r.json()["segment"] == "Mid-Market" and r.json()["domain"] is None and r.json()["name"] == "Acme"
    assert api.delete(f"/accounts/{acc['id']}").status_code == 204
    assert_error(api.get(f"/accounts/{acc['id']}"), 404)


def test_duplicate_external_id_is_conflict(api: ApiClient) -> None:
    _create(api, external_id="A-1", name="Acme")
    assert_error(api.post("/accounts", json={"external_id": "A-1", "name": "Other"}), 409, "external_id")


def test_upsert_by_external_id_creates_then_updates_only_sent_fields(api: ApiClient) -> None:
    r = api.put("/accounts/by-external-id/X-9", json={"name": "Xeno", "segment": "SMB"})
    assert r.status_code == 201, r.text
    r = api.put("/accounts/by-external-id/X-9", json={"tier": "Gold"})
    assert r.status_code == 200, r.text
    assert r.json()["segment"] == "SMB" and r.json()["tier"] == "Gold" and r.json()["name"] == "Xeno"
    assert_error(api.put("/accounts/by-external-id/NEW", json={"tier": "Gold"}), 422, "name")
    assert api.get("/accounts/by-external-id/X-9").json()["id"] == r.json()["id"]


def test_bulk_upsert_with_parents_in_same_request(api: ApiClient) -> None:
    items = [
        {"external_id": "child", "name": "Child", "parent_external_id": "parent"},
        {"external_id": "parent", "name": "Parent"},
    ]
    r = api.post("/accounts/bulk", json={"items": items})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["created"] == 2 and body["updated"] == 0
    ids = {i["external_id"]: i["id"] for i in body["items"]}
    assert api.get(f"/accounts/{ids['child']}").json()["parent_id"] == ids["parent"]
    for created in ("child", "parent"):
        row = api.get(f"/accounts/{ids[created]}").json()
        assert row["created_at"] == row["updated_at"]
    r = api.post("/accounts/bulk", json={"items": [{"external_id": "parent", "name": "Parent Co"}]})
    assert r.json()["updated"] == 1
    parent = api.get(f"/accounts/{ids['parent']}").json()
    assert parent["name"] == "Parent Co" and parent["updated_at"] > parent["created_at"]
    assert api.get(f"/accounts?parent_id={ids['parent']}").json()["total"] == 1


def test_bulk_rejects_duplicates_and_changes_nothing(api: ApiClient) -> None:
    items = [
        {"external_id": "d", "name": "One"},
        {"external_id": "ok", "name": "Fine"},
        {"external_id": "d", "name": "Two"},
    ]
    body = assert_error(api.post("/accounts/bulk", json={"items": items}), 422, "items.2.external_id")
    assert "duplicate" in body["detail"][0]["msg"]
    assert api.get("/accounts").json()["total"] == 0


def test_bulk_limit_is_5000(api: ApiClient) -> None:
    items = [{"external_id": f"e{i}", "name": "n"} for i in range(5001)]
    assert_error(api.post("/accounts/bulk", json={"items": items}), 422, "items")


def test_parent_cycle_is_refused(api: ApiClient) -> None:
    a = _create(api, external_id="a", name="A")
    b = _create(api, external_id="b", name="B", parent_external_id="a")
    c = _create(api, external_id="c", name="C", parent_id=b["id"])
    body = assert_error(api.patch(f"/accounts/{a['id']}", json={"parent_id": c["id"]}), 409, "parent_id")
    assert "cycle" in body["detail"][0]["msg"]
    assert api.get(f"/accounts/{a['id']}").json()["parent_id"] is None
    assert_error(
        api.patch(f"/accounts/{a['id']}", json={"parent_external_id": "a"}), 422, "parent_external_id"
    )


def test_unknown_fields_wrong_types_and_bad_json(api: ApiClient) -> None:
    assert_error(
        api.post("/accounts", json={"external_id": "a", "name": "A", "colour": "red"}), 422, "colour"
    )
    assert_error(api.post("/accounts", json={"external_id": "a", "name": 5}), 422, "name")
    r = api.post("/accounts", content=b'{"external_id": "a",', headers={"content-type": "application/json"})
    assert_error(r, 422)
    assert_error(
        api.post("/accounts", json={"external_id": "a", "name": "A", "lifecycle_stage": "nope"}),
        422,
        "lifecycle_stage",
    )
    assert_error(
        api.post("/accounts", json={"external_id": "a", "name": "A", "owner_email": "ghost@x.io"}),
        422,
        "owner_email",
    )
    assert api.get("/accounts").json()["total"] == 0


def test_oversize_body_is_413(api: ApiClient) -> None:
    r = api.post(
        "/accounts/bulk", content=b"x" * (17 * 1024 * 1024), headers={"content-type": "application/json"}
    )
    assert_error(r, 413, "body")


def test_custom_attributes_are_typed_and_merged(api: ApiClient) -> None:
    for key, kind in [("seats_goal", "number"), ("kickoff", "date"), ("strategic", "bool"), ("wiki", "url")]:
        r = api.post(
            "/workspace/custom-fields", json={"entity": "account", "key": key, "label": key, "type": kind}
        )
        assert r.status_code == 201, r.text
    acc = _create(
        api,
        external_id="c1",
        name="C",
        custom={"seats_goal": "40", "kickoff": "2026-01-05", "strategic": "yes"},
    )
    assert acc["custom"] == {"seats_goal": 40, "kickoff": "2026-01-05", "strategic": True}
    r = api.patch(
        f"/accounts/{acc['id']}", json={"custom": {"wiki": "https://wiki.example.com/c", "strategic": None}}
    )
    assert r.json()["custom"] == {
        "seats_goal": 40,
        "kickoff": "2026-01-05",
        "wiki": "https://wiki.example.com/c",
    }
    body = assert_error(
        api.patch(f"/accounts/{acc['id']}", json={"custom": {"kickoff": "soon", "nope": 1}}), 422
    )
    locs = {".".join(map(str, d["loc"])) for d in body["detail"]}
    assert locs == {"body.custom.kickoff", "body.custom.nope"}


def test_pagination_filter_and_sort(api: ApiClient) -> None:
    items = [
        {"external_id": f"e{i:03}", "name": f"Name {i:03}", "segment": "SMB" if i % 2 else "Enterprise"}
        for i in range(25)
    ]
    api.post("/accounts/bulk", json={"items": items})
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, object] = {"limit": 7, "segment": "SMB", "sort": "-name"}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/accounts", params=params).json()
        assert page["total"] == 12
        seen += [a["name"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(seen, reverse=True) and len(seen) == 12 == len(set(seen))
    assert api.get("/accounts", params={"q": "name 01"}).json()["total"] == 10
    assert_error(api.get("/accounts", params={"cursor": "garbage!"}), 422, "cursor")
    assert_error(api.get("/accounts", params={"sort": "colour"}), 422, "sort")
    by_renewal = api.get("/accounts", params={"sort": "renewal", "limit": 3}).json()
    assert len(by_renewal["items"]) == 3 and by_renewal["next_cursor"]
    assert (
        api.get("/accounts", params={"sort": "renewal", "cursor": by_renewal["next_cursor"]}).status_code
        == 200
    )


def test_workspaces_are_isolated(app_client: TestClient, api: ApiClient) -> None:
    acc = _create(api, external_id="secret", name="Secret Co")
    other: Tenant = make_tenant("Other")
    other_api = api.as_key(other.keys["admin"])
    assert_error(other_api.get(f"/accounts/{acc['id']}"), 404)
    assert_error(other_api.patch(f"/accounts/{acc['id']}", json={"name": "x"}), 404)
    assert_error(other_api.delete(f"/accounts/{acc['id']}"), 404)
    assert other_api.get("/accounts").json()["total"] == 0
    assert_error(
        other_api.post("/accounts", json={"external_id": "o", "name": "O", "parent_id": acc["id"]}),
        422,
        "parent_id",
    )
    assert other_api.post("/accounts", json={"external_id": "secret", "name": "Mine"}).status_code == 201


def test_roles_and_authentication(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    viewer = api.as_key(tenant.keys["viewer"])
    assert viewer.get("/accounts").status_code == 200
    assert_error(viewer.post("/accounts", json={"external_id": "v", "name": "V"}), 403)
    csm = api.as_key(tenant.keys["csm"])
    acc = csm.post("/accounts", json={"external_id": "v", "name": "V"}).json()
    assert_error(csm.delete(f"/accounts/{acc['id']}"), 403)
    assert_error(app_client.get("/api/v1/accounts"), 401)
    assert_error(api.as_key("stw_not-a-real-key").get("/accounts"), 401)
