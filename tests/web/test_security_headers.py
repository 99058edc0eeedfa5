"""Security headers: one Referrer-Policy per response (a public link's own no-referrer wins over the default),
and HSTS only in production (served over HTTPS)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

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
