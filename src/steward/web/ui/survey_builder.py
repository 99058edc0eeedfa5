"""The survey builder (managers): a new survey or an edited one from one form. With scripts, question cards
(static/survey-builder.js) edit the survey's JSON, which is what is posted, and a live preview shows the
respondent's page; without, the questions are written one a line. A form with errors comes back as typed,
each error named by its card (or line) and field."""

from __future__ import annotations

import json
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from steward.core.errors import DomainError, Forbidden
from steward.core.i18n import LANGUAGES, NAMES, RTL
from steward.core.roles import Role
from steward.domains.accounts import service as accounts_service
from steward.domains.surveys import service
from steward.domains.surveys.schemas import SurveyCreate, SurveyRead
from steward.web.deps import FormDep, PathId, SessionDep
from steward.web.ui.form_errors import FormError, first_error
from steward.web.ui.i18n import N_
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.survey_definition import MAX_DEFINITION, definition_body, definition_of, scales
from steward.web.ui.survey_form import EXAMPLE, SYNTAX, parse_questions, questions_text, survey_body
from steward.web.ui.survey_pages import preview_page
from steward.web.ui.templating import templates

router = APIRouter()
KINDS = {"nps": "NPS (0-10)", "csat": "CSAT", "ces": "CES (1-7)", "custom": N_("Custom questions")}
PURPOSES = {
    "relationship": N_("Relationship (an audience, now and then)"),
    "transactional": N_("Transactional"),
}
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


@router.post("/surveys/builder/preview", response_class=HTMLResponse)
def live_preview(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    body: Annotated[Any, Body()] = None,
    lang: Annotated[str, Query(max_length=10)] = "en",
    x_csrf_token: Annotated[str, Header(max_length=200)] = "",
) -> HTMLResponse:
    """The respondent's page for the builder's survey as it stands (nothing is written), in any survey
    language; the token comes in a header and is checked before the body is read as a survey."""
    check_csrf(request, x_csrf_token, user.csrf_token)
    _manager(user)
    if lang not in LANGUAGES:
        loc = ("query", "lang")
        raise RequestValidationError([{"loc": loc, "msg": f"one of {', '.join(LANGUAGES)}", "type": "enum"}])
    body = body if isinstance(body, dict) else {}
    try:
        data = SurveyCreate.model_validate({**body, "name": body.get("name") or "Untitled survey"})
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
    survey = SimpleNamespace(
        workspace_id=user.workspace_id, name=data.name, kind=data.kind, points=data.points,
        questions=[q.model_dump(mode="json") for q in data.questions],
    )  # fmt: skip
    return preview_page(request, s, survey, lang)


@router.post("/surveys/new", response_model=None)
def create(request: Request, s: SessionDep, user: CurrentUiUser, raw: FormDep) -> Response:
    form = _read(request, user, raw)
    data, errors = _body(form)
    if data is not None:
        try:
            row = service.create_survey(session=s, workspace_id=user.workspace_id, data=data)
        except DomainError as exc:
            errors = [first_error(exc)]
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
    stored = SurveyRead.model_validate(row).model_dump(mode="json", include=set(SurveyCreate.model_fields))
    form["definition"] = json.dumps(stored, indent=2, ensure_ascii=False)
    return _form(request, s, user, form, row.id, [])


@router.post("/surveys/{survey_id}/edit", response_model=None)
def update(survey_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, raw: FormDep) -> Response:
    form = _read(request, user, raw)
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "survey_id": survey_id}
    previous = SurveyRead.model_validate(service.get_survey(**scope)).model_dump()
    data, errors = _body(form, previous)
    if data is not None:
        try:
            service.update_survey(**scope, data=data)
        except DomainError as exc:
            errors = [first_error(exc)]
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
    form = {name: str(raw.get(name) or "")[:30_000] for name in FIELDS}
    form["definition"] = str(raw.get("definition") or "")[: MAX_DEFINITION + 1]
    return form


def _body(
    form: dict[str, str], previous: dict[str, Any] | None = None
) -> tuple[SurveyCreate | None, list[str | FormError]]:
    """The cards' JSON when the builder posted it (it is the whole survey), else the one-a-line form."""
    if not form["definition"].strip():
        return survey_body(form, previous)
    data, problems, questions = definition_body(form["definition"])
    form["problems"] = json.dumps([{"card": p.card, "msg": p.text(questions)} for p in problems])
    said: list[str | FormError] = [p.text(questions) for p in problems]
    return data, said


def _form(
    request: Request,
    s: Session,
    user: UiUser,
    form: dict[str, str],
    survey_id: int | None,
    errors: Sequence[str | FormError],
    *,
    status: int = 200,
) -> HTMLResponse:
    options = accounts_service.filter_options(session=s, workspace_id=user.workspace_id)
    if not form.get("definition", "").strip():  # the builder opens on the form's survey
        form["definition"] = definition_of(form, parse_questions(form.get("questions", "")).questions, {
            "segments": _list(form.get("segments", "")), "tiers": _list(form.get("tiers", "")),
            "roles": _list(form.get("roles", "")), "account_fields": {},
        })  # fmt: skip
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
        "languages": {code: NAMES[code] for code in LANGUAGES},
        "rtl": sorted(RTL),
        "scales": scales(),
    }
    return templates.TemplateResponse(request, "survey_edit.html", context, status_code=status)


def _list(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _manager(user: UiUser) -> None:
    if not user.can(Role.manager):
        raise Forbidden("surveys are defined and sent by managers and admins")
