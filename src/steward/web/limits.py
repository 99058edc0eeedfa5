"""ASGI middleware that refuses request bodies over a size limit with 413 before reading them whole.

JSON bodies get a lower limit than uploads (CSV files, e-mails): the framework parses and validates JSON on
the event loop, before the caller is known, and neither step lets go of the interpreter, so a 15 MB array of
numbers held every other request for over a second."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, max_json_bytes: int | None = None) -> None:
        self.app = app
        self.max_upload_bytes = max_bytes
        self.max_json_bytes = min(max_bytes, max_json_bytes or max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        is_json = kind == b"application/json" or kind.endswith(b"+json")  # what the framework parses
        limit = self.max_json_bytes if is_json else self.max_upload_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit, is_json)
            return
        received = 0
        refused = False

        async def limited() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            if refused:
                await self._refuse(send, limit, is_json)

    async def _refuse(self, send: Send, limit: int, is_json: bool) -> None:
        what = "a JSON body" if is_json else "the request body"
        msg = f"{what} is larger than the limit of {limit} bytes"
        if is_json:
            msg += " (send bulk items in batches of up to 5,000)"
        body = json.dumps({"detail": [{"loc": ["body"], "msg": msg, "type": "too_large"}]}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class RejectNul:
    """Refuse NUL characters in the path or query string before they reach a database (422, not 500)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            where = (
                "path" if "\x00" in scope["path"] else "query" if b"%00" in scope["query_string"] else None
            )
            if where:
                body = json.dumps(
                    {
                        "detail": [
                            {"loc": [where], "msg": "NUL (%00) characters are not allowed", "type": "invalid"}
                        ]
                    }
                ).encode()
                await send({"type": "http.response.start", "status": 422,
                            "headers": [(b"content-type", b"application/json")]})  # fmt: skip
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
