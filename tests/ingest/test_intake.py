"""The Segment-compatible intake: valid messages stored and attributed, invalid ones quarantined with their
reasons and listed in the answer, retries deduplicated, write keys, gzip, size limits and overload."""

from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.domains.events.models import EventRejection
from steward.ingest import api as ingest_api
from tests.factories import ApiClient, Tenant, assert_error, make_tenant


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def _post(client: TestClient, key: str, body: Any, path: str = "/v1/batch", **headers: str) -> Any:
    return client.post(path, content=orjson.dumps(body), headers={**_auth(key), **headers})


NOW = datetime.now(UTC).replace(microsecond=0)


def _track(
    n: int, user: str = "u1", group: str | None = "acme", event: str = "Report Built"
) -> dict[str, Any]:
    msg: dict[str, Any] = {
        "type": "track",
        "messageId": f"m{n}",
        "userId": user,
        "event": event,
        "timestamp": (NOW - timedelta(minutes=n)).isoformat(),
        "properties": {"n": n},
    }
    if group:
        msg["context"] = {"groupId": group}
    return msg


def test_a_batch_stores_the_valid_and_quarantines_the_rest(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    batch = [
        {
            "type": "group",
            "messageId": "g1",
            "userId": "u1",
            "groupId": "acme",
            "traits": {"name": "Acme Inc"},
        },
        {
            "type": "identify",
            "messageId": "i1",
            "userId": "u1",
            "traits": {"email": "ana@acme.test", "firstName": "Ana"},
        },
        _track(1),
        {
            "type": "page",
            "messageId": "p1",
            "anonymousId": "anon-7",
            "name": "Pricing",
            "context": {"groupId": "acme"},
        },
        {"type": "track", "messageId": "bad1", "userId": "u1"},  # no event
        {"messageId": "bad2", "userId": "u1", "event": "x"},  # no type
        {"type": "track", "messageId": "bad3", "event": "x"},  # nobody
        {**_track(2), "messageId": "bad4", "timestamp": "yesterday"},
        {**_track(3), "messageId": "bad5", "timestamp": (NOW + timedelta(days=3)).isoformat()},
        {**_track(4), "messageId": "bad6", "properties": {"blob": "x" * 40_000}},
        "not an object",
        {"type": "identify", "messageId": "bad8", "userId": "u2", "traits": {"email": "not-an-email"}},
        _track(5, user="u1", group=None),  # attributed through u1's group
    ]
    r = _post(app_client, tenant.write_key, {"batch": batch})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True and body["accepted"] == 5
    rejected = {x["index"]: x for x in body["rejected"]}
    assert sorted(rejected) == [4, 5, 6, 7, 8, 9, 10, 11]
    assert rejected[4]["errors"] == ["event is required"] and rejected[4]["messageId"] == "bad1"
    assert (
        "type is missing" in rejected[5]["errors"]
        and "userId or anonymousId is required" in rejected[6]["errors"]
    )
    assert "not ISO-8601" in rejected[7]["errors"][0] and "future" in rejected[8]["errors"][0]
    assert "limit is 32768" in rejected[9]["errors"][0] and "JSON object" in rejected[10]["errors"][0]
    assert "email" in rejected[11]["errors"][0]

    stats = api.get("/events/stats").json()
    assert stats == {"events": 5, "rejected": 8, "accounts": 1, "contacts": 1}
    quarantine = api.get("/events/rejections").json()
    assert quarantine["total"] == 8 and quarantine["items"][0]["payload"]
    acme = api.get("/accounts", params={"q": "Acme"}).json()["items"][0]
    assert acme["name"] == "Acme Inc" and acme["external_id"] == "acme"
    (ana,) = [c for c in api.get("/contacts").json()["items"] if c["external_id"] == "u1"]
    assert ana["email"] == "ana@acme.test" and ana["name"] == "Ana" and ana["account_id"] == acme["id"]

    again = _post(app_client, tenant.write_key, {"batch": batch})  # a client retry
    assert again.json()["accepted"] == 5 and api.get("/events/stats").json()["events"] == 5  # stored once

    other = make_tenant("Other")
    assert api.as_key(other.keys["admin"]).get("/events/stats").json()["events"] == 0


def test_single_calls_keys_and_bodies(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    ok = _post(app_client, tenant.write_key, {"userId": "u9", "event": "Signed In"}, "/v1/track")
    assert ok.status_code == 200 and ok.json()["accepted"] == 1
    bad = _post(app_client, tenant.write_key, {"userId": "u9"}, "/v1/track")
    assert bad.status_code == 400 and bad.json()["rejected"][0]["errors"] == ["event is required"]
    in_body = app_client.post(
        "/v1/identify", content=orjson.dumps({"userId": "u9", "writeKey": tenant.write_key})
    )
    assert in_body.status_code == 200

    assert_error(app_client.post("/v1/batch", content=b'{"batch": []}'), 401, "Authorization")
    assert_error(_post(app_client, "wk_wrong", {"batch": [_track(1)]}), 401, "Authorization")
    zipped = gzip.compress(orjson.dumps({"batch": [_track(7)]}))
    r = app_client.post(
        "/v1/batch", content=zipped, headers={**_auth(tenant.write_key), "Content-Encoding": "gzip"}
    )
    assert r.status_code == 200 and r.json()["accepted"] == 1
    assert_error(
        app_client.post(
            "/v1/batch",
            content=b"\x1f\x8bnope",
            headers={**_auth(tenant.write_key), "Content-Encoding": "gzip"},
        ),
        400,
    )
    bomb = gzip.compress(b'{"batch": [' + b" " * 2_000_000 + b"]}")
    assert_error(
        app_client.post(
            "/v1/batch", content=bomb, headers={**_auth(tenant.write_key), "Content-Encoding": "gzip"}
        ),
        413,
    )
    huge = {"batch": [_track(i) | {"properties": {"pad": "x" * 20_000}} for i in range(30)]}
    assert_error(_post(app_client, tenant.write_key, huge), 413, "body")
    assert_error(
        app_client.post("/v1/batch", content=b"{not json", headers=_auth(tenant.write_key)), 400, "body"
    )
    assert_error(_post(app_client, tenant.write_key, [1, 2]), 422, "body")
    assert_error(_post(app_client, tenant.write_key, {"batch": "x"}), 422, "batch")
    many = {
        "batch": [{"type": "track", "userId": "u", "event": "e", "messageId": f"x{i}"} for i in range(10_000)]
    }
    assert_error(_post(app_client, tenant.write_key, many), 413)  # 10,000 messages do not fit in 500 KB


def test_overload_answers_429(
    app_client: TestClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    monkeypatch.setattr(ingest_api, "_writers", asyncio.Semaphore(0))
    monkeypatch.setattr(ingest_api, "WAIT_SECONDS", 0.05)
    r = _post(app_client, tenant.write_key, {"batch": [_track(1)]})
    assert r.status_code == 429 and r.headers["retry-after"] == "1"


def test_replay_stores_what_passes_now(api: ApiClient, tenant: Tenant) -> None:
    fixed = orjson.dumps(_track(1)).decode()
    with unit_of_work() as s:  # quarantined by an older, stricter rule
        s.add_all(
            [
                EventRejection(
                    workspace_id=tenant.id,
                    message_id="m1",
                    position=0,
                    errors=["old rule"],
                    payload=fixed,
                    received_at=NOW,
                ),
                EventRejection(
                    workspace_id=tenant.id,
                    message_id="z",
                    position=1,
                    errors=["no type"],
                    payload='{"userId": "u"}',
                    received_at=NOW,
                ),
            ]
        )
    assert api.post("/events/rejections/replay").json() == {"replayed": 1, "still_rejected": 1}
    left = api.get("/events/rejections").json()["items"]
    assert [x["message_id"] for x in left] == ["z"] and "type is missing" in left[0]["errors"]
    assert api.get("/events/stats").json()["events"] == 1
    assert_error(api.as_key(tenant.keys["viewer"]).post("/events/rejections/replay"), 403)


def test_concurrent_batches_create_one_account(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    import threading

    answers: list[int] = []

    def send(n: int) -> None:
        batch = [{"type": "group", "messageId": f"g{n}", "userId": f"u{n}", "groupId": "newco",
                  "traits": {"name": "NewCo"}}, _track(n, user=f"u{n}", group="newco")]  # fmt: skip
        answers.append(_post(app_client, tenant.write_key, {"batch": batch}).status_code)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [200] * 8
    assert [a["external_id"] for a in api.get("/accounts").json()["items"]] == ["newco"]
    assert api.get("/events/stats").json()["events"] == 16
