"""Security headers: one Referrer-Policy per response (a public link's own no-referrer wins over the default),
and HSTS only in production (served over HTTPS)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from steward.settings import get_settings
from steward.web.app import create_app
from steward.web.headers import SecurityHeaders


def _client(*, hsts: bool) -> TestClient:
    def page(_: object) -> PlainTextResponse:
        return PlainTextResponse("page")

    def public(_: object) -> PlainTextResponse:
        return PlainTextResponse("public", headers={"Referrer-Policy": "no-referrer"})

    app = Starlette(routes=[Route("/page", page), Route("/public", public)])
    return TestClient(SecurityHeaders(app, hsts=hsts))


def test_one_referrer_policy_per_response() -> None:
    client = _client(hsts=False)
    own = client.get("/public").headers.get_list("referrer-policy")
    default = client.get("/page").headers.get_list("referrer-policy")
    assert (own, default) == (["no-referrer"], ["same-origin"])


def test_hsts_only_in_production() -> None:
    assert "strict-transport-security" not in _client(hsts=False).get("/page").headers
    assert _client(hsts=True).get("/page").headers["strict-transport-security"].startswith("max-age=31536000")


def test_the_real_app_sends_them(app_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The middleware is installed in Steward's own app: one policy on staff pages and on a public link's
    404, and HSTS when the app is built for production."""
    assert app_client.get("/login").headers.get_list("referrer-policy") == ["same-origin"]
    assert "strict-transport-security" not in app_client.get("/login").headers
    assert app_client.get("/csat/not-a-token").headers.get_list("referrer-policy") == ["no-referrer"]
    monkeypatch.setenv("STEWARD_ENV", "prod")
    monkeypatch.setenv("STEWARD_SECRET_KEY", "k" * 40)
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as prod:
            headers = prod.get("/healthz").headers
            assert headers["strict-transport-security"].startswith("max-age=31536000")
            assert headers.get_list("referrer-policy") == ["same-origin"]
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
