"""SCIM Users (RFC 7644): create, read, filter, page, replace, patch, delete, ETags, workspace isolation,
and a deactivated user's browser session and API key refused on their next request."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.domains.audit.models import AuditRecord
from steward.domains.users import service as users_service
from tests.domains.scim.helpers import USER, Scim, scim_error, scim_key
from tests.factories import Tenant, make_tenant


def _scim(app_client: TestClient, tenant: Tenant) -> Scim:
    return Scim(app_client, scim_key(tenant.id))


def test_create_read_and_filter_users(app_client: TestClient, tenant: Tenant) -> None:
    scim = _scim(app_client, tenant)
    made = scim.user(
        "ada@corp.example", externalId="00u1", name={"givenName": "Ada", "familyName": "Lovelace"},
        emails=[{"value": "ada@corp.example", "type": "work", "primary": True}],
    )  # fmt: skip
    assert made["userName"] == "ada@corp.example" and made["active"] is True
    assert made["meta"]["resourceType"] == "User" and made["meta"]["version"].startswith('W/"')
    got = scim.get(f"/Users/{made['id']}")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/scim+json")
    assert got.headers["ETag"] == made["meta"]["version"] and got.json()["name"]["givenName"] == "Ada"
    # the existing users (five roles) are listed too, by their e-mail as userName
    everyone = scim.get("/Users").json()
    assert everyone["totalResults"] == 6 and everyone["schemas"][0].endswith(":ListResponse")
    for flt in ('userName eq "ADA@corp.example"', 'emails.value eq "ada@corp.example"',
                'externalId eq "00u1"', 'emails[type eq "work" and value co "ada"]',
                'name.familyName sw "Love" and active eq true',
                'externalId eq "nope" or userName eq "ada@corp.example"'):  # fmt: skip
        found = scim.get("/Users", params={"filter": flt}).json()
        assert found["totalResults"] == 1 and found["Resources"][0]["id"] == made["id"], flt
    assert scim.get("/Users", params={"filter": 'userName eq "nobody@x.example"'}).json()["totalResults"] == 0
    page = scim.get("/Users", params={"startIndex": 2, "count": 2}).json()
    assert page["startIndex"] == 2 and page["itemsPerPage"] == 2 and page["totalResults"] == 6
    only = scim.get(f"/Users/{made['id']}", params={"attributes": "userName"}).json()
    assert set(only) == {"schemas", "id", "userName"}
    scim_error(
        scim.post("/Users", json={"schemas": [USER], "userName": "Ada@corp.example"}), 409, "uniqueness"
    )


def test_put_patch_and_etags(app_client: TestClient, tenant: Tenant) -> None:
    scim = _scim(app_client, tenant)
    made = scim.user("grace@corp.example", displayName="Grace")
    path, version = f"/Users/{made['id']}", made["meta"]["version"]
    body = {"schemas": [USER], "userName": "grace@corp.example", "displayName": "Grace Hopper",
            "emails": [{"value": "grace.h@corp.example", "primary": True}]}  # fmt: skip
    put = scim.put(path, json=body, headers={"If-Match": version})
    assert put.status_code == 200 and put.json()["displayName"] == "Grace Hopper", put.text
    scim_error(scim.put(path, json=body, headers={"If-Match": version}), 412)  # stale version
    patched = scim.patch(path, [
        {"op": "replace", "path": "name.givenName", "value": "Grace"},
        {"op": "add", "path": "emails", "value": [{"value": "gh@corp.example", "type": "home"}]},
        {"op": "replace", "value": {"displayName": "Admiral Hopper"}},
        {"op": "remove", "path": 'emails[type eq "home"]'},
    ], headers={"If-Match": put.json()["meta"]["version"]})  # fmt: skip
    assert patched.status_code == 200, patched.text
    r = patched.json()
    assert r["name"] == {"givenName": "Grace"} and r["displayName"] == "Admiral Hopper"
    assert [e["value"] for e in r["emails"]] == ["grace.h@corp.example"]
    enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    work = 'emails[type eq "work"].value'
    values = {f"{enterprise}:employeeNumber": "7", work: "x@corp.example"}
    ops = [{"op": "add", "path": f"{enterprise}:department", "value": "Navy"},
           {"op": "replace", "value": values}]  # fmt: skip
    assert "noTarget" in scim_error(scim.patch(path, ops), 400)["scimType"]  # no work e-mail to replace
    ops[1]["op"] = "add"  # Entra ID's way: adding makes the work e-mail
    azure = scim.patch(path, ops)
    assert azure.status_code == 200 and enterprise not in azure.json(), azure.text
    assert azure.json()["emails"][1] == {"value": "x@corp.example", "type": "work"}
    assert scim.patch(path, [{"op": "remove", "path": 'emails[type eq "work"]'}]).status_code == 200
    with unit_of_work() as s:  # the sign-in address follows the primary e-mail
        user = users_service.get_user(session=s, workspace_id=tenant.id, user_id=int(made["id"]))
        assert (user.email, user.name) == ("grace.h@corp.example", "Admiral Hopper")
    scim_error(scim.patch(path, [{"op": "replace", "path": "active", "value": True}],
                          headers={"If-Match": version}), 412)  # fmt: skip
    scim_error(
        scim.patch(path, [{"op": "replace", "path": 'emails[type eq "nope"]', "value": {}}]), 400, "noTarget"
    )
    scim_error(scim.patch(path, [{"op": "replace", "path": "id", "value": "9"}]), 400, "mutability")
    assert scim.delete(path, headers={"If-Match": version}).status_code == 412
    assert scim.delete(path).status_code == 204
    scim_error(scim.get(path), 404)
    scim_error(scim.delete(path), 404)
    # provisioned again after a delete: the same Steward user comes back, active
    again = scim.user("grace@corp.example")
    assert again["id"] == made["id"] and again["active"] is True


def test_deactivation_stops_a_live_session_and_the_users_key(app_client: TestClient, tenant: Tenant) -> None:
    scim = _scim(app_client, tenant)
    made = scim.user("kim@corp.example")
    uid = int(made["id"])
    with unit_of_work() as s:
        user = users_service.get_user(session=s, workspace_id=tenant.id, user_id=uid)
        cookie, _ = users_service.start_web_session(session=s, user=user, max_age_seconds=3600)
    own_key = scim_key(tenant.id, scopes=["read"], owner_id=uid)
    browser = TestClient(app_client.app, cookies={"steward_session": cookie})
    assert browser.get("/accounts", follow_redirects=False).status_code == 200
    auth = {"Authorization": f"Bearer {own_key}"}
    assert app_client.get("/api/v1/accounts", headers=auth).status_code == 200
    off = scim.patch(f"/Users/{uid}", [{"op": "replace", "value": {"active": "False"}}])  # Azure's spelling
    assert off.status_code == 200 and off.json()["active"] is False, off.text
    assert browser.get("/accounts", follow_redirects=False).status_code == 303  # to the login page
    refused = app_client.get("/api/v1/accounts", headers=auth)
    assert refused.status_code == 401 and "revoked" in refused.text
    with unit_of_work() as s:  # recorded under the SCIM key
        rows = s.scalars(select(AuditRecord).where(AuditRecord.workspace_id == tenant.id)).all()
        by_action = {(r.action, r.object_id): r for r in rows}
        assert by_action[("user.create", uid)].actor_name == "okta scim"
        assert by_action[("user.activation", uid)].actor_type == "api_key"


def test_the_last_admin_cannot_be_deactivated(app_client: TestClient, tenant: Tenant) -> None:
    scim = _scim(app_client, tenant)
    admin = scim.get("/Users", params={"filter": f'userName eq "{tenant.user_emails["admin"]}"'}).json()
    path = f"/Users/{admin['Resources'][0]['id']}"
    body = scim_error(scim.patch(path, [{"op": "replace", "path": "active", "value": False}]), 409)
    assert "last active admin" in body["detail"]
    scim_error(scim.delete(path), 409)
    assert scim.get(path).json()["active"] is True


def test_another_workspaces_users_are_not_found(app_client: TestClient, tenant: Tenant) -> None:
    other = make_tenant("Other")
    theirs = _scim(app_client, other).user("them@other.example")
    group = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "steward-admin"}
    their_group = _scim(app_client, other).post("/Groups", json=group).json()
    scim = _scim(app_client, tenant)
    for method in ("GET", "PUT", "DELETE"):
        body = {"schemas": [USER], "userName": "x@corp.example"} if method == "PUT" else None
        scim_error(scim.request(method, f"/Users/{theirs['id']}", json=body), 404)
    scim_error(
        scim.patch(f"/Users/{theirs['id']}", [{"op": "replace", "path": "active", "value": False}]), 404
    )
    assert (
        scim.get("/Users", params={"filter": 'userName eq "them@other.example"'}).json()["totalResults"] == 0
    )
    scim_error(scim.get(f"/Groups/{their_group['id']}"), 404)
    scim_error(scim.delete(f"/Groups/{their_group['id']}"), 404)
    assert scim.get("/Groups").json()["totalResults"] == 0


def test_keys_and_bad_input(app_client: TestClient, tenant: Tenant) -> None:
    scim = _scim(app_client, tenant)
    scim_error(Scim(app_client, "stw_nope").get("/Users"), 401)
    assert Scim(app_client, tenant.keys["admin"]).get("/Users").status_code == 200  # read+write covers scim
    scim_error(Scim(app_client, scim_key(tenant.id, scopes=["accounts:read"])).get("/Users"), 403)
    scim_error(Scim(app_client, tenant.keys["csm"]).get("/Users"), 403)  # SCIM needs an admin key
    made = scim.user("lin@corp.example")
    for flt in (
        'userName xx "a"',
        "userName eq",
        '(userName eq "a"',
        'userName eq "a" and',
        "x" * 3000,
        'emails[type eq "work"',
        "userName eq a",
        "not",
        '"a" eq "b"',
        "(" * 50 + 'a eq "b"' + ")" * 50,
    ):
        scim_error(scim.get("/Users", params={"filter": flt}), 400, "invalidFilter")
    for bad in (b"{", b"[1, 2]", b'{"userName": NaN}', b"[" * 100_000, b'{"schemas": [], "userName": 12}'):
        assert 400 <= scim.post("/Users", content=bad).status_code < 500
    scim_error(
        scim.post("/Users", json={"schemas": [USER], "userName": "a@b.example", "shoeSize": 9}),
        400,
        "invalidSyntax",
    )
    scim_error(scim.post("/Users", json={"schemas": [USER], "userName": "a\u0001b"}), 400, "invalidValue")
    assert 400 <= scim.post("/Users", content=b'{"userName": "a\\u0000b"}').status_code < 500
    for big in ("99999999999", "2147483648", "-1", "1" * 40, "abc", "\u00b2", "g1"):
        scim_error(scim.get(f"/Users/{big}"), 404)
    for value in ("99999999999999999999", "abc", "1e9"):
        assert 400 <= scim.get("/Users", params={"count": value}).status_code < 500
    assert (
        scim.get("/Users", params={"count": "999999999", "startIndex": "999999999"}).json()["Resources"] == []
    )
    scim_error(scim.patch(f"/Users/{made['id']}", [{"op": "jump", "path": "active"}]), 400, "invalidSyntax")
    scim_error(
        scim.patch(f"/Users/{made['id']}", [{"op": "add", "path": "emails[", "value": 1}]), 400, "invalidPath"
    )
    scim_error(scim.patch(f"/Users/{made['id']}", [{"op": "add", "path": "active", "value": {"a": 1}}]), 400)
    scim_error(scim.get("/Nothing"), 404)
    scim_error(scim.post("/ServiceProviderConfig", json={}), 405)


def test_discovery(app_client: TestClient, tenant: Tenant) -> None:
    scim = _scim(app_client, tenant)
    spc = scim.get("/ServiceProviderConfig").json()
    assert spc["patch"]["supported"] and spc["etag"]["supported"] and not spc["bulk"]["supported"]
    assert {t["name"] for t in scim.get("/ResourceTypes").json()["Resources"]} == {"User", "Group"}
    assert scim.get(f"/Schemas/{USER}").json()["attributes"][0]["name"] == "userName"
    scim_error(Scim(app_client, "stw_nope").get("/ServiceProviderConfig"), 401)


def test_owned_keys_through_the_api(app_client: TestClient, tenant: Tenant) -> None:
    """A key made for a user (owner_id) stops when an admin deactivates them through the users API too; an
    owner of another workspace is refused."""
    api = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    other = _scim(app_client, make_tenant("Other")).user("far@other.example")
    refused = app_client.post(
        "/api/v1/api-keys", headers=api, json={"role": "viewer", "owner_id": int(other["id"])}
    )
    assert refused.status_code == 422 and "owner_id" in refused.text
    agent = _scim(app_client, tenant).get(
        "/Users", params={"filter": f'userName eq "{tenant.user_emails["agent"]}"'}
    )
    agent_id = int(agent.json()["Resources"][0]["id"])
    made = app_client.post("/api/v1/api-keys", headers=api, json={"role": "viewer", "owner_id": agent_id})
    assert made.status_code == 201 and made.json()["owner_id"] == agent_id, made.text
    own = {"Authorization": f"Bearer {made.json()['key']}"}
    assert app_client.get("/api/v1/accounts", headers=own).status_code == 200
    off = app_client.patch(f"/api/v1/users/{agent_id}", headers=api, json={"is_active": False})
    assert off.status_code == 200, off.text
    assert app_client.get("/api/v1/accounts", headers=own).status_code == 401
