"""`steward events stats|rejected|replay`: the JSON of docs/commands.md, the quarantine, bad slugs."""

from __future__ import annotations

import base64
import json

import orjson
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from steward.cli.main import app
from tests.factories import Tenant

runner = CliRunner()


def test_events_commands(app_client: TestClient, tenant: Tenant) -> None:
    auth = {"Authorization": "Basic " + base64.b64encode(f"{tenant.write_key}:".encode()).decode()}
    batch = {"batch": [
        {"type": "group", "messageId": "g", "userId": "u1", "groupId": "acme"},
        {"type": "track", "messageId": "t", "userId": "u1", "event": "Login"},
        {"type": "track", "messageId": "bad", "userId": "u1"},
    ]}  # fmt: skip
    assert app_client.post("/v1/batch", content=orjson.dumps(batch), headers=auth).json()["accepted"] == 2

    r = runner.invoke(app, ["events", "stats", "--workspace", tenant.slug, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"events": 2, "rejected": 1, "accounts": 1, "contacts": 1}
    listed = runner.invoke(app, ["events", "rejected", "--workspace", tenant.slug])
    assert listed.exit_code == 0 and "event is required" in listed.stdout
    again = runner.invoke(app, ["events", "replay", "--workspace", tenant.slug, "--json"])
    assert json.loads(again.stdout) == {"replayed": 0, "still_rejected": 1}
    missing = runner.invoke(app, ["events", "stats", "--workspace", "nope", "--json"])
    assert missing.exit_code == 2 and "nope" in missing.stderr
