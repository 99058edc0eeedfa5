"""One HTTP attempt of a delivery: refuse private addresses (unless allowed), sign the body, POST with a
short timeout. Returns what happened; never raises for the target's failures."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Attempt:
    ok: bool
    status_code: int | None
    error: str | None
    retry: bool  # worth trying again later


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """What the receiver recomputes: HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def address_problem(url: str, allow_private: bool) -> str | None:
    """Why the URL may not be called (bad scheme or host, or a private or local address), or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "use an http:// or https:// URL with a host name"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError:
        return f"the host {parts.hostname!r} does not resolve"
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if not ip.is_global:
            return (
                f"{parts.hostname} resolves to {ip}, a private or local address; webhooks go to public hosts"
            )
    return None


def post(
    url: str, secret: str, delivery_id: int, event: str, payload: dict[str, Any], allow_private: bool
) -> Attempt:
    problem = address_problem(url, allow_private)  # checked again at send time: DNS can change
    if problem:
        return Attempt(False, None, problem, retry=False)
    body = json.dumps(payload, separators=(",", ":"), default=str).encode()
    stamp = str(int(time.time()))
    headers = {
        "content-type": "application/json", "user-agent": "Steward-Webhooks/1",
        "x-steward-event": event, "x-steward-delivery": str(delivery_id), "x-steward-timestamp": stamp,
        "x-steward-signature": signature(secret, stamp, body),
    }  # fmt: skip
    try:
        response = httpx.post(
            url, content=body, headers=headers, timeout=TIMEOUT_SECONDS, follow_redirects=False
        )
    except httpx.TimeoutException:
        return Attempt(False, None, f"timed out after {TIMEOUT_SECONDS:.0f} s", retry=True)
    except httpx.HTTPError as exc:
        return Attempt(False, None, f"{type(exc).__name__}: {exc}"[:500], retry=True)
    if 200 <= response.status_code < 300:
        return Attempt(True, response.status_code, None, retry=False)
    # 4xx other than 408/429 will not get better by waiting
    retry = response.status_code >= 500 or response.status_code in (408, 429)
    return Attempt(False, response.status_code, f"answered HTTP {response.status_code}", retry=retry)
