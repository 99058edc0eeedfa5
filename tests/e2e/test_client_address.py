"""Which address a real uvicorn, started with the options of `steward serve`, counts a client under. By
default no X-Forwarded-For is believed, so a client on loopback sending a new one each time is still one
client and the anonymous-answer limit holds; with STEWARD_TRUSTED_PROXIES=127.0.0.1 the address the proxy
appended (the right-most one) is used, not what the client wrote before it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from steward.settings import Settings
from steward.web.app import create_app
from steward.web.proxies import uvicorn_proxy_options
from tests.factories import ApiClient


@contextmanager
def _serving(settings: Settings) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    options = uvicorn_proxy_options(settings)
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the test server did not start")
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


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
