"""Production mode as README's "Running several processes" sets it up, with real processes: two
`steward serve` and two `steward worker` on PostgreSQL and Redis. One serve leads the scheduler, the login
back-off is shared (wrong passwords at one serve count at the other), and the e-mails the workers send
arrive exactly once."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from steward.core.db import unit_of_work
from steward.domains.mail import service as mail_service
from tests.conftest import BACKEND
from tests.factories import Tenant
from tests.smtp import Handler, free_port, smtp_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(BACKEND != "postgresql", reason="several processes need PostgreSQL (README)"),
]
REDIS_URL = "redis://127.0.0.1:6379/11"  # a database of its own: serve and worker use their default keys
MESSAGES = 60  # one pass of the e-mail job (100 a pass)
__all__ = ["smtp_server"]  # a fixture


@pytest.fixture
def production_env(
    migrated: str, smtp_server: tuple[str, Handler], tmp_path: Path
) -> Iterator[dict[str, str]]:
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    env = {
        **os.environ,
        "STEWARD_DATABASE_URL": migrated,
        "STEWARD_REDIS_URL": REDIS_URL,
        "STEWARD_SECRET_KEY": secrets.token_urlsafe(32),
        "STEWARD_SMTP_URL": smtp_server[0],
        "STEWARD_MAIL_FROM": "Steward <steward@example.com>",
        "STEWARD_DATA_DIR": str(tmp_path),
        "STEWARD_SCHEDULER": "1",
        "STEWARD_RESCORE": "off",
    }
    yield env
    store.flushdb()


def _steward(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    code = "from steward.cli.main import app; app()"
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.DEVNULL)


def _wait_for(base: str) -> None:
    for _ in range(600):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"{base} did not start")


def _login(base: str, email: str, password: str) -> int:
    with httpx.Client(base_url=base) as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        form = {"email": email, "password": password, "csrf_token": token.group(1)}
        return client.post("/login", data=form, headers={"origin": base}).status_code


def test_two_serves_and_two_workers(
    production_env: dict[str, str], smtp_server: tuple[str, Handler], tenant: Tenant
) -> None:
    items = [mail_service.Outgoing(f"user{i}@example.net", f"Note {i}", "Hello") for i in range(MESSAGES)]
    with unit_of_work() as s:
        mail_service.enqueue(session=s, workspace_id=tenant.id, items=items)
    ports = [free_port(), free_port()]
    serves = [_steward(production_env, "serve", "--port", str(p)) for p in ports]
    workers = [_steward(production_env, "worker") for _ in range(2)]
    processes = serves + workers
    try:
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        for base in bases:
            _wait_for(base)
        store = redis.Redis.from_url(REDIS_URL, decode_responses=True)
        deadline = time.monotonic() + 30
        while not (holder := store.get("steward:scheduler:leader")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert holder, "no serve took the scheduler's lock"
        leading = [p.pid for p in serves if f"-{p.pid}-" in holder]
        assert len(leading) == 1, (holder, [p.pid for p in serves])

        # Five wrong passwords at the first serve spend the account's free tries at the second too.
        email = tenant.user_emails["admin"]
        assert [_login(bases[0], email, f"guess {n}") for n in range(5)] == [401] * 5
        assert _login(bases[1], email, "guess 5") == 429

        handler = smtp_server[1]
        deadline = time.monotonic() + 90
        while len(handler.messages) < MESSAGES and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1)  # a second copy would come within the same pass
        received = Counter(str(m["Subject"]) for m in handler.messages)
        assert len(received) == MESSAGES and max(received.values()) == 1, received.most_common(3)
        assert all(p.poll() is None for p in processes)  # nobody crashed on the way
    finally:
        for p in processes:
            p.send_signal(signal.SIGINT if p in serves else signal.SIGTERM)
        for p in processes:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
