"""Security headers on every response; strict CSP everywhere but the Swagger page, which inlines its boot;
CORS open only on the survey widget's public endpoint."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'"
)
WIDGET_PREFIX = "/api/v1/widget/"
COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else CSP
        # The in-app survey widget posts from customers' own sites: its answers, errors included, are
        # readable cross-origin. Nothing else is.
        cors = [(b"access-control-allow-origin", b"*")] if scope["path"].startswith(WIDGET_PREFIX) else []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    *COMMON,
                    (b"content-security-policy", csp.encode()),
                    *cors,
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
