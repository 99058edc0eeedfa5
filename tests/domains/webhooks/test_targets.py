"""Where webhooks may go: IPv6 forms that carry a private IPv4 address are refused with the reason, every
address a name resolves to is checked, and the request goes to the address checked (with the original host
name in the Host header and in the TLS certificate check) even when the name resolves elsewhere later."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest

from steward.domains.webhooks import addresses, send
from tests.domains.webhooks.listeners import Authority, Listener
from tests.factories import ApiClient, assert_error

REFUSED = [
    ("http://[::127.0.0.1]/x", "carries 127.0.0.1 (IPv4-compatible)"),
    ("http://[::ffff:127.0.0.1]/x", "carries 127.0.0.1 (IPv4-mapped)"),
    ("http://[::169.254.169.254]/latest", "carries 169.254.169.254 (IPv4-compatible)"),
    ("http://[64:ff9b::a9fe:a9fe]/latest", "carries 169.254.169.254 (NAT64)"),
    ("http://[64:ff9b:1::a9fe:a9fe]/latest", "local-use NAT64 prefix"),
    ("http://[2002:7f00:1::]/x", "carries 127.0.0.1 (6to4)"),
    # Teredo: server 65.54.227.120, client 127.0.0.1 stored inverted (80ff:fffe)
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/x", "carries 127.0.0.1 (Teredo client)"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_ipv6_forms_of_private_ipv4_are_refused(api: ApiClient, url: str, reason: str) -> None:
    body = assert_error(api.post("/webhooks", json={"name": "sneaky", "url": url}), 422, "url")
    assert reason in body["detail"][0]["msg"] and "private or local" in body["detail"][0]["msg"]
    attempt = send.post(url, "s", 1, "test", {}, allow_private=False)
    assert not attempt.ok and not attempt.retry and reason in (attempt.error or "")


def test_public_addresses_pass_including_their_ipv6_forms() -> None:
    for public in ("8.8.8.8", "2001:4860:4860::8888", "64:ff9b::808:808", "2002:808:808::1"):
        assert addresses.refusal(ipaddress.ip_address(public)) is None, public
    for private in ("224.0.0.1", "ff0e::1", "::1", "::"):
        assert addresses.refusal(ipaddress.ip_address(private)) is not None, private


def test_every_resolved_address_is_checked() -> None:
    target = addresses.check("https://hook.example/x", False, lambda host, port: ["8.8.8.8", "10.0.0.5"])
    assert target.address is None and "hook.example resolves to 10.0.0.5" in (target.problem or "")
    assert addresses.check("https://hook.example/x", False, lambda h, p: ["8.8.8.8"]).address == "8.8.8.8"


def test_a_name_that_does_not_resolve_is_tried_again_later() -> None:
    def broken(host: str, port: int) -> list[str]:
        raise OSError("temporary failure in name resolution")

    attempt = send.post("https://hook.example/x", "s", 1, "test", {}, allow_private=False, resolve=broken)
    assert not attempt.ok and attempt.retry and "does not resolve" in (attempt.error or "")


@pytest.fixture
def pair() -> Iterator[tuple[Listener, Listener]]:
    """Two listeners on one port: 127.0.0.1 (the address checked) and 127.0.0.2 (where DNS moves to)."""
    checked = Listener("127.0.0.1")
    moved = Listener("127.0.0.2", checked.port)
    yield checked, moved
    checked.close()
    moved.close()


def test_the_request_goes_to_the_address_checked(pair: tuple[Listener, Listener]) -> None:
    checked, moved = pair
    answers = iter([["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    url = f"http://hook.example:{checked.port}/in"
    attempt = send.post(url, "s", 1, "test", {"a": 1}, allow_private=True, resolve=rebinding)
    assert attempt.ok, attempt
    assert calls == ["hook.example"]  # one lookup, used for both the check and the connection
    assert checked.hosts == [f"hook.example:{checked.port}"] and moved.hosts == []


def test_tls_is_checked_against_the_host_name_not_the_address(tmp_path: Path) -> None:
    authority = Authority()
    to_localhost = lambda host, port: ["127.0.0.1"]  # noqa: E731
    right = Listener(tls=authority.server_context("hook.example", tmp_path))
    try:
        url = f"https://hook.example:{right.port}/in"
        attempt = send.post(
            url, "s", 1, "test", {}, allow_private=True, resolve=to_localhost, tls=authority.client_context()
        )
        assert attempt.ok, attempt
        assert right.hosts == [f"hook.example:{right.port}"]
    finally:
        right.close()
    wrong = Listener(tls=authority.server_context("other.example", tmp_path))
    try:
        url = f"https://hook.example:{wrong.port}/in"
        attempt = send.post(
            url, "s", 1, "test", {}, allow_private=True, resolve=to_localhost, tls=authority.client_context()
        )
        assert not attempt.ok and "CERTIFICATE_VERIFY_FAILED" in (attempt.error or ""), attempt
        assert wrong.hosts == []
    finally:
        wrong.close()
