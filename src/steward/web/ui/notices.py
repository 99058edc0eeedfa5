"""Error notices carried across a redirect (`?error=...`, `?cta_error=...`) are signed: a page shows only a
message the server itself put in the link, never text an attacker wrote into a URL ("Your account is locked:
call +1 ..." in the page's own alert box)."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

UI_ONLY = ("/api/", "/v1/")  # the API has no notices: its query strings pass untouched


def _is_notice(name: str) -> bool:
    return name == "error" or name.endswith("_error")


class Notices:
    """Signs notices for links and, as ASGI middleware, drops every notice whose signature does not hold
    (and unwraps those that do), before any page reads its query parameters."""

    def __init__(self, app: ASGIApp | None = None, *, secret: str) -> None:
        self.app = app
        self._key = hashlib.sha256(b"steward-notice:" + secret.encode()).digest()

    def _mac(self, message: str) -> str:
        return hmac.new(self._key, message.encode(), hashlib.sha256).hexdigest()[:24]

    def sign(self, message: str) -> str:
        """The query-parameter value (to be quoted) that shows `message` on the page."""
        return f"{self._mac(message)}.{message}"

    def verified(self, value: str) -> str | None:
        mac, _, message = value.partition(".")
        return message if hmac.compare_digest(mac.encode(), self._mac(message).encode()) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None
        raw = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if raw and not scope["path"].startswith(UI_ONLY):
            # Parsed, not searched: "%65rror=" is "error=" to the page too.
            pairs = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
            if any(_is_notice(name) for name, _ in pairs):
                kept = []
                for name, value in pairs:
                    if _is_notice(name):
                        message = self.verified(value)
                        if message is None:
                            continue
                        value = message
                    kept.append((name, value))
                scope = {**scope, "query_string": urlencode(kept).encode("ascii")}
        await self.app(scope, receive, send)


def notice(message: str) -> str:
    """`?error={quote(notice(message))}`: the signed value a page will show."""
    from steward.settings import get_settings

    return Notices(secret=get_settings().secret_key).sign(message)
