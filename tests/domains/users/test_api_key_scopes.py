"""API keys with scopes and expiry: a key outside its scope gets 403 naming the scope, an expired or revoked
key 401 saying which at once; an events:write key is an intake key; keys list scopes, expiry and last use."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from steward.cli.main import app as cli_app
from steward.core.db import unit_of_work
from steward.domains.users.models import ApiKey
from steward.domains.users.scopes import AREAS
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

EVENT = {"type": "track", "messageId": "m1", "userId": "u1", "event": "Report Built"}


def _key(api: ApiClient, **fields: object) -> dict[str, object]:
    r = api.post("/api-keys", json={"name": "scoped", "role": "admin", **fields})
    assert r.status_code == 201, r.text
    return dict(r.json())


def _intake(client: TestClient, key: str) -> object:
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    return client.post("/v1/batch", json={"batch": [EVENT]}, headers=auth)


def test_a_key_outside_its_scope_is_refused_naming_the_scope(api: ApiClient) -> None:
    reader = api.as_key(str(_key(api, scopes=["accounts:read"])["key"]))
    assert reader.get("/accounts").status_code == 200
    body = assert_error(reader.post("/accounts", json={"external_id": "a", "name": "Acme"}), 403)
    assert "accounts:write" in body["detail"][0]["msg"] and "(accounts:read)" in body["detail"][0]["msg"]
    assert "tickets:read" in assert_error(reader.get("/tickets"), 403)["detail"][0]["msg"]
    everything_read = api.as_key(str(_key(api, scopes=["read"])["key"]))
    assert everything_read.get("/tickets").status_code == 200
    assert_error(everything_read.delete("/api-keys/1"), 403)


def test_an_events_key_is_an_intake_key_and_nothing_more(api: ApiClient, app_client: TestClient) -> None:
    intake = str(_key(api, name="intake", role="viewer", scopes=["events:write"])["key"])
    r = _intake(app_client, intake)
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text  # type: ignore[attr-defined]
    assert api.get("/events/stats").json()["events"] == 1
    assert "events:read" in assert_error(api.as_key(intake).get("/events/stats"), 403)["detail"][0]["msg"]
    assert_error(api.as_key(intake).get("/accounts"), 403)
    reader = str(_key(api, scopes=["accounts:read"])["key"])
    refused = _intake(app_client, reader)
    assert refused.status_code == 403 and "events:write" in refused.text  # type: ignore[attr-defined]


def test_expired_and_revoked_keys_are_refused_at_once(api: ApiClient, app_client: TestClient) -> None:
    soon = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    key = _key(api, expires_at=soon, scopes=["read", "events:write"])
    assert api.as_key(str(key["key"])).get("/accounts").status_code == 200
    with unit_of_work() as s:  # the clock passes the expiry
        s.execute(update(ApiKey).where(ApiKey.id == key["id"]).values(expires_at=datetime.now(UTC)))
    body = assert_error(api.as_key(str(key["key"])).get("/accounts"), 401)
    assert "expired" in body["detail"][0]["msg"]
    refused = _intake(app_client, str(key["key"]))
    assert refused.status_code == 401 and "expired" in refused.text  # type: ignore[attr-defined]

    other = _key(api)
    assert api.delete(f"/api-keys/{other['id']}").status_code == 204
    assert "revoked" in assert_error(api.as_key(str(other["key"])).get("/accounts"), 401)["detail"][0]["msg"]
    assert "unknown" in assert_error(api.as_key("stw_nope").get("/accounts"), 401)["detail"][0]["msg"]


def test_bad_scopes_and_expiry_are_422_with_their_location(api: ApiClient) -> None:
    assert_error(api.post("/api-keys", json={"role": "viewer", "scopes": ["admin"]}), 422, "body.scopes.0")
    body = assert_error(api.post("/api-keys", json={"role": "viewer", "scopes": ["nope:read"]}), 422)
    assert "'nope' is not an area" in body["detail"][0]["msg"]
    assert_error(api.post("/api-keys", json={"role": "viewer", "scopes": []}), 422, "body.scopes")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    assert_error(api.post("/api-keys", json={"role": "viewer", "expires_at": past}), 422, "body.expires_at")
    assert_error(api.post("/api-keys", json={"role": "viewer", "expires_at": "soon"}), 422, "body.expires_at")
    far = "9999-12-31T23:59:59-05:00"
    assert_error(api.post("/api-keys", json={"role": "viewer", "expires_at": far}), 422, "body.expires_at")


def test_keys_list_scopes_expiry_and_last_use_in_their_workspace_only(api: ApiClient, tenant: Tenant) -> None:
    made = _key(api, scopes=["write", "read", "read"])
    assert made["scopes"] == ["read", "write"] and made["expires_at"] is None and made["last_used_at"] is None
    api.as_key(str(made["key"])).get("/accounts")
    listed = {k["id"]: k for k in api.get("/api-keys").json()}
    assert listed[made["id"]]["last_used_at"] is not None and "key" not in listed[made["id"]]
    stranger = api.as_key(make_tenant("Other").keys["admin"])
    assert made["id"] not in {k["id"] for k in stranger.get("/api-keys").json()}
    assert_error(stranger.delete(f"/api-keys/{made['id']}"), 404)
    assert api.as_key(str(made["key"])).get("/accounts").status_code == 200


def test_cli_creates_a_scoped_expiring_key(tenant: Tenant) -> None:
    runner = CliRunner()
    args = ["apikey", "create", "--workspace", tenant.slug, "--role", "viewer", "--json"]
    r = runner.invoke(cli_app, [*args, "--scope", "events:write", "--expires-in-days", "30"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["scopes"] == ["events:write"] and out["expires_at"].startswith(
        str((datetime.now(UTC) + timedelta(days=30)).date())
    )
    r = runner.invoke(cli_app, [*args, "--scope", "everything"])
    assert r.exit_code == 2 and "not a scope" in r.stderr


def test_every_api_area_is_a_scope_area(app_client: TestClient) -> None:
    paths = app_client.app.openapi()["paths"]  # type: ignore[attr-defined]
    areas = {p.split("/")[3] for p in paths if p.startswith("/api/v1/")}
    public = {"public", "widget"}  # pages for customers, no key
    assert areas - public <= AREAS, sorted(areas - public - AREAS)
