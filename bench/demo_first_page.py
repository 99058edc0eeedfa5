"""How soon `steward demo` answers: seconds from starting the command in an empty directory until GET /login
answers 200, until the demo user is signed in, until the current picture (recent usage, health, CTAs,
renewals, plans) is in and until the background fill of the long history is done, beside the same command with
--history-first (the whole history built before serving, as `make demo` did), measured in the same run.
While the fill runs, a signed-in client requests the pages the fill feeds (/usage, /sources) and the
cockpit, one after another, and their p50 / p95 are printed with the login page's (the floor).

Usage: python bench/demo_first_page.py [--accounts 500] [--no-baseline] [--first-only] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

USER, PASSWORD = "demo@steward.local", "steward-demo"
DURING = ("/login", "/usage", "/sources", "/cockpit")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _filled(db: Path) -> tuple[bool, bool]:
    """(the current picture is in, the whole history is in)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            row = conn.execute("SELECT current_ready, finished_at FROM workspace_backfills").fetchone()
    except sqlite3.Error:  # not created yet, or busy
        return False, False
    return (False, False) if row is None else (bool(row[0]), row[1] is not None)


def _login(client: httpx.Client) -> None:
    for _ in range(30):
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token, "no CSRF token on the login page"
        done = client.post("/login", data={"email": USER, "password": PASSWORD, "csrf_token": token.group(1)})
        if done.status_code == 303:
            return
        time.sleep(2)  # the start-up jobs held the write lock: try again
    raise SystemExit("could not sign in")


def run(accounts: int, history_first: bool, first_only: bool = False) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="steward-demo-bench-") as tmp:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
        cmd = [sys.executable, "-m", "steward.cli", "demo", "--data-dir", tmp, "--port", str(port),
               "--accounts", str(accounts), *(["--history-first"] if history_first else [])]  # fmt: skip
        log = open(Path(tmp) / "demo.log", "wb")  # noqa: SIM115  (closed below)
        started = time.perf_counter()
        demo = subprocess.Popen(cmd, env=env, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        first_page = signed_in = current_in = fill_done = None
        times: dict[str, list[float]] = {p: [] for p in DURING}
        refused: dict[str, int] = {}
        try:
            while first_page is None:
                if demo.poll() is not None:
                    raise SystemExit(f"steward demo exited with {demo.returncode}: {Path(tmp) / 'demo.log'}")
                try:
                    if httpx.get(f"{base}/login", timeout=5).status_code == 200:
                        first_page = time.perf_counter() - started
                except httpx.HTTPError:
                    time.sleep(0.2)
            if not history_first:
                with httpx.Client(base_url=base, timeout=60) as client:
                    _login(client)
                    signed_in = time.perf_counter() - started
                    while True:
                        current, done = _filled(Path(tmp) / "steward.db")
                        if current and current_in is None:
                            current_in = time.perf_counter() - started
                        if done or (first_only and current):
                            break
                        for path in DURING:
                            t = time.perf_counter()
                            status = client.get(path).status_code
                            times[path].append(time.perf_counter() - t)
                            if status != 200:  # 503: a write (the session's touch) waited out a long step
                                refused[path] = refused.get(path, 0) + 1
                        time.sleep(0.5)
                fill_done = None if first_only else time.perf_counter() - started
        finally:
            demo.terminate()
            demo.wait(30)
            log.close()
    during = {
        p: {
            "n": len(v),
            "p50_ms": float(np.percentile(v, 50) * 1000),
            "p95_ms": float(np.percentile(v, 95) * 1000),
            "not_200": refused.get(p, 0),
        }
        for p, v in times.items()
        if v
    }
    return {
        "first_page_s": round(first_page, 1),
        "signed_in_s": signed_in and round(signed_in, 1),
        "current_picture_s": current_in and round(current_in, 1),
        "fill_done_s": fill_done and round(fill_done, 1),
        "during_fill": during,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-baseline", action="store_true", help="skip the --history-first run")
    parser.add_argument(
        "--first-only", action="store_true", help="stop once the current picture is in (no fill figures)"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    split = run(args.accounts, history_first=False, first_only=args.first_only)
    full = {"first_page_s": None} if args.no_baseline else run(args.accounts, history_first=True)
    out = {"accounts": args.accounts, "serve_first": split, "history_first": full,
           "load_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)]}  # fmt: skip
    if args.json:
        print(json.dumps(out))
        return
    print(
        f"steward demo --accounts {args.accounts}, load average (1 min) "
        f"{out['load_1min'][0]} -> {out['load_1min'][1]}"
    )
    print(
        f"  serves first: GET /login 200 after {split['first_page_s']} s, signed in after "
        f"{split['signed_in_s']} s; current picture (usage, health, CTAs) in after "
        f"{split['current_picture_s']} s; history filled after {split['fill_done_s']} s"
    )
    print(f"  --history-first (the old way): GET /login 200 after {full['first_page_s']} s")
    during = split["during_fill"]
    assert isinstance(during, dict)
    for path, t in during.items():
        print(
            f"  during the fill {path}: p50 {t['p50_ms']:.0f} ms, p95 {t['p95_ms']:.0f} ms "
            f"({t['n']} requests, {t['not_200']} not 200)"
        )


if __name__ == "__main__":
    main()
