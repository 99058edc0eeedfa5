"""The audit log over the API: writes recorded with actor, address and masked before/after; filters, cursors,
exports, retention; admins only; one workspace never sees another's records; nothing edits a record."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from steward.core.db import unit_of_work
from steward.core.errors import Forbidden
from steward.domains.audit import jobs as audit_jobs
from steward.domains.audit.models import AuditRecord
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

RULE = {
    "name": "Renewal in 60 days", "enabled": False, "trigger": {"kind": "renewal_due", "days": 60},
    "conditions": [],
    "actions": [{"kind": "create_cta", "type": "lifecycle", "reason": "Renew", "due_in_days": 14}],
}  # fmt: skip


def _records(api: ApiClient, **params: object) -> list[dict[str, object]]:
    r = api.get("/audit", params=params)
    assert r.status_code == 200, r.text
    items: list[dict[str, object]] = r.json()["items"]
    return items


def _admin_key_id(api: ApiClient) -> int:
    return next(k["id"] for k in api.get("/api-keys").json() if k["name"] == "admin key")


def test_admin_writes_are_recorded_with_actor_address_and_masked_changes(api: ApiClient) -> None:
    key = api.post("/api-keys", json={"name": "intake", "role": "viewer"}).json()
    assert api.delete(f"/api-keys/{key['id']}").status_code == 204
    user = api.post(
        "/users", json={"email": "new@example.com", "name": "New", "role": "csm", "password": "x" * 12}
    ).json()
    assert api.patch(f"/users/{user['id']}", json={"role": "manager"}).status_code == 200
    rule = api.post("/rules", json=RULE)
    assert rule.status_code == 201, rule.text
    assert api.put(f"/rules/{rule.json()['id']}", json={**RULE, "name": "Renewal soon"}).status_code == 200
    assert api.put("/audit/retention", json={"retention_days": 90}).status_code == 200

    items = _records(api)
    actions = [i["action"] for i in items]
    assert actions == [
        "audit_settings.create", "rule.update", "rule.create", "user.role_change", "user.create",
        "api_key.revoke", "api_key.create",
    ]  # fmt: skip
    admin_key = _admin_key_id(api)
    for item in items:
        assert (item["actor_type"], item["actor_id"], item["actor_name"]) == (
            "api_key",
            admin_key,
            "admin key",
        )
        assert item["client_ip"] == "testclient"
    by_action = {i["action"]: i for i in items}
    created_key = by_action["api_key.create"]
    assert created_key["object_type"] == "api_key" and created_key["object_id"] == key["id"]
    assert created_key["changes"]["digest"] == {"after": "********"}  # type: ignore[index]
    assert key["key"] not in json.dumps(items)
    assert by_action["user.create"]["changes"]["password_hash"] == {"after": "********"}  # type: ignore[index]
    assert by_action["user.role_change"]["changes"] == {"role": {"before": "csm", "after": "manager"}}
    assert by_action["rule.update"]["changes"] == {  # only what changed, updated_at left out
        "name": {"before": "Renewal in 60 days", "after": "Renewal soon"}
    }
    revoked = by_action["api_key.revoke"]["changes"]["revoked_at"]  # type: ignore[index]
    assert revoked["before"] is None and revoked["after"].startswith(str(datetime.now(UTC).year))


def test_reads_and_key_use_are_not_recorded(api: ApiClient) -> None:
    api.get("/users")
    api.get("/api-keys")
    assert _records(api) == []


def test_last_admin_keeps_the_role(api: ApiClient, tenant: Tenant) -> None:
    admin = next(u for u in api.get("/users").json() if u["role"] == "admin")
    assert_error(api.patch(f"/users/{admin['id']}", json={"role": "viewer"}), 409, "body.role")
    assert_error(api.patch(f"/users/{admin['id']}", json={"is_active": False}), 409, "body.is_active")
    assert_error(api.patch(f"/users/{admin['id']}", json={"role": "owner"}), 422, "body.role")
    assert _records(api) == []


def test_filters_and_cursor_paging(api: ApiClient) -> None:
    keys = [api.post("/api-keys", json={"name": f"k{i}", "role": "viewer"}).json() for i in range(5)]
    api.delete(f"/api-keys/{keys[0]['id']}")
    pages, cursor = [], None
    while True:
        body = api.get("/audit", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        pages.append([i["id"] for i in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    ids = [i for p in pages for i in p]
    assert [len(p) for p in pages] == [2, 2, 2] and ids == sorted(ids, reverse=True)
    assert [i["action"] for i in _records(api, action="api_key.revoke")] == ["api_key.revoke"]
    assert len(_records(api, action="api_key.")) == 6
    assert len(_records(api, object_type="api_key", object_id=keys[0]["id"])) == 2
    assert len(_records(api, actor_type="api_key", actor_id=_admin_key_id(api))) == 6
    assert _records(api, actor_type="user") == []
    now = datetime.now(UTC)
    assert len(_records(api, since=(now - timedelta(minutes=5)).isoformat())) == 6
    assert _records(api, until=(now - timedelta(minutes=5)).isoformat()) == []
    assert len(_records(api, since=(now - timedelta(minutes=5)).replace(tzinfo=None).isoformat())) == 6


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"action": "DROP TABLE"}, "query.action"),
        ({"actor_type": "robot"}, "query.actor_type"),
        ({"actor_id": 0}, "query.actor_id"),
        ({"object_type": "x" * 41}, "query.object_type"),
        ({"since": "yesterday"}, "query.since"),
        ({"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, "query.until"),
        ({"since": "0001-01-01T00:00:00+05:00"}, "query.since"),
        ({"until": "9999-12-31T23:59:59-05:00"}, "query.until"),
        ({"cursor": "not-a-cursor"}, "query.cursor"),
        ({"cursor": "WyJ4Il0"}, "query.cursor"),  # ["x"]
        ({"limit": 0}, "query.limit"),
        ({"format": "xml"}, "query.format"),
    ],
)
def test_bad_filters_are_422_with_their_location(api: ApiClient, params: dict[str, object], loc: str) -> None:
    path = "/audit/export" if "format" in params else "/audit"
    assert_error(api.get(path, params=params), 422, loc)


def test_only_admins_read_the_log_or_its_retention(api: ApiClient, tenant: Tenant) -> None:
    for role in ("viewer", "agent", "csm", "manager"):
        other = api.as_key(tenant.keys[role])
        for path in ("/audit", "/audit/export", "/audit/retention"):
            assert_error(other.get(path), 403)
        assert_error(other.put("/audit/retention", json={"retention_days": 30}), 403)
    assert_error(api.as_key("stw_unknown").get("/audit"), 401)


def test_a_workspace_never_sees_another_workspaces_records(api: ApiClient, tenant: Tenant) -> None:
    mine = api.post("/api-keys", json={"name": "mine", "role": "viewer"}).json()
    other = api.as_key(make_tenant("Other").keys["admin"])
    other.post("/api-keys", json={"name": "theirs", "role": "viewer"})
    assert [i["object_id"] for i in _records(api)] == [mine["id"]]
    assert [i["changes"]["name"]["after"] for i in _records(other)] == ["theirs"]  # type: ignore[index]
    assert _records(other, object_type="api_key", object_id=mine["id"]) == []
    export = other.get("/audit/export", params={"format": "jsonl"}).text
    assert "mine" not in export and "theirs" in export


def test_exports_as_csv_and_json_lines_are_recorded(api: ApiClient) -> None:
    api.post("/api-keys", json={"name": "=HYPERLINK(1)", "role": "viewer"})
    r = api.get("/audit/export", params={"format": "csv", "action": "api_key."})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["action"] for row in rows] == ["api_key.create"]
    assert json.loads(rows[0]["changes"])["name"] == {"after": "=HYPERLINK(1)"}  # inside JSON: no formula
    lines = api.get("/audit/export", params={"format": "jsonl"}).text.splitlines()
    parsed = [json.loads(line) for line in lines]
    # Both exports are logged before their first line is sent: this one lists itself, then the CSV one.
    assert [p["action"] for p in parsed] == ["audit.export", "audit.export", "api_key.create"]
    assert parsed[0]["note"] == "jsonl {}" and parsed[1]["note"] == 'csv {"action": "api_key."}'
    assert [i["action"] for i in _records(api, action="audit.export")] == ["audit.export", "audit.export"]


def test_records_cannot_be_edited_or_deleted(api: ApiClient, tenant: Tenant) -> None:
    api.post("/api-keys", json={"name": "k", "role": "viewer"})
    record_id = _records(api)[0]["id"]
    for method in ("PUT", "PATCH", "DELETE"):
        assert api.request(method, f"/audit/{record_id}").status_code in (404, 405)
    with pytest.raises(Forbidden), unit_of_work() as s:
        s.delete(s.get(AuditRecord, record_id))
        s.flush()
    with pytest.raises(Forbidden), unit_of_work() as s:
        row = s.get(AuditRecord, record_id)
        assert row is not None
        row.action = "nothing.happened"
        s.flush()
    with pytest.raises(Forbidden), unit_of_work() as s:
        s.execute(update(AuditRecord).values(note="edited"))
    with pytest.raises(Forbidden), unit_of_work() as s:
        s.execute(delete(AuditRecord))
    assert _records(api)[0]["action"] == "api_key.create"


def test_retention_purges_only_older_records(api: ApiClient, tenant: Tenant) -> None:
    assert api.get("/audit/retention").json() == {"retention_days": 365}
    assert_error(api.put("/audit/retention", json={"retention_days": 7}), 422, "body.retention_days")
    assert_error(api.put("/audit/retention", json={"days": 90}), 422, "body.days")
    assert api.put("/audit/retention", json={"retention_days": 30}).json() == {"retention_days": 30}
    assert api.put("/audit/retention", json={"retention_days": 60}).status_code == 200
    with unit_of_work() as s:  # an old record, as the recorder would have written it 40 days ago
        s.add(AuditRecord(
            workspace_id=tenant.id, at=datetime.now(UTC) - timedelta(days=40), actor_type="user",
            actor_name="old@example.com", action="rule.delete", object_type="rule", object_id=1,
        ))  # fmt: skip
    assert audit_jobs.purge_daily() == 0  # 60 days kept
    assert api.put("/audit/retention", json={"retention_days": 30}).status_code == 200
    assert audit_jobs.purge_daily() == 1
    with unit_of_work() as s:
        left = list(s.scalars(select(AuditRecord.action).where(AuditRecord.workspace_id == tenant.id)))
    assert "rule.delete" not in left
    changed = _records(api, action="audit_settings.update")
    assert changed[0]["changes"] == {"retention_days": {"before": 60, "after": 30}}
