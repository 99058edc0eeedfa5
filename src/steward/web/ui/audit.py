"""The audit log page for admins: filter, page back in time, export as CSV or JSON lines, set retention."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from pydantic import ValidationError

from steward.core.errors import Forbidden
from steward.core.roles import Role
from steward.domains.audit import service as audit_service
from steward.domains.audit.api import Filters, export_response
from steward.domains.audit.schemas import RetentionUpdate
from steward.web.deps import SessionDep
from steward.web.ui.forms import first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
PAGE_SIZE = 50


def _admin(user: UiUser) -> None:
    if not user.can(Role.admin):
        raise Forbidden("the audit log is for admins")


def show(value: Any) -> str:
    """A logged value as text for the table (escaped by the template like any other text)."""
    if value is None:
        return "∅"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    f: Filters,
    s: SessionDep,
    user: CurrentUiUser,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    retention_error: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    _admin(user)
    page = audit_service.records_page(
        session=s, workspace_id=user.workspace_id, f=f, cursor=cursor, limit=PAGE_SIZE
    )
    kept = [
        (k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "retention_error") and v
    ]
    context = {
        "user": user, "page": page, "f": f, "show": show,
        "filters": urlencode(kept),
        "older": urlencode([*kept, ("cursor", page.next_cursor)]) if page.next_cursor else None,
        "retention_days": audit_service.get_retention(session=s, workspace_id=user.workspace_id),
        "retention_error": retention_error,
    }  # fmt: skip
    return templates.TemplateResponse(request, "audit.html", context)


@router.get("/admin/audit/export.{fmt}")
def audit_export(
    fmt: Literal["csv", "jsonl"], f: Filters, s: SessionDep, user: CurrentUiUser
) -> StreamingResponse:
    _admin(user)
    audit_service.log_export(session=s, workspace_id=user.workspace_id, f=f, fmt=fmt)
    return export_response(user.workspace_id, f, fmt)


@router.post("/admin/audit/retention")
def audit_retention(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    retention_days: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token, user.csrf_token)
    _admin(user)
    try:
        asked = RetentionUpdate.model_validate({"retention_days": retention_days.strip() or None})
    except ValidationError as exc:
        message = notice(first_error(exc))
        return RedirectResponse(f"/admin/audit?retention_error={quote(message)}", status_code=303)
    audit_service.set_retention(session=s, workspace_id=user.workspace_id, days=asked.retention_days)
    return RedirectResponse("/admin/audit", status_code=303)
