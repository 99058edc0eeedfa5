"""Test data factories that go through the real services (so tests exercise the same code paths)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import text

from steward.core import db
from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import ApiKeyCreate, UserCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import WorkspaceCreate

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"


@dataclass
class Tenant:
    id: int
    slug: str
    write_key: str
    keys: dict[str, str] = field(default_factory=dict)
    user_emails: dict[str, str] = field(default_factory=dict)


def make_tenant(name: str) -> Tenant:
    n = next(_counter)
    with unit_of_work() as s:
        created = workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name=f"{name} {n}"))
        tenant = Tenant(id=created.id, slug=created.slug, write_key=created.write_key)
        for role in Role:
            key = users_service.create_api_key(
                session=s, workspace_id=created.id, data=ApiKeyCreate(name=f"{role.value} key", role=role)
            )
            tenant.keys[role.value] = key.key
            email = f"{role.value}{n}@example.com"
            # Only the admin gets a password: argon2 hashing is deliberately slow.
            password = PASSWORD if role is Role.admin else None
            users_service.create_user(
                session=s,
                workspace_id=created.id,
                data=UserCreate(
                    email=email, name=f"{role.value.title()} User {n}", role=role, password=password
                ),
            )
            tenant.user_emails[role.value] = email
    return tenant


class ApiClient:
    """A TestClient bound to one API key, with paths relative to /api/v1."""

    def __init__(self, client: TestClient, key: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {key}"}

    def request(self, method: str, path: str, **kwargs: Any) -> Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Response:
        return self.request("DELETE", path, **kwargs)

    def as_key(self, key: str) -> ApiClient:
        return ApiClient(self.client, key)


def assert_error(response: Response, status: int, loc_contains: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert isinstance(body["detail"], list) and body["detail"], body
    for item in body["detail"]:
        assert {"loc", "msg", "type"} <= set(item), item
    if loc_contains is not None:
        locs = [".".join(str(p) for p in d["loc"]) for d in body["detail"]]
        assert any(loc_contains in loc for loc in locs), locs
    return body


def wipe_database() -> None:
    """Delete every row (tests share one migrated database)."""
    engine = db.get_engine()
    tables = [t.name for t in reversed(db.Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # DELETE, not TRUNCATE: TRUNCATE makes new files for every table and index and syncs them at
            # commit, 1.5-1.7 s a test on this machine against 0.06-0.09 s. Foreign-key triggers are off for
            # the transaction (everything goes), and setval(.., 1, false) restarts ids as RESTART IDENTITY.
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
            sequences = conn.execute(
                text("SELECT schemaname || '.' || sequencename FROM pg_sequences WHERE schemaname = 'public'")
            ).scalars()
            for sequence in list(sequences):
                conn.execute(text("SELECT setval(:s, 1, false)"), {"s": sequence})
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
            conn.execute(text("DELETE FROM sqlite_sequence"))  # AUTOINCREMENT counters, as RESTART IDENTITY
