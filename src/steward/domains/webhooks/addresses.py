"""Where a webhook may go: its host is resolved once, every address it resolves to must be public, IPv6 forms
that carry an IPv4 address (mapped, compatible, 6to4, Teredo, NAT64) are judged by that address too, and the
checked address is handed back so the request connects to it: DNS cannot change between check and send."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]  # (host, port) -> addresses, as getaddrinfo gives them

IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated (RFC 4291), still routed by some stacks
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215 local use: never a public host


def system_resolver(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass(frozen=True)
class Target:
    """The outcome of a check: the address to connect to, or why not (and whether trying later may help)."""

    address: str | None
    problem: str | None = None
    transient: bool = False


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address leads to through a translator or tunnel, each with its form."""
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip.ipv4_mapped is not None:
        found.append(("IPv4-mapped", ip.ipv4_mapped))
    if ip.sixtofour is not None:
        found.append(("6to4", ip.sixtofour))
    if ip.teredo is not None:  # (server, client); Python undoes the client's obfuscation
        found += [("Teredo server", ip.teredo[0]), ("Teredo client", ip.teredo[1])]
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in NAT64:
        found.append(("NAT64", low32))
    elif ip in IPV4_COMPATIBLE:
        found.append(("IPv4-compatible", low32))
    return found


def refusal(ip: IP) -> str | None:
    """Why a webhook may not connect to this address, or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address):
        for form, inner in embedded_ipv4(ip):
            if not _public(inner):
                return f"{ip}, which carries {inner} ({form}), a private or local address"
        if ip in NAT64_LOCAL:
            return f"{ip}, in the local-use NAT64 prefix {NAT64_LOCAL}, a private or local address"
    if not _public(ip):
        return f"{ip}, a private or local address"
    return None


def check(url: str, allow_private: bool, resolve: Resolver = system_resolver) -> Target:
    """Resolve the URL's host once and check every address; the first is the one to connect to."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Target(None, "use an http:// or https:// URL with a host name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return Target(None, "the URL's port is not a number from 1 to 65535")
    try:
        found = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(parts.hostname, port)]
    except (OSError, UnicodeError, ValueError):
        found = []
    if not found:
        return Target(None, f"the host {parts.hostname!r} does not resolve", transient=True)
    if not allow_private:
        for ip in found:
            why = refusal(ip)
            if why:
                return Target(None, f"{parts.hostname} resolves to {why}; webhooks go to public hosts")
    return Target(str(found[0]))


def _public(ip: IP) -> bool:
    return ip.is_global and not ip.is_multicast
