"""Live chat across two real `steward serve` processes sharing one database and the machine's Redis: an agent
on one process is seen as online by a customer on the other, and messages pass both ways through Redis
pub/sub. Real uvicorn WebSockets (the `websockets` package), not the test client."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.factories import Tenant
from tests.factories.live_redis import REDIS_URL, require_redis
from tests.web.chat_helpers import chat_world, session_cookie

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def two_servers(migrated: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    require_redis()
    env = {
        **os.environ,
        "STEWARD_DATABASE_URL": migrated,
        "STEWARD_REDIS_URL": REDIS_URL,
        "STEWARD_DATA_DIR": str(tmp_path),
        "STEWARD_SCHEDULER": "0",
        "STEWARD_RESCORE": "off",
    }
    ports = [_free_port(), _free_port()]
    code = "from steward.cli.main import app; app()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "serve", "--port", str(p)], env=env, stdout=subprocess.DEVNULL
        )
        for p in ports
    ]
    try:
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        for base in bases:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
            else:
                raise RuntimeError(f"{base} did not start")
        yield bases[0], bases[1]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=20)


def _next(ws: ClientConnection, kind: str) -> dict[str, Any]:
    for _ in range(20):
        event: dict[str, Any] = json.loads(ws.recv(timeout=10))
        if event["type"] == kind:
            return event
    raise AssertionError(f"no {kind!r} event")


def test_agent_and_customer_on_different_processes(two_servers: tuple[str, str], tenant: Tenant) -> None:
    first, second = two_servers
    world = chat_world(tenant)
    cookie = session_cookie(tenant)
    agent_url = first.replace("http", "ws") + "/chat/agent/ws"
    with connect(
        agent_url, additional_headers={"Cookie": f"steward_session={cookie}", "Origin": first}
    ) as agent:
        assert _next(agent, "hello")["conversations"] == []
        with connect(second.replace("http", "ws") + world.customer_url()) as customer:
            assert _next(customer, "hello")["online"] is True  # the agent's presence is shared through Redis
            customer.send(json.dumps({"type": "message", "body": "Hello from process two"}))
            seen = _next(agent, "message")
            assert seen["message"]["body"] == "Hello from process two"
            conv_id = seen["conversation"]["id"]
            agent.send(json.dumps({"type": "message", "conversation_id": conv_id, "body": "Answered by one"}))
            assert _next(customer, "message")["message"]["body"] in (
                "Hello from process two",
                "Answered by one",
            )
            assert _next(customer, "message")["message"]["body"] == "Answered by one"
            agent.send(json.dumps({"type": "end", "conversation_id": conv_id}))
            assert _next(customer, "ended")["ticket_id"] > 0
