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
COMMON = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY")]
REFERRER = (b"referrer-policy", b"same-origin")  # unless the page set its own (public links: no-referrer)
# Production serves over HTTPS behind a proxy: browsers keep to HTTPS for a year after one visit.
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.extra = [HSTS] if hsts else []

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
                own = list(message.get("headers", []))
                referrer = [] if any(k.lower() == REFERRER[0] for k, _ in own) else [REFERRER]
                message["headers"] = [
                    *own, *COMMON, *referrer, (b"content-security-policy", csp.encode()), *cors, *self.extra,
                ]  # fmt: skip
            await send(message)

        await self.app(scope, receive, send_with_headers)
