"""`steward workspace|user|apikey create` print JSON, store only digests and fail with exit 2 on bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from steward.cli.main import app
from steward.core.db import unit_of_work
from steward.core.security import token_digest
from steward.domains.users import queries as users_queries
from steward.domains.users import service as users_service
from steward.domains.workspaces import queries as workspaces_queries

runner = CliRunner()


def test_workspace_user_and_key_creation() -> None:
    r = runner.invoke(app, ["workspace", "create", "Northwind Traders", "--json"])
    assert r.exit_code == 0, r.output
    ws = json.loads(r.stdout)
    assert ws["slug"] == "northwind-traders" and ws["write_key"].startswith("wk_")
    with unit_of_work() as s:
        stored = workspaces_queries.by_slug(s, ws["slug"])
        assert stored is not None and stored.write_key_digest == token_digest(ws["write_key"])

    r = runner.invoke(
        app,
        [
            "user",
            "create",
            "--workspace",
            ws["slug"],
            "--email",
            "Ada@Example.com",
            "--role",
            "csm",
            "--password-stdin",
            "--json",
        ],
        input="a long enough password\n",
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["email"] == "ada@example.com"
    with unit_of_work() as s:
        user = users_service.authenticate_password(
            session=s, email="ada@example.com", password="a long enough password"
        )
        assert user is not None and user.password_hash and "a long enough" not in user.password_hash

    r = runner.invoke(app, ["apikey", "create", "--workspace", ws["slug"], "--role", "admin", "--json"])
    assert r.exit_code == 0, r.output
    key = json.loads(r.stdout)["key"]
    with unit_of_work() as s:
        row = users_queries.api_key_by_digest(s, token_digest(key))
        assert row is not None and row.role == "admin"


def test_bad_input_exits_2_with_a_message() -> None:
    r = runner.invoke(app, ["apikey", "create", "--workspace", "no-such-ws", "--role", "admin"])
    assert r.exit_code == 2 and "no-such-ws" in r.stderr
    r = runner.invoke(app, ["workspace", "create", "Dup", "--slug", "dup"])
    assert r.exit_code == 0
    r = runner.invoke(app, ["workspace", "create", "Dup again", "--slug", "dup"])
    assert r.exit_code == 2 and "already exists" in r.stderr
    r = runner.invoke(app, ["workspace", "create", "Bad", "--slug", "Not A Slug!"])
    assert r.exit_code == 2 and "slug" in r.stderr
    r = runner.invoke(
        app,
        ["user", "create", "--workspace", "dup", "--email", "x@y.io", "--role", "csm", "--password-stdin"],
        input="short\n",
    )
    assert r.exit_code == 2 and "password" in r.stderr
    r = runner.invoke(app, ["user", "create", "--workspace", "dup", "--email", "x@y.io", "--role", "boss"])
    assert r.exit_code == 2
