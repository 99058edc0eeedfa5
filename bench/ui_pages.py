"""Time to the last byte of every page in the staff navigation, on a built demo served by `steward serve`:
each page is requested REPEAT times one after another (after one warm-up request, whose time is printed
too), and p50 / p95 are printed beside the same figures for the login page, the floor of a page that does
no work, measured in the same run.

Usage: python bench/ui_pages.py --data-dir DIR [--repeat 20] [--pages /rules/1,/accounts] [--json]
       (build DIR first: STEWARD_DATA_DIR=DIR steward demo --no-serve)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import free_port, wait_until_healthy

NAV = ("/cockpit", "/accounts", "/risk", "/portfolio", "/renewals", "/revenue", "/usage", "/sources",
       "/journeys", "/reviews", "/rules", "/support", "/tickets", "/surveys", "/feedback",
       "/icp")  # fmt: skip
USER, PASSWORD = "demo@steward.local", "steward-demo"


def _serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STEWARD_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "steward.cli", "serve", "--port", str(port)]
    log = open(data_dir / "bench-serve.log", "ab")  # noqa: SIM115  (closed with the process)
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=log)
    try:  # it migrates first, and its daily jobs start with it
        wait_until_healthy(server, f"http://127.0.0.1:{port}", seconds=600, interval=0.3)
    except RuntimeError as e:
        raise SystemExit(f"{e}: see {data_dir}/bench-serve.log") from None
    return server


def _login(client: httpx.Client) -> int:
    """Sign in; returns how many attempts it took (the server's first minutes run its daily jobs, which
    can hold SQLite's write lock past the busy timeout: 503, or 500 before that was fixed)."""
    for attempt in range(1, 31):
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token, "no CSRF token on the login page"
        done = client.post("/login", data={"email": USER, "password": PASSWORD, "csrf_token": token.group(1)})
        if done.status_code == 303 and "steward_session" in str(client.cookies):
            return attempt
        assert done.status_code in (500, 503), done.text[:300]
        time.sleep(5)
    raise SystemExit("could not sign in within 30 attempts")


def _detail_pages(client: httpx.Client) -> list[str]:
    """One account, one rule and one ticket: the pages a user opens from the lists."""
    found = []
    for listing, pattern in (("/accounts", r'href="(/accounts/\d+)"'), ("/rules", r'href="(/rules/\d+)"'),
                             ("/tickets", r'href="(/tickets/\d+)"')):  # fmt: skip
        match = re.search(pattern, client.get(listing).text)
        if match:
            found.append(match.group(1))
    return found


def _time(client: httpx.Client, path: str, repeat: int) -> dict[str, float]:
    started = time.perf_counter()
    first = client.get(path)
    assert first.status_code == 200, f"{path}: {first.status_code}"
    first_s = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path).raise_for_status()
        times.append(time.perf_counter() - started)
    ms = np.asarray(times) * 1000
    return {"first_ms": first_s * 1000, "p50_ms": float(np.percentile(ms, 50)),
            "p95_ms": float(np.percentile(ms, 95)), "max_ms": float(ms.max())}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--pages", default="", help="comma-separated paths to time instead of the whole navigation"
    )
    args = parser.parse_args()
    if not (args.data_dir / "steward.db").exists():
        raise SystemExit(f"{args.data_dir}/steward.db not found: build it with steward demo --no-serve")
    port = free_port()
    server = _serve(args.data_dir, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            floor = _time(client, "/login", args.repeat)
            attempts = _login(client)
            paths = [p.strip() for p in args.pages.split(",") if p.strip()] or [*NAV, *_detail_pages(client)]
            pages = {path: _time(client, path, args.repeat) for path in paths}
    finally:
        server.terminate()
        server.wait(10)
    load = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"floor": floor, "pages": pages, "login_attempts": attempts, "load_1min": load}))
        return
    table = Table(title=f"Pages on the demo, {args.repeat} requests each after a warm-up (ms)")
    for column in ("page", "first", "p50", "p95", "max"):
        table.add_column(column, justify="left" if column == "page" else "right")
    for path, t in {"/login (floor)": floor, **pages}.items():
        slow = t["p95_ms"] > 300
        table.add_row(path, *(f"{t[k]:.0f}" for k in ("first_ms", "p50_ms", "p95_ms", "max_ms")),
                      style="red" if slow else None)  # fmt: skip
    Console().print(table)
    Console().print(f"signed in at attempt {attempts} (earlier ones met the start-up jobs' write lock)")
    over = [p for p, t in pages.items() if t["p95_ms"] > 300]
    Console().print(
        f"p95 over 300 ms: {', '.join(over) or 'none'}; load average (1 min) at the end {load:.1f}"
    )


if __name__ == "__main__":
    main()
