"""Saved views over the JSON API (/api/v1/views): a key reaches its owner's views, the same ones the UI saves;
create, list (by list or all), read, rename or change the query, delete; the same name replaces the query,
a rename onto another view's name is 409; another person's or workspace's view is 404 and left alone; bad
input is a 422 naming the field; a key without an owner is refused (403)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import ApiKeyCreate
from steward.domains.views import service as views_service
from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.test_cockpit_bulk import _user


def _owned_key(client: TestClient, tenant: Tenant, email: str, role: Role) -> tuple[ApiClient, int]:
    user_id = _user(tenant, email, role)
    with unit_of_work() as s:
        data = ApiKeyCreate(name=email, role=role, owner_id=user_id)
        key = users_service.create_api_key(session=s, workspace_id=tenant.id, data=data)
    return ApiClient(client, key.key), user_id


def _locs(r: Any) -> list[list[Any]]:
    return [e["loc"] for e in r.json()["detail"]]


def test_create_list_update_delete(app_client: TestClient, tenant: Tenant) -> None:
    api, user_id = _owned_key(
        app_client, tenant, "viewer.views@example.com", Role.viewer
    )  # as the UI: any role
    made = api.post(
        "/views", json={"list_name": "cockpit", "name": "  My   urgent ", "query": "?priority=urgent&page=3"}
    )
    assert made.status_code == 201, made.text
    view = made.json()
    assert view == {"id": view["id"], "list_name": "cockpit", "name": "My urgent", "query": "priority=urgent",
                    "href": "/cockpit?priority=urgent"}  # fmt: skip
    again = api.post(
        "/views", json={"list_name": "cockpit", "name": "My urgent", "query": "priority=high"}
    ).json()
    assert again["id"] == view["id"] and again["query"] == "priority=high"  # the same name replaces
    other = api.post(
        "/views", json={"list_name": "tickets", "name": "Breaching", "query": "view=breaching"}
    ).json()
    assert [v["id"] for v in api.get("/views", params={"list": "cockpit"}).json()] == [view["id"]]
    assert [v["id"] for v in api.get("/views").json()] == [view["id"], other["id"]]
    with unit_of_work() as s:  # the UI's views are the same rows
        ui = views_service.views(session=s, workspace_id=tenant.id, user_id=user_id, list_name="tickets")
    assert [v.id for v in ui] == [other["id"]]

    renamed = api.patch(f"/views/{view['id']}", json={"name": "Hot", "query": "sort=arr&page=2"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Hot"
    assert renamed.json()["query"] == "sort=arr"
    assert api.get(f"/views/{view['id']}").json()["href"] == "/cockpit?sort=arr"
    api.post("/views", json={"list_name": "cockpit", "name": "Cold"})
    clash = api.patch(f"/views/{view['id']}", json={"name": " Cold "})
    assert clash.status_code == 409 and _locs(clash) == [["body", "name"]], clash.text
    assert api.get(f"/views/{view['id']}").json()["name"] == "Hot"

    assert api.delete(f"/views/{view['id']}").status_code == 204
    assert api.get(f"/views/{view['id']}").status_code == 404
    assert api.delete(f"/views/{view['id']}").status_code == 404


def test_another_persons_view_is_not_found(app_client: TestClient, tenant: Tenant) -> None:
    mine, _ = _owned_key(app_client, tenant, "csm.a@example.com", Role.csm)
    theirs, _ = _owned_key(app_client, tenant, "csm.b@example.com", Role.csm)
    elsewhere = make_tenant("Elsewhere")
    stranger, _ = _owned_key(app_client, elsewhere, "admin.c@example.com", Role.admin)
    view = mine.post("/views", json={"list_name": "risk", "name": "Mine", "query": "mine=true"}).json()
    for other in (theirs, stranger):
        assert other.get(f"/views/{view['id']}").status_code == 404
        assert other.patch(f"/views/{view['id']}", json={"name": "Taken"}).status_code == 404
        assert other.delete(f"/views/{view['id']}").status_code == 404
        assert other.get("/views").json() == []
    assert mine.get(f"/views/{view['id']}").json()["name"] == "Mine"


def test_bad_input_names_the_field(app_client: TestClient, tenant: Tenant, api: ApiClient) -> None:
    owned, _ = _owned_key(app_client, tenant, "agent.views@example.com", Role.agent)
    cases = [
        ({"list_name": "nowhere", "name": "x"}, ["body", "list_name"]),
        ({"list_name": "cockpit", "name": "   "}, ["body", "name"]),
        ({"list_name": "cockpit", "name": "x" * 81}, ["body", "name"]),
        ({"list_name": "cockpit", "name": "a\tb\u0007"}, ["body", "name"]),
        ({"list_name": "cockpit", "name": "x", "query": "a=%00"}, ["body", "query"]),
        ({"list_name": "cockpit", "name": "x", "query": "q" * 2001}, ["body", "query"]),
        ({"list_name": "cockpit", "name": "x", "owner": 3}, ["body", "owner"]),
    ]
    for body, loc in cases:
        r = owned.post("/views", json=body)
        assert r.status_code == 422 and loc in _locs(r), (body, r.text)
    made = owned.post("/views", json={"list_name": "accounts", "name": "Big"}).json()
    assert owned.patch(f"/views/{made['id']}", json={"name": ""}).status_code == 422
    assert owned.get("/views/0").status_code == 422
    assert owned.get("/views", params={"list": "nowhere"}).status_code == 422
    keyless = api.get("/views")  # the tenant's admin key has no owner: no one's views to reach
    assert keyless.status_code == 403 and "owner" in keyless.json()["detail"][0]["msg"]
    assert api.post("/views", json={"list_name": "cockpit", "name": "x"}).status_code == 403
