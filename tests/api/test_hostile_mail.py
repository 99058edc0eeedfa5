"""Hostile e-mails cost no more than they are worth: each shape that took seconds and gigabytes (or a 500)
in the standard library's parser is refused with the limit it broke, in well under a second and a few MB,
on the inbound-mail and the bounce-report routes alike."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from tests.factories import ApiClient, Tenant

RFC822 = {"Content-Type": "message/rfc822"}


def _headers(**fields: str) -> bytes:
    base = {"From": "dana@acme.test", "To": "support@steward.test", "Subject": "Help", **fields}
    return "".join(f"{k}: {v}\r\n" for k, v in base.items()).encode()


def _nested_multiparts(depth: int) -> bytes:
    head = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth))
    return _headers() + b"MIME-Version: 1.0\r\n" + head.encode() + b"Content-Type: text/plain\r\n\r\nhi\r\n"


HOSTILE = {
    "encoded words": _headers(Subject=" ".join(["=?utf-8?q?a?="] * 20_000)) + b"\r\nbody\r\n",
    "addresses": _headers(From=", ".join(f"u{i}@x.test" for i in range(40_000))) + b"\r\nbody\r\n",
    "RFC 2231 parameter sections": _headers(
        **{"Content-Type": "text/plain" + "".join(f"; name*{i}*=a" for i in range(20_000))}
    )
    + b"\r\nbody\r\n",
    "nested parentheses": _headers(From="dana@acme.test " + "(" * 2000 + ")" * 2000) + b"\r\nbody\r\n",
    "multipart containers": _nested_multiparts(3000),
    "header fields": _headers(**{f"X-H{i}": "v" for i in range(5000)}) + b"\r\nbody\r\n",
}  # fmt: skip


@pytest.mark.parametrize("shape", sorted(HOSTILE))
@pytest.mark.parametrize("route", ["/tickets/inbound-email", "/emails/bounces"])
def test_a_hostile_message_is_refused_cheaply(api: ApiClient, tenant: Tenant, shape: str, route: str) -> None:
    caller = api.as_key(tenant.keys["admin"])
    tracemalloc.start()
    began = time.perf_counter()
    response = caller.post(route, content=HOSTILE[shape], headers=RFC822)
    took = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code in (413, 422), response.text[:300]
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body"] and "limit" in detail["msg"], detail
    assert took < 2.0, took
    assert peak < 64 * 2**20, peak


def test_an_ordinary_message_still_opens_a_ticket(api: ApiClient, tenant: Tenant) -> None:
    from tests.domains.tickets.test_inbound_email import _mail
    from tests.domains.tickets.test_tickets import _account

    _account(api)
    raw = _mail("Dana <dana@acme.test>", "Cannot log in (since 9:00)", "It fails :( again (twice).", "<m@x>")
    response = api.as_key(tenant.keys["agent"]).post("/tickets/inbound-email", content=raw, headers=RFC822)
    assert response.status_code == 201, response.text
