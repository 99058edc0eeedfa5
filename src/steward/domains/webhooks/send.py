"""One HTTP attempt of a delivery: resolve and check the target once (addresses.py), sign the body, POST to
the checked address with a short timeout. Returns what happened; never raises for the target's failures."""

from __future__ import annotations

import hashlib
import hmac
import json
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from steward.domains.webhooks.addresses import Resolver, check, system_resolver

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


def address_problem(url: str, allow_private: bool, resolve: Resolver = system_resolver) -> str | None:
    """Why the URL may not be called (bad scheme or host, or a private or local address), or None."""
    if allow_private:  # no lookup: a private target may not resolve yet when it is registered
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and parts.hostname
        return None if ok else "use an http:// or https:// URL with a host name"
    return check(url, allow_private, resolve).problem


def post(
    url: str,
    secret: str,
    delivery_id: int,
    event: str,
    payload: dict[str, Any],
    allow_private: bool,
    *,
    resolve: Resolver = system_resolver,
    tls: ssl.SSLContext | None = None,
) -> Attempt:
    """POST to the address checked just now (DNS can change since the endpoint was made, and again
    before a second lookup), naming the original host in the Host header, TLS SNI and certificate check."""
    target = check(url, allow_private, resolve)
    if target.address is None:
        return Attempt(False, None, target.problem, retry=target.transient)
    body = json.dumps(payload, separators=(",", ":"), default=str).encode()
    stamp = str(int(time.time()))
    headers = {
        "content-type": "application/json", "user-agent": "Steward-Webhooks/1",
        "x-steward-event": event, "x-steward-delivery": str(delivery_id), "x-steward-timestamp": stamp,
        "x-steward-signature": signature(secret, stamp, body),
    }  # fmt: skip
    try:
        original = httpx.URL(url)
        headers["host"] = original.netloc.decode("ascii")
        client = httpx.Client(
            timeout=TIMEOUT_SECONDS, follow_redirects=False, verify=True if tls is None else tls,
            trust_env=False,  # a proxy would look the name up again, past the check
        )  # fmt: skip
        with client:
            response = client.post(
                original.copy_with(host=target.address), content=body, headers=headers,
                extensions={"sni_hostname": original.raw_host.decode("ascii")},
            )  # fmt: skip
    except httpx.TimeoutException:
        return Attempt(False, None, f"timed out after {TIMEOUT_SECONDS:.0f} s", retry=True)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return Attempt(False, None, f"{type(exc).__name__}: {exc}"[:500], retry=True)
    if 200 <= response.status_code < 300:
        return Attempt(True, response.status_code, None, retry=False)
    # 4xx other than 408/429 will not get better by waiting
    retry = response.status_code >= 500 or response.status_code in (408, 429)
    return Attempt(False, response.status_code, f"answered HTTP {response.status_code}", retry=retry)


def post_json(url: str, payload: dict[str, Any], allow_private: bool) -> Attempt:
    """One unsigned JSON POST (chat tools' incoming webhooks) with the same address check and timeout; a
    refusal keeps the start of the target's answer (Slack says why, e.g. `invalid_payload`)."""
    target = check(url, allow_private, system_resolver)
    if target.address is None:
        return Attempt(False, None, target.problem, retry=target.transient)
    headers = {"content-type": "application/json", "user-agent": "Steward-Alerts/1"}
    try:
        original = httpx.URL(url)
        headers["host"] = original.netloc.decode("ascii")
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False, trust_env=False) as client:
            response = client.post(
                original.copy_with(host=target.address), json=payload, headers=headers,
                extensions={"sni_hostname": original.raw_host.decode("ascii")},
            )  # fmt: skip
    except httpx.TimeoutException:
        return Attempt(False, None, f"timed out after {TIMEOUT_SECONDS:.0f} s", retry=True)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return Attempt(False, None, f"{type(exc).__name__}: {exc}"[:500], retry=True)
    answer = f"HTTP {response.status_code}: {response.text[:400]}".strip().rstrip(":")
    if 200 <= response.status_code < 300:
        return Attempt(True, response.status_code, answer, retry=False)
    retry = response.status_code >= 500 or response.status_code in (408, 429)
    return Attempt(False, response.status_code, answer, retry=retry)
