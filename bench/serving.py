"""Starting a server for a benchmark: a free local port, and waiting until `GET /healthz` answers 200.

Used by the scripts that run `steward serve` (or uvicorn) in a process of its own: bulk_upsert,
chat_connections, hostile_inputs, ingest and ui_pages.
"""

from __future__ import annotations

import socket
import subprocess
import time
from typing import Any, NoReturn

import httpx


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(
    proc: subprocess.Popen[Any],
    base: str,
    *,
    seconds: float,
    what: str = "steward serve",
    interval: float = 0.05,
) -> None:
    """Poll `GET {base}/healthz` until it answers 200.

    If `proc` exits first, or `seconds` pass, the process is killed (if still running) and RuntimeError
    says which; where the process's stderr is a pipe, the end of what it wrote is part of the message.
    """
    deadline = time.monotonic() + seconds
    while True:
        code = proc.poll()
        if code is not None:
            _fail(proc, f"{what} exited with {code} before GET {base}/healthz answered 200")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() >= deadline:
            _fail(proc, f"{what} did not answer GET {base}/healthz with 200 within {seconds:g} s")
        time.sleep(interval)


def _fail(proc: subprocess.Popen[Any], message: str) -> NoReturn:
    if proc.poll() is None:
        proc.kill()
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:  # a child of it still holds the pipe
        err = None
    if err:
        text = err.decode(errors="replace") if isinstance(err, bytes) else str(err)
        message = f"{message}:\n{text[-4000:]}"
    raise RuntimeError(message)
