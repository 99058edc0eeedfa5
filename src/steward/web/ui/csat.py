"""The customer's satisfaction page, reached from the survey e-mail without a login: the signed link is the
key. It answers a forged link with 404, an expired one with 410 and a second answer with 409, each in
words; a rating off the survey's scale is shown again with the reason."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from steward.core.errors import Conflict, DomainError, Gone, Invalid, NotFound
from steward.domains.tickets import csat
from steward.domains.tickets.schemas import SCALES, CsatResponse
from steward.settings import get_settings
from steward.web.deps import FormDep, SessionDep
from steward.web.ui.forms import first_error
from steward.web.ui.templating import templates

router = APIRouter()
HEADERS = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
LABELS = {
    "five": {1: "1 · Very dissatisfied", 2: "2", 3: "3", 4: "4", 5: "5 · Very satisfied"},
    "thumbs": {1: "👍 Good", 0: "👎 Bad"},
    "emoji": {1: "😞", 2: "😕", 3: "😐", 4: "🙂", 5: "😄"},
}
STATUS = {NotFound: 404, Gone: 410, Conflict: 409, Invalid: 422}


@router.get("/csat/{token}", response_class=HTMLResponse)
def survey_page(token: str, request: Request, s: SessionDep, rating: int | None = None) -> HTMLResponse:
    """The form, with the rating clicked in the e-mail already chosen (a GET never records an answer)."""
    try:
        survey = csat.survey_for(session=s, token=token[:500], secret=get_settings().secret_key)
    except DomainError as exc:
        return _page(request, None, token, problem=exc.msg, status=_status(exc))
    if survey.responded_at is not None:
        return _page(request, survey, token, done=True)
    return _page(request, survey, token, chosen=rating)


@router.post("/csat/{token}", response_class=HTMLResponse)
def answer(token: str, request: Request, s: SessionDep, form: FormDep) -> HTMLResponse:
    secret = get_settings().secret_key
    raw: dict[str, Any] = {"rating": form.get("rating"), "comment": form.get("comment") or None}
    try:
        survey = csat.survey_for(session=s, token=token[:500], secret=secret)
    except DomainError as exc:
        return _page(request, None, token, problem=exc.msg, status=_status(exc))
    given = {q: form.get(f"answer_{n}") for n, q in enumerate(survey.questions)}
    raw["answers"] = {q: str(a) for q, a in given.items() if a}
    try:
        csat.respond(session=s, token=token[:500], secret=secret, data=CsatResponse.model_validate(raw))
    except ValidationError as exc:
        return _page(request, survey, token, problem=first_error(exc), status=422)
    except DomainError as exc:
        done = isinstance(exc, Conflict)
        return _page(request, survey, token, problem=exc.msg, status=_status(exc), done=done)
    return _page(request, survey, token, done=True, thanked=True)


def _page(request: Request, survey: Any, token: str, *, status: int = 200, **extra: Any) -> HTMLResponse:
    context: dict[str, Any] = {
        "user": None,
        "survey": survey,
        "token": token,
        "options": [(v, LABELS[survey.scale][v]) for v in SCALES[survey.scale]][::-1] if survey else [],
        "problem": None,
        "done": False,
        "thanked": False,
        "chosen": None,
        **extra,
    }
    return templates.TemplateResponse(request, "csat.html", context, status_code=status, headers=HEADERS)


def _status(exc: DomainError) -> int:
    return next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
