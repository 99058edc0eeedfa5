"""The respondent's survey pages, reached without a login: an invitation's signed link (/s/TOKEN), a survey's
public link (/s/p/KEY) and the unsubscribe link. Each page is in the contact's language (or the one chosen
on the page, else the browser's), right to left for Hebrew; a forged link is a 404, an expired one a 410 and
a second answer a 409, each said in that language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from steward.core.errors import Conflict, DomainError, Gone, Invalid, NotFound, TooMany
from steward.core.i18n import LANGUAGES, NAMES, RTL, negotiate, translations
from steward.domains.surveys import delivery, respond, service, widget
from steward.domains.surveys.schemas import Answer, Question, WidgetAnswer
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings
from steward.web.deps import FormDep, SessionDep, client_address
from steward.web.ui.forms import first_error
from steward.web.ui.templating import templates

router = APIRouter()
HEADERS = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
STATUS = {NotFound: 404, Gone: 410, Conflict: 409, Invalid: 422, TooMany: 429}


@router.get("/s/{token}", response_class=HTMLResponse)
def invite_page(token: str, request: Request, s: SessionDep, score: int | None = None) -> HTMLResponse:
    """The survey, with the score clicked in the e-mail already chosen (a GET never records an answer)."""
    secret = get_settings().secret_key
    try:
        invite = respond.invite_for(session=s, token=token[:500], secret=secret)
    except DomainError as exc:
        said = request.query_params.get("lang") or respond.language_of(
            session=s, token=token[:500], secret=secret
        )
        return _problem(request, exc, said)
    survey = respond.survey_of(s, invite)
    lang = negotiate(request.query_params.get("lang"), invite.language)
    if invite.responded_at is not None:
        return _page(request, lang, state="done", thanked=False)
    return _form(request, s, survey, lang, f"/s/{token}", chosen=score, expires=invite.expires_at)


@router.post("/s/{token}", response_class=HTMLResponse)
def invite_answer(token: str, request: Request, s: SessionDep, form: FormDep) -> HTMLResponse:
    secret = get_settings().secret_key
    try:
        invite = respond.invite_for(session=s, token=token[:500], secret=secret)
    except DomainError as exc:
        said = str(form.get("lang") or "") or respond.language_of(session=s, token=token[:500], secret=secret)
        return _problem(request, exc, said)
    survey = respond.survey_of(s, invite)
    lang = negotiate(str(form.get("lang") or ""), invite.language)
    try:
        data = _answer(survey, form, lang)
        respond.answer_invite(session=s, token=token[:500], secret=secret, data=data)
    except Conflict:
        return _page(request, lang, state="done", thanked=False, status=409)
    except (ValidationError, DomainError) as exc:
        return _form(request, s, survey, lang, f"/s/{token}", problem=_said(exc, lang), status=422)
    return _page(request, lang, state="done", thanked=True)


@router.get("/s/p/{public_key}", response_class=HTMLResponse)
def public_page(public_key: str, request: Request, s: SessionDep, score: int | None = None) -> HTMLResponse:
    lang = negotiate(request.query_params.get("lang"), accept_language=request.headers.get("accept-language"))
    try:
        survey = respond.public_survey(session=s, public_key=public_key)
    except DomainError as exc:
        return _problem(request, exc, lang)
    return _form(request, s, survey, lang, f"/s/p/{public_key}", chosen=score)


@router.post("/s/p/{public_key}", response_class=HTMLResponse)
def public_answer(public_key: str, request: Request, s: SessionDep, form: FormDep) -> HTMLResponse:
    lang = negotiate(str(form.get("lang") or ""), accept_language=request.headers.get("accept-language"))
    try:
        survey = respond.public_survey(session=s, public_key=public_key)
    except DomainError as exc:
        return _problem(request, exc, lang)
    try:
        data = WidgetAnswer.model_validate(_answer(survey, form, lang).model_dump())
        widget.answer(
            session=s,
            public_key=public_key,
            data=data,
            channel="link",
            client=client_address(request),
        )
    except TooMany as exc:
        return _problem(request, exc, lang)
    except (ValidationError, DomainError) as exc:
        return _form(request, s, survey, lang, f"/s/p/{public_key}", problem=_said(exc, lang), status=422)
    return _page(request, lang, state="done", thanked=True)


@router.get("/s/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_page(token: str, request: Request, s: SessionDep) -> HTMLResponse:
    """A confirmation button, so a mail scanner that follows links unsubscribes nobody."""
    return _unsubscribe(request, s, token, confirm=False)


@router.post("/s/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe(token: str, request: Request, s: SessionDep) -> HTMLResponse:
    return _unsubscribe(request, s, token, confirm=True)


def _unsubscribe(request: Request, s: SessionDep, token: str, *, confirm: bool) -> HTMLResponse:
    lang = negotiate(request.query_params.get("lang"), accept_language=request.headers.get("accept-language"))
    try:
        workspace_id, contact_id = respond.opt_out_target(
            session=s, token=token[:500], secret=get_settings().secret_key
        )
    except Gone:
        _ = translations(lang).gettext
        gone = _("This unsubscribe link no longer works: the person it was sent to is no longer on our list.")
        return _page(request, lang, state="problem", problem=gone, status=410)
    except DomainError as exc:
        return _problem(request, exc, lang)
    company = workspaces_service.get_workspace(session=s, workspace_id=workspace_id).name
    if confirm:
        service.opt_out(session=s, workspace_id=workspace_id, contact_id=contact_id)
    return _page(request, lang, state="unsubscribed" if confirm else "unsubscribe", company=company)


def _answer(survey: Any, form: FormData, lang: str) -> Answer:
    """The form as an Answer; answers to questions the score does not show are dropped (no script ran)."""
    raw_score = str(form.get("score") or "").strip()
    score = int(raw_score) if raw_score.lstrip("-").isdigit() else None
    questions = [Question.model_validate(q) for q in survey.questions]
    if survey.kind == "custom":
        first = next((q for q in questions if q.type == "rating"), None)
        given = str(form.get(f"q_{first.key}") or "") if first else ""
        score = int(given) if given.isdigit() else None
    answers: dict[str, str] = {}
    for q in questions:
        value = str(form.get(f"q_{q.key}") or "").strip()
        if value and (q.show_if is None or q.show_if.shows(score)):
            answers[q.key] = value
    if survey.kind != "custom" and score is None:
        raise Invalid(translations(lang).gettext("Please choose a score."), ("body", "score"))
    return Answer(
        score=None if survey.kind == "custom" else score,
        comment=str(form.get("comment") or "") or None,
        answers=answers,
        language=lang,
    )


def _form(
    request: Request, s: SessionDep, survey: Any, lang: str, action: str, *, status: int = 200, **extra: Any
) -> HTMLResponse:
    company = workspaces_service.get_workspace(session=s, workspace_id=survey.workspace_id).name
    _ = translations(lang).gettext
    questions = [Question.model_validate(q) for q in survey.questions]
    low, high = respond.scale(survey)
    ends = {
        "nps": (_("Not at all likely"), _("Extremely likely")),
        "csat": (_("Very dissatisfied"), _("Very satisfied")),
        "ces": (_("Strongly disagree"), _("Strongly agree")),
    }.get(survey.kind, ("", ""))
    context = {
        "state": "form",
        "action": action,
        "headline": delivery.question(survey.kind, lang) % {"company": company},
        "scale": (low, high) if survey.kind != "custom" else None,
        "low_label": ends[0],
        "high_label": ends[1],
        "questions": [
            {**q.model_dump(), "text": q.prompts.get(lang, q.prompt), "choices": q.option_labels(lang)}
            for q in questions
        ],
        "chosen": None,
        "problem": None,
        "expires": None,
        **extra,
    }
    if context["expires"] is not None:
        context["expires"] = context["expires"].strftime("%Y-%m-%d")
    if survey.kind == "custom":
        context["headline"] = survey.name
    return _page(request, lang, status=status, **context)


def preview_page(request: Request, s: SessionDep, survey: Any, lang: str) -> HTMLResponse:
    """The respondent's page for a survey not saved yet (the builder's preview): the same template, in
    `lang`, with nothing to send and no language links (the builder picks the language)."""
    return _form(request, s, survey, lang, "", preview=True)


def _said(exc: ValidationError | DomainError, lang: str) -> str:
    if isinstance(exc, ValidationError) and any(e["loc"][:1] == ("comment",) for e in exc.errors()):
        return translations(lang).gettext("Your comment is too long: at most 5,000 characters.")
    return str(first_error(exc))  # the respondent's page keeps the English text of other errors


def _problem(request: Request, exc: DomainError, lang: str | None) -> HTMLResponse:
    lang = negotiate(lang, accept_language=request.headers.get("accept-language"))
    _ = translations(lang).gettext
    said = {
        NotFound: _("This link is not valid. Please use the link from your e-mail."),
        Gone: _("This survey has closed."),
        TooMany: _("Too many answers from this address. Please try again later."),
    }
    status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
    message = next((m for cls, m in said.items() if isinstance(exc, cls)), exc.msg)
    return _page(request, lang, state="problem", problem=message, status=status)


def _page(request: Request, lang: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    _ = translations(lang).gettext
    context = {
        "lang": lang,
        "rtl": lang in RTL,
        "languages": [(c, NAMES[c]) for c in LANGUAGES],
        "_": _,
        "headline": context.get("headline") or _("Survey"),
        "thanked": False,
        **context,
    }
    return templates.TemplateResponse(request, "survey.html", context, status_code=status, headers=HEADERS)
