"""The survey builder (managers): a new survey or an edited one from one form, the questions written one a
line; a form with errors comes back as typed, each error named by its line or field."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from steward.core.errors import DomainError, Forbidden
from steward.core.roles import Role
from steward.domains.accounts import service as accounts_service
from steward.domains.surveys import service
from steward.domains.surveys.schemas import SurveyCreate, SurveyRead
from steward.web.deps import FormDep, PathId, SessionDep
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.survey_form import EXAMPLE, SYNTAX, questions_text, survey_body
from steward.web.ui.templating import templates

router = APIRouter()
KINDS = {"nps": "NPS (0-10)", "csat": "CSAT", "ces": "CES (1-7)", "custom": "Custom questions"}
PURPOSES = {"relationship": "Relationship (an audience, now and then)", "transactional": "Transactional"}
STATUSES = ("draft", "active", "paused", "archived")
POINTS = (3, 5, 7, 10)
FIELDS = (
    "name", "kind", "purpose", "points", "recurrence_days", "reminder_days", "expires_days", "status",
    "segments", "tiers", "roles", "questions",
)  # fmt: skip
NEW: dict[str, str] = {
    "kind": "nps",
    "purpose": "relationship",
    "points": "5",
    "reminder_days": "3",
    "expires_days": "14",
    "status": "draft",  # nobody is asked until a manager activates it
}


@router.get("/surveys/new", response_class=HTMLResponse)
def new_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _manager(user)
    return _form(request, s, user, dict(NEW), None, [])


@router.post("/surveys/new", response_model=None)
def create(request: Request, s: SessionDep, user: CurrentUiUser, raw: FormDep) -> Response:
    form = _read(request, user, raw)
    data, errors = survey_body(form)
    if data is not None:
        try:
            row = service.create_survey(session=s, workspace_id=user.workspace_id, data=data)
        except DomainError as exc:
            errors = [exc.msg]
        else:
            return RedirectResponse(f"/surveys/{row.id}", status_code=303)
    return _form(request, s, user, form, None, errors, status=422)


@router.get("/surveys/{survey_id}/edit", response_class=HTMLResponse)
def edit_page(survey_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _manager(user)
    row = service.get_survey(session=s, workspace_id=user.workspace_id, survey_id=survey_id)
    audience = row.audience or {}
    form = {
        "name": row.name,
        "kind": row.kind,
        "purpose": row.purpose,
        "points": str(row.points),
        "recurrence_days": str(row.recurrence_days or ""),
        "reminder_days": str(row.reminder_days or ""),
        "expires_days": str(row.expires_days),
        "status": row.status,
        "segments": ", ".join(audience.get("segments", [])),
        "tiers": ", ".join(audience.get("tiers", [])),
        "roles": ", ".join(audience.get("roles", [])),
        "questions": questions_text(row.questions or []),
    }
    return _form(request, s, user, form, row.id, [])


@router.post("/surveys/{survey_id}/edit", response_model=None)
def update(survey_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, raw: FormDep) -> Response:
    form = _read(request, user, raw)
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "survey_id": survey_id}
    previous = SurveyRead.model_validate(service.get_survey(**scope)).model_dump()
    data, errors = survey_body(form, previous)
    if data is not None:
        try:
            service.update_survey(**scope, data=data)
        except DomainError as exc:
            errors = [exc.msg]
        else:
            return RedirectResponse(f"/surveys/{survey_id}", status_code=303)
    return _form(request, s, user, form, survey_id, errors, status=422)


@router.post("/surveys/{survey_id}/activate", response_model=None)
def activate(
    survey_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A draft (or paused) survey starts being sent and answered; everything else about it stays."""
    check_csrf(request, csrf_token, user.csrf_token)
    _manager(user)
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "survey_id": survey_id}
    kept = SurveyRead.model_validate(service.get_survey(**scope)).model_dump(
        include=set(SurveyCreate.model_fields)
    )
    service.update_survey(**scope, data=SurveyCreate.model_validate({**kept, "status": "active"}))
    return RedirectResponse(f"/surveys/{survey_id}#send", status_code=303)


def _read(request: Request, user: UiUser, raw: FormData) -> dict[str, str]:
    """The builder's fields as text (CSRF and the manager role checked first)."""
    check_csrf(request, str(raw.get("csrf_token") or ""), user.csrf_token)
    _manager(user)
    return {name: str(raw.get(name) or "")[:30_000] for name in FIELDS}


def _form(
    request: Request,
    s: Session,
    user: UiUser,
    form: dict[str, str],
    survey_id: int | None,
    errors: list[str],
    *,
    status: int = 200,
) -> HTMLResponse:
    options = accounts_service.filter_options(session=s, workspace_id=user.workspace_id)
    context: dict[str, Any] = {
        "user": user,
        "form": form,
        "survey_id": survey_id,
        "errors": errors,
        "kinds": KINDS,
        "purposes": PURPOSES,
        "statuses": STATUSES,
        "points": POINTS,
        "segments": options.get("segment", []),
        "tiers": options.get("tier", []),
        "syntax": SYNTAX,
        "example": EXAMPLE,
    }
    return templates.TemplateResponse(request, "survey_edit.html", context, status_code=status)


def _manager(user: UiUser) -> None:
    if not user.can(Role.manager):
        raise Forbidden("surveys are defined and sent by managers and admins")
