"""STEWARD_TRUSTED_PROXIES: comma-separated addresses or networks, checked at start; uvicorn believes
forwarded headers from them only, and from nobody when it is empty."""

from __future__ import annotations

import pytest

from steward.settings import Settings
from steward.web.proxies import uvicorn_proxy_options


def test_trusted_proxies_are_read_as_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEWARD_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8,::1 ")
    settings = Settings()
    assert settings.trusted_proxies == ("127.0.0.1/32", "10.0.0.0/8", "::1/128")
    options = uvicorn_proxy_options(settings)
    assert options == {"proxy_headers": True, "forwarded_allow_ips": list(settings.trusted_proxies)}


def test_no_trusted_proxy_turns_forwarded_headers_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEWARD_TRUSTED_PROXIES", "")
    assert uvicorn_proxy_options(Settings()) == {"proxy_headers": False, "forwarded_allow_ips": []}


@pytest.mark.parametrize("value", ["10.0.0.1/8", "proxy.internal", "*"])
def test_a_wrong_proxy_is_refused_at_start(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("STEWARD_TRUSTED_PROXIES", value)
    with pytest.raises(ValueError, match="IP addresses or CIDR networks"):
        Settings()
