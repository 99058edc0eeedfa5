"""The one place where domain errors become HTTP responses, all as {"detail": [{"loc", "msg", "type"}]}."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from steward.core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Gone,
    Invalid,
    NotFound,
    TooLarge,
    TooMany,
    Unauthorized,
)
from steward.web.ui.form_errors import FormError, first_error
from steward.web.ui.session import EnrolmentRequired, LoginRequired
from steward.web.ui.templating import templates

log = logging.getLogger(__name__)

STATUS = {
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    Forbidden: 403,
    Unauthorized: 401,
    TooLarge: 413,
    Gone: 410,
    TooMany: 429,
}


def _detail(loc: Any, msg: str, type_: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": type_}


def error_response(
    status: int, items: list[dict[str, Any]], headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"detail": items}, status_code=status, headers=headers)


ECHO_CHARS = 500  # a refused value is echoed back only this long: a rejected megabyte is not sent back


def _echo(value: Any) -> tuple[bool, Any]:
    """Whether to echo a refused value, and how: as it was when short, cut when a long text, else not."""
    if isinstance(value, list | tuple | dict) and len(value) > 50:
        return False, None
    if isinstance(value, bytes):
        value = value[: ECHO_CHARS + 1].decode("utf-8", "replace")
    try:
        text = json.dumps(value, allow_nan=False)  # as the response will be: NaN echoed back would be a 500
    except (TypeError, ValueError):
        value = text = str(value)
    if len(text) <= ECHO_CHARS:
        return True, value
    return (True, value[:ECHO_CHARS] + "…") if isinstance(value, str) else (False, None)


def _wants_html(request: Request) -> bool:
    """UI pages get HTML error pages; the API and anything asking for JSON get the JSON shape."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    if "application/json" in accept and "text/html" not in accept:  # a UI form posted by a script
        return False
    return not path.startswith(("/api/", "/v1/", "/openapi", "/docs", "/static/")) and path != "/healthz"


BUSY_RETRY_SECONDS = 5
BUSY = (
    "The database is busy with background work (the daily jobs run in the first minutes after a demo is "
    "built or a server starts); nothing was changed. Try again in a few seconds."
)


def _database_busy(exc: OperationalError) -> bool:
    """SQLite's single writer waited out its busy timeout: the request did nothing and can be retried."""
    return "database is locked" in str(exc.orig) or "database table is locked" in str(exc.orig)


_PG_KEY = re.compile(r"Key \(([^)]*)\)")
_SQLITE_UNIQUE = "UNIQUE constraint failed: "


def _integrity_conflict(exc: IntegrityError) -> tuple[tuple[str, ...], str] | None:
    """A unique or foreign-key violation as (loc, msg): another transaction committed the same key (or
    removed a referenced row) between this request's check and its write. None for other violations (NOT
    NULL, CHECK), which are bugs."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    text = str(orig)
    if state == "23505" or text.startswith(_SQLITE_UNIQUE):
        if state == "23505":
            found = _PG_KEY.search(getattr(getattr(orig, "diag", None), "message_detail", None) or "")
            columns = [c.strip() for c in found.group(1).split(",")] if found else []
        else:
            columns = [c.strip().rsplit(".", 1)[-1] for c in text[len(_SQLITE_UNIQUE) :].split(",")]
        named = [c for c in columns if c != "workspace_id" and c.isidentifier()]
        what = named[-1] if named else "key"
        msg = f"another request stored this {what} a moment ago; it exists now"
        return (("body", named[-1]) if named else ("body",)), msg
    if state == "23503" or "FOREIGN KEY constraint failed" in text:
        return ("body",), "a row this refers to was changed or removed a moment ago; reload and try again"
    return None


def _html_error(request: Request, status: int, message: str | FormError) -> Response:
    titles = {
        401: "Please log in",
        403: "Not allowed",
        404: "Not found",
        405: "Not allowed",
        422: "Check the input",
        503: "Busy, try again",
    }
    context = {
        "status": status,
        "title": titles.get(status, "Something went wrong"),
        "message": message,
        "user": None,
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(_: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(exc.location(), status_code=303)

    @app.exception_handler(EnrolmentRequired)
    async def enrolment_required(_: Request, exc: EnrolmentRequired) -> RedirectResponse:
        return RedirectResponse("/account/two-factor", status_code=303)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
        if _wants_html(request):
            details = exc.details()  # one error is said in the page's language when its words are fixed
            message = first_error(exc) if len(details) == 1 else "; ".join(i.msg for i in details)
            return _html_error(request, status, message)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, TooMany):
            headers = {"Retry-After": str(exc.retry_after)}
        return error_response(status, [_detail(i.loc, i.msg, i.type) for i in exc.details()], headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        items = []
        for err in exc.errors():
            item = _detail(
                err.get("loc", ()), str(err.get("msg", "invalid")), str(err.get("type", "invalid"))
            )
            if "input" in err and err.get("type") != "missing":
                echo, value = _echo(err["input"])
                if echo:
                    item["input"] = value
            items.append(item)
        return error_response(422, items)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request) and exc.status_code in (404, 405):
            return _html_error(request, exc.status_code, "There is no page at this address.")
        loc = ["path"] if exc.status_code in (404, 405) else []
        return error_response(
            exc.status_code, [_detail(loc, str(exc.detail), "http_error")], dict(exc.headers or {})
        )

    @app.exception_handler(OperationalError)
    async def database_error(request: Request, exc: OperationalError) -> Response:
        if not _database_busy(exc):
            return await unexpected(request, exc)
        log.warning(
            "answered 503: %s %s waited out the database's busy timeout", request.method, request.url.path
        )
        headers = {"Retry-After": str(BUSY_RETRY_SECONDS)}
        if _wants_html(request):
            page = _html_error(request, 503, BUSY)
            page.headers.update(headers)
            return page
        return error_response(503, [_detail([], BUSY, "database_busy")], headers)

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> Response:
        # The request lost a race past its service's own "exists already?" check: answer what it would have
        # got had it come second (docs/concurrency.md).
        conflict = _integrity_conflict(exc)
        if conflict is None:
            return await unexpected(request, exc)
        loc, msg = conflict
        log.info("answered 409: %s %s lost a race on a unique key", request.method, request.url.path)
        if _wants_html(request):
            return _html_error(request, 409, msg)
        return error_response(409, [_detail(loc, msg, "conflict")])

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, [_detail([], "internal error; it has been logged", "internal")])
