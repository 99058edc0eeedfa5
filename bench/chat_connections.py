"""Live chat connections: N customer WebSockets (default 500) and one agent held by one `steward serve`
process; each customer sends messages at random moments and the time until the agent's socket has it is
measured (p50/p95/max), beside a plain HTTP request's (GET /healthz) time measured in the same run: with no
sockets, with them open and quiet, and while the chat runs.

    .venv/bin/python bench/chat_connections.py [--connections 500] [--rounds 2] [--window 20] [--redis URL]
                                               [--backend sqlite|postgresql]

SQLite in a temporary directory, or a throwaway PostgreSQL database on 127.0.0.1; with --redis the server
fans out through Redis pub/sub, as several processes would."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bulk_upsert import database
from serving import free_port, wait_until_healthy
from steward.core import db
from steward.core.migrate import upgrade_to_head
from steward.core.roles import Role
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.chat import service as chat_service
from steward.domains.contacts import service as contacts_service
from steward.domains.contacts.schemas import ContactCreate
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import WorkspaceCreate


def seed(n: int) -> tuple[str, str, list[tuple[str, str]]]:
    """A workspace with n contacts (10 per account), its chat key, an agent's session and each user's hash."""
    with db.unit_of_work() as s:
        ws = workspaces_service.create_workspace(session=s, data=WorkspaceCreate(name="Chat bench"))
        for a in range((n + 9) // 10):
            account = accounts_service.create_account(
                session=s, workspace_id=ws.id, data=AccountCreate(external_id=f"A{a}", name=f"Account {a}")
            )
            for c in range(a * 10, min(n, a * 10 + 10)):
                contacts_service.create_contact(
                    session=s,
                    workspace_id=ws.id,
                    data=ContactCreate(external_id=f"U{c}", account_id=account.id, name=f"User {c}"),
                )
        user = users_service.create_user(
            session=s,
            workspace_id=ws.id,
            data=UserCreate(email="agent@bench.example", name="Agent", role=Role.agent, password=None),
        )
        token, _ = users_service.start_web_session(session=s, user=user, max_age_seconds=3600)
        channel = chat_service.channel(session=s, workspace_id=ws.id)
        users = [(f"U{c}", chat_service.user_hash(channel.secret, f"U{c}")) for c in range(n)]
        return channel.public_key, token, users


@contextmanager
def server(database_url: str, data_dir: str, redis_url: str | None) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {**os.environ, "STEWARD_DATABASE_URL": database_url, "STEWARD_DATA_DIR": data_dir}
    env.update({"STEWARD_ENV": "dev", "STEWARD_SCHEDULER": "0", "STEWARD_RESCORE": "off"})
    env.pop("STEWARD_REDIS_URL", None)
    if redis_url:
        env["STEWARD_REDIS_URL"] = redis_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "steward.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(proc, url, seconds=120)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def http_probe(base: str, stop: asyncio.Event, out: list[float], every: float = 0.05) -> None:
    """GET /healthz over and over (a fresh request each time on one keep-alive connection)."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            response = await client.get("/healthz")
            response.raise_for_status()
            out.append(time.perf_counter() - started)
            await asyncio.sleep(every)


async def probe_for(base: str, seconds: float) -> list[float]:
    out: list[float] = []
    stop = asyncio.Event()
    probe = asyncio.create_task(http_probe(base, stop, out))
    await asyncio.sleep(seconds)
    stop.set()
    await probe
    return out


async def run(
    base: str, pid: int, key: str, token: str, users: list[tuple[str, str]], args: Any
) -> dict[str, Any]:
    ws_base = base.replace("http", "ws")
    async with httpx.AsyncClient(base_url=base) as warm:  # first requests pay for lazy imports
        for _ in range(20):
            await warm.get("/healthz")
    idle_http = await probe_for(base, 5)

    arrived: dict[str, float] = {}
    agent = await connect(
        f"{ws_base}/chat/agent/ws", additional_headers={"Cookie": f"steward_session={token}", "Origin": base}
    )
    json.loads(await agent.recv())

    async def agent_reader() -> None:
        async for raw in agent:
            event = json.loads(raw)
            if event["type"] == "message" and event["message"]["author"] == "customer":
                arrived[event["message"]["body"]] = time.perf_counter()

    reader = asyncio.create_task(agent_reader())
    gate = asyncio.Semaphore(50)
    started = time.perf_counter()

    async def open_one(user: str, hash_: str) -> ClientConnection:
        async with gate:
            ws = await connect(f"{ws_base}/chat/ws?key={key}&user={user}&hash={hash_}", max_queue=None)
            hello = json.loads(await ws.recv())
            assert hello["type"] == "hello" and hello["online"], hello
            return ws

    sockets = await asyncio.gather(*(open_one(u, h) for u, h in users))
    connect_seconds = time.perf_counter() - started
    rss_held = rss_mb(pid)
    held_http = await probe_for(base, 5)

    async def drain(ws: ClientConnection) -> None:
        async for _ in ws:
            pass

    drains = [asyncio.create_task(drain(ws)) for ws in sockets]
    sent: dict[str, float] = {}

    async def talk(i: int, ws: ClientConnection) -> None:
        for r in range(args.rounds):
            await asyncio.sleep(random.uniform(0, args.window))
            body = f"c{i}-r{r} hello"
            sent[body] = time.perf_counter()
            await ws.send(json.dumps({"type": "message", "body": body}))

    busy_http: list[float] = []
    stop = asyncio.Event()
    probe = asyncio.create_task(http_probe(base, stop, busy_http))
    await asyncio.gather(*(talk(i, ws) for i, ws in enumerate(sockets)))
    deadline = time.perf_counter() + 60
    while len(arrived) < len(sent) and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    stop.set()
    await probe
    rss_after = rss_mb(pid)
    latencies = [arrived[b] - t for b, t in sent.items() if b in arrived]
    for task in [*drains, reader]:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets), agent.close(), return_exceptions=True)
    return {
        "connections": len(sockets),
        "connect_s": connect_seconds,
        "rss_held": rss_held,
        "rss_after": rss_after,
        "messages": len(sent),
        "delivered": len(latencies),
        "chat": latencies,
        "idle_http": idle_http,
        "held_http": held_http,
        "busy_http": busy_http,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=2, help="messages per customer")
    parser.add_argument("--window", type=float, default=20.0, help="seconds the messages are spread over")
    parser.add_argument(
        "--redis", default=None, help="fan out through this Redis (as several processes would)"
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    console = Console(width=120)
    with database(args.backend) as url, tempfile.TemporaryDirectory() as tmp:
        os.environ["STEWARD_DATABASE_URL"] = url
        db.configure(url)
        upgrade_to_head()
        key, token, users = seed(args.connections)
        with server(url, tmp, args.redis) as (base, pid):
            result = asyncio.run(run(base, pid, key, token, users, args))
    ms = 1000.0
    table = Table(title=f"Live chat: {result['connections']} customer sockets + 1 agent on one process "
                  f"({'Redis pub/sub' if args.redis else 'in-process fan-out'}, {args.backend})")  # fmt: skip
    for col in ("measure", "n", "p50 ms", "p95 ms", "max ms"):
        table.add_column(col, justify="right" if col != "measure" else "left")
    for name, values in (
        ("GET /healthz, no sockets (baseline)", result["idle_http"]),
        ("GET /healthz, sockets open, quiet", result["held_http"]),
        ("GET /healthz, during the chat", result["busy_http"]),
        ("chat message, customer -> agent socket", result["chat"]),
    ):
        table.add_row(
            name,
            str(len(values)),
            f"{statistics.median(values) * ms:.1f}" if values else "-",
            f"{pct(values, 0.95) * ms:.1f}",
            f"{max(values) * ms:.1f}" if values else "-",
        )
    console.print(table)
    console.print(
        f"opened {result['connections']} sockets in {result['connect_s']:.1f} s; server RSS "
        f"{result['rss_held']:.0f} MB holding them, {result['rss_after']:.0f} MB after; "
        f"{result['delivered']} of {result['messages']} messages delivered "
        f"({args.rounds} per customer over {args.window:g} s); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
