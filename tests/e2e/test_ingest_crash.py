"""Durability: a server killed with SIGKILL in the middle of sustained intake loses no acknowledged message,
and the clients' retries after the restart store nothing twice."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import orjson
import pytest
from sqlalchemy import func, select

from steward.core.db import unit_of_work
from steward.domains.events.models import Event
from tests.factories import make_tenant

pytestmark = pytest.mark.e2e
BATCH = 100


def _start(database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "STEWARD_DATABASE_URL": database_url,
        "STEWARD_SCHEDULER": "0",
        "STEWARD_RESCORE": "off",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "steward.web.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the server did not start")


def test_kill_9_loses_no_acknowledged_message(migrated: str) -> None:
    tenant = make_tenant("Crash")
    auth = {"Authorization": "Basic " + base64.b64encode(f"{tenant.write_key}:".encode()).decode()}
    batches = [
        [
            {"type": "track", "messageId": f"b{b}-{i}", "userId": f"u{i}", "event": "Clicked"}
            for i in range(BATCH)
        ]
        for b in range(400)
    ]
    acknowledged: set[str] = set()
    lock = threading.Lock()
    proc, base = _start(migrated)

    def client(mine: list[list[dict[str, str]]]) -> None:
        with httpx.Client(base_url=base, headers=auth, timeout=5) as http:
            for batch in mine:
                try:
                    r = http.post("/v1/batch", content=orjson.dumps({"batch": batch}))
                except httpx.HTTPError:
                    return  # the server is gone
                if r.status_code == 200 and not r.json()["rejected"]:
                    with lock:
                        acknowledged.update(m["messageId"] for m in batch)

    threads = [threading.Thread(target=client, args=(batches[n::4],)) for n in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 30 * BATCH and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)  # mid-stream: some batches are in flight
    proc.wait(10)
    for t in threads:
        t.join(10)
    with lock:
        before = set(acknowledged)
    assert 0 < len(before) < len(batches) * BATCH

    with unit_of_work() as s:
        stored = set(s.scalars(select(Event.message_id).where(Event.workspace_id == tenant.id)))
    assert before <= stored  # every acknowledged message survived the kill

    proc, base = _start(migrated)  # the clients retry everything they sent or meant to send
    try:
        with httpx.Client(base_url=base, headers=auth, timeout=30) as http:
            for batch in batches:
                assert http.post("/v1/batch", content=orjson.dumps({"batch": batch})).status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
    with unit_of_work() as s:
        rows = s.scalar(select(func.count()).select_from(Event).where(Event.workspace_id == tenant.id))
        distinct = s.scalar(
            select(func.count(func.distinct(Event.message_id))).where(Event.workspace_id == tenant.id)
        )
    assert rows == distinct == len(batches) * BATCH  # each exactly once
