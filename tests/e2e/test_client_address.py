"""Which address a real uvicorn, started with the options of `steward serve`, counts a client under. By
default no X-Forwarded-For is believed, so a client on loopback sending a new one each time is still one
client and the anonymous-answer limit holds; with STEWARD_TRUSTED_PROXIES=127.0.0.1 the address the proxy
appended (the right-most one) is used, not what the client wrote before it."""

from __future__ import annotations

from contextlib import AbstractContextManager

import httpx
import pytest

from steward.settings import Settings
from steward.web.app import create_app
from steward.web.proxies import uvicorn_proxy_options
from tests.factories import ApiClient
from tests.factories.servers import serving


def _serving(settings: Settings) -> AbstractContextManager[str]:
    return serving(create_app(), **uvicorn_proxy_options(settings))


def _answers(url: str, forwarded_for: list[str]) -> list[int]:
    return [
        httpx.post(url, json={"score": 10}, headers={"X-Forwarded-For": f}, timeout=30).status_code
        for f in forwarded_for
    ]


def _survey_url(api: ApiClient, server: str) -> str:
    survey = api.post("/surveys", json={"name": "Public NPS", "kind": "nps"}).json()
    return f"{server}/api/v1/widget/surveys/{survey['public_key']}/responses"


def test_by_default_a_forwarded_address_is_not_believed(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STEWARD_TRUSTED_PROXIES", raising=False)
    with _serving(Settings()) as server:
        codes = _answers(_survey_url(api, server), [f"203.0.113.{n}" for n in range(21)])
    assert codes == [201] * 20 + [429]


def test_a_trusted_proxy_names_the_client(api: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEWARD_TRUSTED_PROXIES", "127.0.0.1")
    with _serving(Settings()) as server:
        url = _survey_url(api, server)
        assert _answers(url, [f"203.0.113.{n}" for n in range(21)]) == [201] * 21
        # A client's own header comes first, the proxy appends the peer it saw: that one is counted.
        chosen = [f"192.0.2.{n}, 198.51.100.7" for n in range(21)]
        assert _answers(url, chosen) == [201] * 20 + [429]
