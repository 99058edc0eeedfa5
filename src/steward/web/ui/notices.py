"""Error notices carried across a redirect (`?error=...`, `?cta_error=...`) are signed for the session that
caused them and expire: a page shows only a message the server itself put in that visitor's link, never text
an attacker wrote into a URL ("Your account is locked: call +1 ..." in the page's own alert box), and a link
another user made the server sign (a form error quoting their own input) shows nothing to anyone else."""

from __future__ import annotations

import hashlib
import hmac
import time
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlencode

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from steward.web.ui.form_errors import FormError
from steward.web.ui.session import SESSION_COOKIE

# Query strings that pass untouched: the API has no notices, and a provider's OAuth `error` code on the
# single sign-on callback is only ever matched against the standard codes, never shown as written.
UI_ONLY = ("/api/", "/v1/", "/login/sso/callback")
LIFETIME = 15 * 60  # seconds: a redirect is followed at once; a shared link outlives its use

# The current request's session cookie, so a handler's notice() is bound to the visitor it answers.
_viewer: ContextVar[str] = ContextVar("notice_viewer", default="")


def _is_notice(name: str) -> bool:
    return name == "error" or name.endswith("_error")


def _viewer_of(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            return cookie_parser(value.decode("latin-1")).get(SESSION_COOKIE, "")
    return ""


class Notices:
    """Signs notices for links and, as ASGI middleware, drops every notice whose signature does not hold
    for this visitor and time (and unwraps those that do), before any page reads its query parameters."""

    def __init__(self, app: ASGIApp | None = None, *, secret: str) -> None:
        self.app = app
        self._key = hashlib.sha256(b"steward-notice:" + secret.encode()).digest()

    def _mac(self, viewer: str, issued: int, message: str) -> str:
        signed = f"{hashlib.sha256(viewer.encode()).hexdigest()}|{issued}|{message}"
        return hmac.new(self._key, signed.encode(), hashlib.sha256).hexdigest()[:24]

    def sign(self, message: str, *, viewer: str, now: float | None = None) -> str:
        """The query-parameter value (to be quoted) that shows `message` to `viewer` for a while."""
        issued = int(time.time() if now is None else now)
        return f"{issued}.{self._mac(viewer, issued, message)}.{message}"

    def verified(self, value: str, *, viewer: str, now: float | None = None) -> str | None:
        issued_text, _, rest = value.partition(".")
        mac, _, message = rest.partition(".")
        if not issued_text.isdigit() or len(issued_text) > 12:
            return None
        issued = int(issued_text)
        age = (time.time() if now is None else now) - issued
        if not 0 <= age + 5 <= LIFETIME + 5:  # a few seconds of clock skew between processes
            return None
        expected = self._mac(viewer, issued, message)
        return message if hmac.compare_digest(mac.encode(), expected.encode()) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        viewer = _viewer_of(scope)
        raw = scope.get("query_string", b"")
        if raw and not scope["path"].startswith(UI_ONLY):
            # Parsed, not searched: "%65rror=" is "error=" to the page too.
            pairs = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
            if any(_is_notice(name) for name, _ in pairs):
                kept = []
                for name, value in pairs:
                    if _is_notice(name):
                        message = self.verified(value, viewer=viewer)
                        if message is None:
                            continue
                        value = message
                    kept.append((name, value))
                scope = {**scope, "query_string": urlencode(kept).encode("ascii")}
        token = _viewer.set(viewer)
        try:
            await self.app(scope, receive, send)
        finally:
            _viewer.reset(token)


def notice(message: str | FormError, *, viewer: str | None = None) -> str:
    """`?error={quote(notice(message))}`: the signed value a page will show to the visitor being answered (a
    FormError travels as its parts, for the page to say in its language)."""
    from steward.settings import get_settings

    if isinstance(message, FormError):
        message = message.encoded()

    signer = Notices(secret=get_settings().secret_key)
    return signer.sign(message, viewer=_viewer.get() if viewer is None else viewer)
