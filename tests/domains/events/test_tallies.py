"""The running tallies of the raw event log (what the Sources page and `events stats` show) equal the
straightforward count over the log: after batches with several accounts, users, anonymous and unattributed
events, after a retried batch (stored once), and after pruning."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from fastapi.testclient import TestClient

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.domains.events import archive, queries, tallies
from tests.domains.events.test_usage import _messages, _send
from tests.factories import ApiClient, Tenant


def _both(workspace_id: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    with unit_of_work() as s:
        return tallies.read(s, workspace_id), queries.counts(s, workspace_id)


def _loose(today: datetime) -> list[dict[str, object]]:
    """Events of an anonymous visitor and of a user no account claims (no account on the event)."""
    at = today.isoformat()
    return [
        {"type": "page", "messageId": "anon-1", "anonymousId": "visitor", "name": "Pricing", "timestamp": at},
        {"type": "track", "messageId": "stray-1", "userId": "nobody", "event": "Login", "timestamp": at},
    ]


def test_tallies_equal_the_count_over_the_log(
    app_client: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> None:
    today = today_utc()
    api.post("/accounts", json={"external_id": "acme", "name": "Acme"})
    api.post("/accounts", json={"external_id": "globex", "name": "Globex"})
    assert _both(tenant.id) == ((0, 0, 0), (0, 0, 0))
    old = [(d, f"u{d % 3}", "Login", 1 + d % 2) for d in range(40, 46)]
    recent = [(d, f"u{d % 5}", "Export", 2) for d in range(1, 6)]
    _send(app_client, tenant.write_key, _messages(today, old + recent))
    _send(app_client, tenant.write_key, _messages(today, [(2, "g1", "Login", 3)], prefix="g"))
    globex = _messages(today, [(3, "g2", "Login", 2)], prefix="x")
    for m in globex:
        m["context"] = {"groupId": "globex"}
    _send(app_client, tenant.write_key, globex)
    _send(app_client, tenant.write_key, _loose(datetime.combine(today, time(8), tzinfo=UTC)))
    kept, counted = _both(tenant.id)
    assert kept == counted and counted[1] == 2 and counted[0] > 0

    _send(app_client, tenant.write_key, globex)  # a retry: stored once, counted once
    assert _both(tenant.id) == (kept, counted)
    assert api.get("/events/stats").json() == {
        "events": counted[0], "rejected": 0, "accounts": counted[1], "contacts": counted[2]
    }  # fmt: skip

    api.post("/usage/rollup")
    with unit_of_work() as s:
        archive.compact(s, tenant.id, tmp_path, days=90, today=today)
        assert archive.prune(s, tenant.id, tmp_path, keep_days=30, today=today) > 0
    kept, counted = _both(tenant.id)
    assert kept == counted and counted[0] == sum(times for *_, times in recent) + 3 + 2 + 2

    with unit_of_work() as s:  # counting again from the log gives the same rows
        tallies.recount(s, tenant.id)
    assert _both(tenant.id) == (counted, counted)


def test_tallies_are_per_workspace(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    api.post("/accounts", json={"external_id": "acme", "name": "Acme"})
    _send(app_client, tenant.write_key, _messages(today_utc(), [(1, "u1", "Login", 2)]))
    assert _both(tenant.id)[0] == (2, 1, 1)
    assert _both(tenant.id + 1000)[0] == (0, 0, 0)
