"""A SCIM client for the tests: a TestClient bound to a SCIM API key, paths relative to /scim/v2."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import ApiKeyCreate

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


def scim_key(workspace_id: int, scopes: list[str] | None = None, owner_id: int | None = None) -> str:
    with unit_of_work() as s:
        data = ApiKeyCreate(name="okta scim", role=Role.admin, scopes=scopes or ["scim:read", "scim:write"],
                            owner_id=owner_id)  # fmt: skip
        return users_service.create_api_key(session=s, workspace_id=workspace_id, data=data).key


class Scim:
    def __init__(self, client: TestClient, key: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/scim+json"}

    def request(self, method: str, path: str, **kwargs: Any) -> Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, f"/scim/v2{path}", headers=headers, **kwargs)

    def get(self, path: str, **kw: Any) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> Response:
        return self.request("PUT", path, **kw)

    def patch(self, path: str, ops: list[dict[str, Any]], **kw: Any) -> Response:
        return self.request("PATCH", path, json={"schemas": [PATCH_OP], "Operations": ops}, **kw)

    def delete(self, path: str, **kw: Any) -> Response:
        return self.request("DELETE", path, **kw)

    def user(self, user_name: str, **attrs: Any) -> dict[str, Any]:
        body = {"schemas": [USER], "userName": user_name, "active": True, **attrs}
        r = self.post("/Users", json=body)
        assert r.status_code == 201, r.text
        return dict(r.json())


def scim_error(r: Response, status: int, scim_type: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/scim+json"), r.headers
    body: dict[str, Any] = r.json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"], body
    assert body["status"] == str(status) and body["detail"], body
    if scim_type is not None:
        assert body.get("scimType") == scim_type, body
    return body
