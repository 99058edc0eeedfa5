"""Webhooks against a real HTTP server on this machine: signed bodies, retries with back-off after a 500,
a timeout recorded without holding up other deliveries, failure after the last attempt, manual retry,
and private addresses refused unless allowed."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from steward.core.clock import now_utc
from steward.core.retry import MAX_ATTEMPTS
from steward.domains.webhooks import send, service
from tests.factories import ApiClient, assert_error


class Receiver:
    """Answers each path with the next status of its script (the last one repeats); /slow sleeps."""

    def __init__(self) -> None:
        self.script: dict[str, list[int]] = {}
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                outer.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                if self.path == "/slow":
                    time.sleep(send.TIMEOUT_SECONDS + 1)
                codes = outer.script.get(self.path, [200])
                code = codes.pop(0) if len(codes) > 1 else codes[0]
                self.send_response(code)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def _rule(endpoint_id: int) -> dict[str, Any]:
    return {
        "name": f"Notify {endpoint_id}", "trigger": {"kind": "schedule"},
        "conditions": [{"field": "segment", "op": "eq", "value": "SMB"}],
        "actions": [{"kind": "call_webhook", "endpoint_id": endpoint_id}],
    }  # fmt: skip


def test_signed_retried_and_recorded(api: ApiClient, receiver: Receiver, allow_private: None) -> None:
    api.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "SMB"})
    flaky = api.post("/webhooks", json={"name": "flaky", "url": receiver.url + "/flaky"})
    assert flaky.status_code == 201, flaky.text
    secret = flaky.json()["secret"]
    assert "secret" not in api.get("/webhooks").json()[0]  # shown once
    slow = api.post("/webhooks", json={"name": "slow", "url": receiver.url + "/slow"}).json()
    receiver.script["/flaky"] = [500, 200]
    for endpoint in (flaky.json(), slow):
        rule = api.post("/rules", json=_rule(endpoint["id"])).json()
        assert api.post(f"/rules/{rule['id']}/run").json()["matched"] == 1

    started = time.perf_counter()
    first = service.deliver_due(allow_private=True)
    assert first == {"delivered": 0, "retrying": 2, "failed": 0}  # the 500 and the timeout
    assert time.perf_counter() - started < 2 * send.TIMEOUT_SECONDS + 3
    [pending] = api.get(f"/webhooks/{flaky.json()['id']}/deliveries").json()
    assert pending["status"] == "pending" and pending["attempts"] == 1 and pending["last_status_code"] == 500
    [timed_out] = api.get(f"/webhooks/{slow['id']}/deliveries").json()
    assert "timed out" in timed_out["last_error"]

    assert service.deliver_due(allow_private=True) == {
        "delivered": 0,
        "retrying": 0,
        "failed": 0,
    }  # not yet due
    later = service.deliver_due(allow_private=True, now=now_utc() + timedelta(minutes=1))
    assert later["delivered"] == 1
    [done] = api.get(f"/webhooks/{flaky.json()['id']}/deliveries").json()
    assert done["status"] == "delivered" and done["attempts"] == 2

    _, headers, body = next(r for r in reversed(receiver.received) if r[0] == "/flaky")
    expected = hmac.new(
        secret.encode(), headers["x-steward-timestamp"].encode() + b"." + body, hashlib.sha256
    )
    assert headers["x-steward-signature"] == "sha256=" + expected.hexdigest()
    payload = json.loads(body)
    assert payload["event"] == "rule.matched" and payload["accounts"][0]["name"] == "Acme"


def test_gives_up_then_retries_by_hand(api: ApiClient, receiver: Receiver, allow_private: None) -> None:
    api.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "SMB"})
    hook = api.post("/webhooks", json={"name": "down", "url": receiver.url + "/down"}).json()
    receiver.script["/down"] = [503]
    rule = api.post("/rules", json=_rule(hook["id"])).json()
    api.post(f"/rules/{rule['id']}/run")
    when = now_utc()
    for _ in range(MAX_ATTEMPTS):
        service.deliver_due(allow_private=True, now=when)
        when += timedelta(hours=7)
    [gone] = api.get(f"/webhooks/{hook['id']}/deliveries").json()
    assert gone["status"] == "failed" and gone["attempts"] == MAX_ATTEMPTS
    receiver.script["/down"] = [200]
    assert api.post(f"/webhooks/deliveries/{gone['id']}/retry").json()["status"] == "pending"
    assert service.deliver_due(allow_private=True)["delivered"] == 1
    assert_error(api.post(f"/webhooks/deliveries/{gone['id']}/retry"), 422)


def test_bad_targets_are_refused(api: ApiClient) -> None:
    body = assert_error(
        api.post("/webhooks", json={"name": "local", "url": "http://127.0.0.1:9/x"}), 422, "url"
    )
    assert "private or local" in body["detail"][0]["msg"]
    assert_error(
        api.post("/webhooks", json={"name": "meta", "url": "http://169.254.169.254/latest"}), 422, "url"
    )
    assert_error(api.post("/webhooks", json={"name": "ftp", "url": "ftp://example.com/x"}), 422, "url")
    assert_error(api.post("/rules", json=_rule(999)), 422, "endpoint_id")
