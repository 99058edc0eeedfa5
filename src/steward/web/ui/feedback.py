"""The feedback page (what survey comments, tickets or notes say, theme by theme, in the customers' words)
and the correction of one reading from any page that lists comments, with the line that says what the
workspace's sentiment head learned from those corrections."""

from __future__ import annotations

from typing import Annotated, Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from steward.core.errors import DomainError, Forbidden
from steward.core.roles import Role
from steward.domains.feedback import service as feedback_service
from steward.domains.feedback.schemas import CorrectionCreate, Source
from steward.domains.surveys import service as surveys_service
from steward.web.deps import SessionDep
from steward.web.ui.forms import first_error
from steward.web.ui.i18n import N_
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf, safe_next
from steward.web.ui.survey_charts import themes_chart
from steward.web.ui.templating import templates

router = APIRouter()
SOURCES = {
    "surveys": N_("Survey comments"),
    "tickets": N_("Tickets"),
    "notes": N_("Notes, calls and meetings"),
}
PAGE_LIMIT = 500  # texts read for the page: tickets and notes are read on request
CORRECTS = Role.csm  # who may correct a reading (as the API's POST /feedback/corrections)


def correction_context(session: Session, user: UiUser, back: str) -> dict[str, Any]:
    """What the correction control and the head line of a page need (templates/_correction.html)."""
    ws = user.workspace_id
    return {
        "model": feedback_service.model(session=session, workspace_id=ws),
        "theme_names": [t.name for t in surveys_service.themes(session=session, workspace_id=ws)],
        "can_correct": user.can(CORRECTS),
        "back": back,
    }


def here(request: Request) -> str:
    """This page's path and query without the notices a correction's redirect added."""
    query = [(k, v) for k, v in parse_qsl(request.url.query) if k not in ("error", "corrected")]
    return request.url.path + (f"?{urlencode(query)}" if query else "")


@router.get("/feedback", response_class=HTMLResponse)
def feedback_page(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    source: str = "surveys",
    error: str = "",
    corrected: str = "",
) -> HTMLResponse:
    source = source if source in SOURCES else "surveys"
    report = feedback_service.report(
        session=s, workspace_id=user.workspace_id, source=cast(Source, source), limit=PAGE_LIMIT
    )
    unsure_count, unsure = (
        surveys_service.readings_to_check(session=s, workspace_id=user.workspace_id)
        if source == "surveys"
        else (0, None)
    )  # survey comments are stored with their reading; tickets and notes are read on request
    context: dict[str, Any] = {
        "user": user,
        "source": source,
        "unsure": unsure,
        "unsure_count": unsure_count,
        "sources": SOURCES,
        "report": report,
        "themes": report.themes,
        "themes_chart": themes_chart(report.themes) if report.themes else None,
        "reading": correction_context(s, user, here(request)),
        "error": error[:300],
        "corrected": corrected[:40],
    }
    return templates.TemplateResponse(request, "feedback.html", context)


@router.post("/feedback/corrections", response_model=None)
def correct(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    ref: Annotated[str, Form(max_length=40)] = "",
    sentiment: Annotated[str, Form(max_length=20)] = "",
    themes: Annotated[list[str] | None, Form()] = None,
    themes_shown: Annotated[str, Form(max_length=1)] = "",
    next_page: Annotated[str, Form(alias="next", max_length=2000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """One reading corrected from a page's form, then back to that page. The form shows every configured
    theme as a checkbox (themes_shown), so the themes ticked are the comment's whole list."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(CORRECTS):
        raise Forbidden("readings are corrected by CSMs, managers and admins")
    back = next_page if next_page and safe_next(next_page) == next_page else "/feedback"
    try:
        body = CorrectionCreate(
            ref=ref, sentiment=sentiment or None, themes=(themes or []) if themes_shown else None
        )
        feedback_service.correct(session=s, workspace_id=user.workspace_id, data=body, author_id=user.id)
    except (DomainError, ValidationError) as exc:
        return RedirectResponse(_with(back, error=notice(first_error(exc))), status_code=303)
    return RedirectResponse(_with(back, corrected=ref), status_code=303)


def _with(path: str, **params: str) -> str:
    """The path with these query parameters set (a notice for the page), its fragment kept."""
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in params and k not in ("error", "corrected")]
    return urlunsplit(("", "", parts.path, urlencode([*query, *params.items()]), parts.fragment))
