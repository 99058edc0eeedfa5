"""Whose X-Forwarded-For to believe: the uvicorn options `steward serve` and `steward demo` run with.

uvicorn on its own believes the header from 127.0.0.1, so any local client (or a proxy that passes the
header through) could choose the address it is counted under. Steward believes it only from
STEWARD_TRUSTED_PROXIES, and then takes the right-most address that is not one of them: the one the
trusted proxy saw, not whatever the client wrote to the left of it. Every handler then reads the client
from `request.client` (web.deps.client_address)."""

from __future__ import annotations

from typing import Any

from steward.settings import Settings


def uvicorn_proxy_options(settings: Settings) -> dict[str, Any]:
    proxies = list(settings.trusted_proxies)
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies}
