"""SCIM Groups: CRUD, filters, member add/remove by PATCH, roles set by role groups (highest wins, the last
admin kept), another workspace's users refused as members, audit of membership changes."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.domains.audit.models import AuditRecord
from steward.domains.users import service as users_service
from tests.domains.scim.helpers import GROUP, Scim, scim_error, scim_key
from tests.factories import Tenant, make_tenant


def _role(tenant: Tenant, user_id: str) -> str:
    with unit_of_work() as s:
        return str(users_service.get_user(session=s, workspace_id=tenant.id, user_id=int(user_id)).role)


def _group(scim: Scim, name: str, members: list[str] = ()) -> dict[str, object]:  # type: ignore[assignment]
    body = {"schemas": [GROUP], "displayName": name, "members": [{"value": m} for m in members]}
    r = scim.post("/Groups", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_groups_crud_filter_and_roles(app_client: TestClient, tenant: Tenant) -> None:
    scim = Scim(app_client, scim_key(tenant.id))
    ann, bob = scim.user("ann@corp.example")["id"], scim.user("bob@corp.example")["id"]
    assert _role(tenant, ann) == "viewer"
    csm = _group(scim, "steward-csm", [ann])
    assert _role(tenant, ann) == "csm" and csm["members"][0]["value"] == ann  # type: ignore[index]
    managers = _group(scim, "Steward-Manager")
    other = _group(scim, "Book club", [bob])
    assert _role(tenant, bob) == "viewer"  # a group that is not a role group grants nothing
    found = scim.get("/Groups", params={"filter": 'displayName eq "steward-csm"'}).json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == csm["id"]
    assert scim.get("/Groups", params={"filter": f'members[value eq "{ann}"]'}).json()["totalResults"] == 1
    assert scim.get("/Groups", params={"count": 1}).json()["itemsPerPage"] == 1
    user = scim.get(f"/Users/{ann}").json()
    assert user["groups"] == [{"value": csm["id"], "$ref": csm["meta"]["location"], "display": "steward-csm"}]  # type: ignore[index]
    # in several role groups the highest wins; leaving it falls back to the next
    add = scim.patch(
        f"/Groups/{managers['id']}", [{"op": "add", "path": "members", "value": [{"value": ann}]}]
    )
    assert add.status_code == 200 and _role(tenant, ann) == "manager", add.text
    gone = scim.patch(f"/Groups/{managers['id']}", [{"op": "remove", "path": f'members[value eq "{ann}"]'}])
    assert gone.status_code == 200 and "members" not in gone.json() and _role(tenant, ann) == "csm"
    # Azure's way of removing: a value list
    azure = scim.patch(
        f"/Groups/{csm['id']}", [{"op": "remove", "path": "members", "value": [{"value": ann}]}]
    )
    assert azure.status_code == 200 and _role(tenant, ann) == "viewer"
    # renaming a group into a role group gives its members the role; PUT replaces members
    put = scim.put(f"/Groups/{other['id']}", json={"schemas": [GROUP], "displayName": "steward-agent",
                                                   "members": [{"value": bob}, {"value": ann}]})  # fmt: skip
    assert put.status_code == 200 and (_role(tenant, bob), _role(tenant, ann)) == ("agent", "agent")
    scim_error(scim.put(f"/Groups/{other['id']}", json={"schemas": [GROUP], "displayName": "x"},
                        headers={"If-Match": other["meta"]["version"]}), 412)  # type: ignore[index]  # fmt: skip
    scim_error(
        scim.post("/Groups", json={"schemas": [GROUP], "displayName": "STEWARD-CSM"}), 409, "uniqueness"
    )
    assert scim.delete(f"/Groups/{other['id']}").status_code == 204
    assert _role(tenant, bob) == "viewer"
    scim_error(scim.get(f"/Groups/{other['id']}"), 404)
    scim_error(scim.get(f"/Groups/{str(other['id']).lstrip('g')}"), 404)  # a user's id is no group's
    with unit_of_work() as s:
        actions = set(s.scalars(select(AuditRecord.action).where(AuditRecord.workspace_id == tenant.id)))
    assert {"scim_group.create", "scim_group.members", "scim_group.delete", "user.role_change"} <= actions


def test_the_last_admin_keeps_the_role_and_members_stay_in_the_workspace(
    app_client: TestClient, tenant: Tenant
) -> None:
    scim = Scim(app_client, scim_key(tenant.id))
    admin_id = scim.get("/Users", params={"filter": f'userName eq "{tenant.user_emails["admin"]}"'}).json()
    admin = admin_id["Resources"][0]["id"]
    admins = _group(scim, "steward-admin", [admin])
    body = scim_error(scim.patch(f"/Groups/{admins['id']}", [{"op": "remove", "path": "members"}]), 409)
    assert "last active admin" in body["detail"]
    assert _role(tenant, admin) == "admin"
    api = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    demote = {"role_groups": [{"group": "steward-admin", "role": "csm"}]}
    refused = app_client.put("/api/v1/workspace/scim", headers=api, json=demote)
    assert refused.status_code == 409 and "last active admin" in refused.text
    assert app_client.get("/api/v1/workspace/scim", headers=api).json()["role_groups"] == []  # rolled back
    theirs = Scim(app_client, scim_key(make_tenant("Other").id)).user("them@other.example")["id"]
    add = [{"op": "add", "path": "members", "value": [{"value": theirs}]}]
    scim_error(scim.patch(f"/Groups/{admins['id']}", add), 400, "invalidValue")
    for bad in ([{"value": "x"}], [{"value": "99999999999"}], "all", [{"nope": 1}]):
        scim_error(scim.post("/Groups", json={"schemas": [GROUP], "displayName": "g", "members": bad}), 400)
    scim_error(scim.post("/Groups", json={"schemas": [GROUP]}), 400, "invalidValue")
    scim_error(scim.get("/Groups", params={"filter": "displayName eq"}), 400, "invalidFilter")


def test_a_workspace_maps_its_own_group_names_to_roles(app_client: TestClient, tenant: Tenant) -> None:
    scim = Scim(app_client, scim_key(tenant.id))
    api = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    assert app_client.get("/api/v1/workspace/scim", headers=api).json()["role_groups"] == []
    cy = scim.user("cy@corp.example")["id"]
    _group(scim, "CS Leads", [cy])
    assert _role(tenant, cy) == "viewer"
    mapping = {
        "role_groups": [{"group": "cs leads", "role": "manager"}, {"group": "steward-admin", "role": "csm"}]
    }
    put = app_client.put("/api/v1/workspace/scim", headers=api, json=mapping)
    assert put.status_code == 200 and put.json()["role_groups"][0] == {"group": "cs leads", "role": "manager"}
    assert _role(tenant, cy) == "manager"  # the members' roles follow at once
    _group(scim, "steward-admin", [cy])  # mapped to csm here, so not admin
    assert _role(tenant, cy) == "manager"
    twice = [{"group": "A", "role": "csm"}, {"group": "a", "role": "agent"}]
    for bad in ([{"group": "a", "role": "owner"}], [{"group": "a\u0000", "role": "csm"}], twice):
        assert (
            app_client.put("/api/v1/workspace/scim", headers=api, json={"role_groups": bad}).status_code
            == 422
        )
    manager = {"Authorization": f"Bearer {tenant.keys['manager']}"}
    assert app_client.put("/api/v1/workspace/scim", headers=manager, json=mapping).status_code == 403
    with unit_of_work() as s:
        actions = set(s.scalars(select(AuditRecord.action).where(AuditRecord.workspace_id == tenant.id)))
    assert "scim_settings.create" in actions
