"""The managers' survey pages: every survey with its score, NPS, CSAT and CES over the year and survey
fatigue; a survey's results (trend, distribution, breakdowns, response rates, themes, the latest answers);
sending a survey now; its public link and, for admins, the in-app widget's snippet."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from steward.analytics import nps
from steward.core.clock import report_window
from steward.core.errors import DomainError, Forbidden
from steward.core.roles import Role
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.surveys import reports, respond, service
from steward.domains.surveys.models import Survey
from steward.domains.surveys.schemas import SendRequest, SurveyKind
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep
from steward.web.ui.feedback import correction_context, here
from steward.web.ui.forms import first_error
from steward.web.ui.i18n import N_
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.survey_charts import distribution_chart, themes_chart, trend_chart
from steward.web.ui.templating import templates

router = APIRouter()
WINDOW_DAYS = 365
HEADLINE: tuple[SurveyKind, ...] = ("nps", "csat", "ces")
BREAKDOWNS = {"segment": N_("Segment"), "tier": N_("Tier"), "plan": N_("Plan"), "csm": "CSM",
              "account": N_("Account"), "wave": N_("Wave")}  # fmt: skip
LATEST = 20


def score_text(kind: str, value: float | None) -> str:
    """NPS as a signed whole number, CES as a mean out of 7, CSAT (and custom) as a share."""
    if value is None:
        return "—"
    if kind == "nps":
        return f"{value:+.0f}"
    if kind == "ces":
        return f"{value:.1f} / 7"
    return f"{value:.0f}%"


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


@router.get("/surveys", response_class=HTMLResponse)
def surveys_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    ws = user.workspace_id
    start, end = report_window(None, None, WINDOW_DAYS)
    rows = service.list_surveys(session=s, workspace_id=ws)
    per = {
        k: v.model_dump()
        for k, v in reports.by_survey(session=s, workspace_id=ws, start=start, end=end).items()
    }
    context: dict[str, Any] = {
        "user": user,
        "surveys": rows,
        "per": per,
        "headline": [(k, reports.report(session=s, workspace_id=ws, kind=k).overall) for k in HEADLINE],
        "fatigue": reports.fatigue(session=s, workspace_id=ws, start=start, end=end),
        "can_edit": user.can(Role.manager),
        "score_text": score_text,
        "rate_text": rate_text,
    }
    return templates.TemplateResponse(request, "surveys.html", context)


@router.get("/surveys/{survey_id}", response_class=HTMLResponse)
def results_page(
    survey_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    by: str = "segment",
    error: str = "",
    sent: str = "",
    corrected: str = "",
    rotated: str = "",
) -> HTMLResponse:
    ws = user.workspace_id
    survey = service.get_survey(session=s, workspace_id=ws, survey_id=survey_id)
    by = by if by in BREAKDOWNS else "segment"
    start, end = report_window(None, None, WINDOW_DAYS)
    window: dict[str, Any] = {"session": s, "workspace_id": ws, "survey_id": survey.id}
    kind: Any = survey.kind
    trend = reports.report(**window, kind=kind, by="month")
    counts = reports.distribution(**window, kind=kind, start=start, end=end)
    themes = reports.themes(**window, start=start, end=end)
    latest = service.responses(session=s, workspace_id=ws, survey_id=survey.id, limit=LATEST)
    unsure_count, unsure = service.readings_to_check(session=s, workspace_id=ws, survey_id=survey.id)
    contact_ids = {r.contact_id for r in latest if r.contact_id is not None}
    account_ids = {r.account_id for r in latest if r.account_id is not None}
    base = get_settings().link_base(str(request.base_url))  # configured, else the host this page was asked at
    context: dict[str, Any] = {
        "user": user,
        "survey": survey,
        "error": error[:300],
        "sent": _sent(sent),
        "corrected": corrected[:40],
        "reading": correction_context(s, user, here(request)),
        "by": by,
        "breakdowns": BREAKDOWNS,
        "overall": trend.overall,
        "trend": trend_chart(survey.kind, trend.rows),
        "distribution": distribution_chart(respond.scale(survey), counts, _verdicts(survey)),
        "breakdown": reports.report(**window, kind=kind, by=by),
        "rates": reports.rates(**window, start=start, end=end),
        "themes": themes,
        "themes_chart": themes_chart(themes) if themes else None,
        "latest": latest,
        "unsure_ids": {r.id for r in latest if service.unsure(r)},
        "unsure": unsure,
        "unsure_count": unsure_count,
        "being_read": service.being_read(session=s, workspace_id=ws, response_ids=[r.id for r in latest]),
        "contacts": contacts_service.names(session=s, workspace_id=ws, ids=contact_ids),
        "accounts": accounts_service.names(session=s, workspace_id=ws, ids=sorted(account_ids)),
        "public_link": f"{base}/s/p/{survey.public_key}",
        "widget": _widget(survey, base) if user.can(Role.admin) else None,
        "rotated": rotated == "1",
        "can_edit": user.can(Role.manager),
        "score_text": score_text,
        "rate_text": rate_text,
        "start": start,
        "end": end - timedelta(days=1),
    }
    return templates.TemplateResponse(request, "survey_results.html", context)


@router.post("/surveys/{survey_id}/send", response_model=None)
def send(
    survey_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    contact_ids: Annotated[str, Form(max_length=60_000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Invite the contacts named (ids, comma-separated), or a relationship survey's audience."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(Role.manager):
        raise Forbidden("surveys are sent by managers and admins")
    service.get_survey(session=s, workspace_id=user.workspace_id, survey_id=survey_id)  # else a 404
    page = f"/surveys/{survey_id}"
    ids = [part.strip() for part in contact_ids.replace(";", ",").split(",") if part.strip()]
    wrong = next((i for i in ids if not i.isdigit() or not 0 < int(i) < 2**63), None)
    if wrong is not None:
        message = f"contact ids are whole numbers separated by commas, not {wrong[:40]!r}"
        return RedirectResponse(f"{page}?error={quote(notice(message))}#send", status_code=303)
    try:
        body = SendRequest(contact_ids=[int(i) for i in ids])
        result = service.send(session=s, workspace_id=user.workspace_id, survey_id=survey_id, data=body)
    except DomainError as exc:
        return RedirectResponse(f"{page}?error={quote(notice(first_error(exc)))}#send", status_code=303)
    except ValueError:  # pydantic: too many ids
        return RedirectResponse(f"{page}?error={quote(notice('at most 5,000 contacts at once'))}#send", 303)
    summary = [f"wave:{result.wave}", f"invited:{result.invited}"]
    summary += [f"{reason}:{n}" for reason, n in sorted(result.skipped.items())]
    return RedirectResponse(f"{page}?{urlencode({'sent': ','.join(summary)})}#send", status_code=303)


@router.post("/surveys/{survey_id}/widget-secret", response_model=None)
def rotate_widget_secret(
    survey_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A new random widget secret; user hashes made with the old one are refused from now on."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(Role.admin):
        raise Forbidden("the widget secret is rotated by admins")
    service.rotate_widget_secret(session=s, workspace_id=user.workspace_id, survey_id=survey_id)
    return RedirectResponse(f"/surveys/{survey_id}?rotated=1#widget", status_code=303)


def _sent(text: str) -> dict[str, int] | None:
    """What the last send did, read back from the redirect: {'wave': 1, 'invited': 3, 'throttled': 1}."""
    out: dict[str, int] = {}
    for part in text[:500].split(","):
        name, _, n = part.partition(":")
        if name.replace("_", "").isalpha() and n.isdigit():
            out[name] = int(n)
    return out if "invited" in out else None


def _verdicts(survey: Survey) -> dict[int, str]:
    """Each score's band: detractor, passive or promoter (a custom survey's first rating as CSAT)."""
    low, high = respond.scale(survey)
    if survey.kind == "custom":
        if high - low + 1 < 3:
            return {}
        return {v: nps.verdict("csat", v - low + 1, high - low + 1) for v in range(low, high + 1)}
    kind: Any = survey.kind
    return {v: nps.verdict(kind, v, survey.points) for v in range(low, high + 1)}


def _widget(survey: Survey, base: str) -> dict[str, str]:
    snippet = (
        f'<script src="{base}/static/steward-widget.js" data-survey="{survey.public_key}"\n'
        '        data-user="CONTACT_EXTERNAL_ID" data-user-hash="USER_HASH" data-lang="en" defer></script>'
    )
    server = (
        "# On your server (Python): the secret never reaches the browser\n"
        "import hashlib, hmac\n"
        "user_hash = hmac.new(WIDGET_SECRET.encode(), user_id.encode(), hashlib.sha256).hexdigest()"
    )
    return {
        "url": f"{base}/api/v1/widget/surveys/{survey.public_key}/responses",
        "secret": survey.widget_secret,
        "snippet": snippet,
        "server": server,
    }
