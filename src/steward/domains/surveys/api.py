"""HTTP routes of surveys: define and send them, read responses and reports, the workspace's themes and
throttle, and the in-app widget's public endpoint (no login: the survey's public key names it, and a
verified user hash ties the answer to a contact)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from steward.core.clock import report_window
from steward.domains.surveys import reports, service, widget
from steward.domains.surveys.schemas import (
    RateRow,
    ResponseRead,
    SendRequest,
    SendResult,
    SurveyCreate,
    SurveyKind,
    SurveyRead,
    SurveyReport,
    SurveySettings,
    ThemeSummary,
    WidgetAnswer,
    WidgetSecret,
)
from steward.web.deps import Admin, ClientAddress, Manager, PathId, QueryId, Reader, SessionDep

router = APIRouter(tags=["surveys"])
public_router = APIRouter(tags=["surveys (public)"])
Limit = Annotated[int, Query(ge=1, le=1000)]
PublicKey = Annotated[str, Path(min_length=10, max_length=60)]


@router.get("/surveys/settings", response_model=SurveySettings)
def get_settings(s: SessionDep, p: Reader) -> SurveySettings:
    return service.settings(session=s, workspace_id=p.workspace_id)


@router.put("/surveys/settings", response_model=SurveySettings)
def put_settings(body: SurveySettings, s: SessionDep, p: Admin) -> SurveySettings:
    """The per-person throttle across all surveys, and the configured themes (a name and example phrases
    in any language)."""
    return service.set_settings(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/surveys", response_model=list[SurveyRead])
def list_surveys(s: SessionDep, p: Reader) -> list[SurveyRead]:
    rows = service.list_surveys(session=s, workspace_id=p.workspace_id)
    return [SurveyRead.model_validate(r) for r in rows]


@router.post("/surveys", response_model=SurveyRead, status_code=status.HTTP_201_CREATED)
def create_survey(body: SurveyCreate, s: SessionDep, p: Manager) -> SurveyRead:
    return SurveyRead.model_validate(service.create_survey(session=s, workspace_id=p.workspace_id, data=body))


@router.get("/surveys/report", response_model=SurveyReport)
def survey_report(
    s: SessionDep,
    p: Reader,
    kind: SurveyKind = "nps",
    by: Annotated[str, Query(max_length=10)] = "month",
    survey_id: QueryId = None,
    start: date | None = None,
    end: date | None = None,
) -> SurveyReport:
    """NPS, CSAT or CES over [start, end) (default: the last 365 days), by month, wave, segment, tier,
    plan, account or csm."""
    return reports.report(
        session=s, workspace_id=p.workspace_id, kind=kind, by=by, survey_id=survey_id, start=start, end=end
    )


@router.get("/surveys/fatigue", response_model=list[RateRow])
def survey_fatigue(
    s: SessionDep, p: Reader, start: date | None = None, end: date | None = None
) -> list[RateRow]:
    """Response rate by how many surveys the contact had in the 180 days before."""
    start, end = report_window(start, end, 365)
    return reports.fatigue(session=s, workspace_id=p.workspace_id, start=start, end=end)


@router.get("/surveys/themes", response_model=list[ThemeSummary])
def survey_themes(
    s: SessionDep, p: Reader, survey_id: QueryId = None, start: date | None = None, end: date | None = None
) -> list[ThemeSummary]:
    """Configured and discovered themes of the comments, with their sentiment and example comments."""
    start, end = report_window(start, end, 365)
    return reports.themes(session=s, workspace_id=p.workspace_id, survey_id=survey_id, start=start, end=end)


@router.get("/surveys/{survey_id}", response_model=SurveyRead)
def get_survey(survey_id: PathId, s: SessionDep, p: Reader) -> SurveyRead:
    return SurveyRead.model_validate(
        service.get_survey(session=s, workspace_id=p.workspace_id, survey_id=survey_id)
    )


@router.put("/surveys/{survey_id}", response_model=SurveyRead)
def put_survey(survey_id: PathId, body: SurveyCreate, s: SessionDep, p: Manager) -> SurveyRead:
    row = service.update_survey(session=s, workspace_id=p.workspace_id, survey_id=survey_id, data=body)
    return SurveyRead.model_validate(row)


@router.post("/surveys/{survey_id}/send", response_model=SendResult)
def send_survey(survey_id: PathId, body: SendRequest, s: SessionDep, p: Manager) -> SendResult:
    """Invite the named contacts now (a relationship survey without names: its audience). Throttled,
    unsubscribed and already-asked contacts are counted under `skipped`."""
    return service.send(session=s, workspace_id=p.workspace_id, survey_id=survey_id, data=body)


@router.get("/surveys/{survey_id}/widget-secret", response_model=WidgetSecret)
def get_widget_secret(survey_id: PathId, s: SessionDep, p: Admin) -> WidgetSecret:
    """The secret the customer's server signs user ids with, for the in-app widget (admins only)."""
    row = service.get_survey(session=s, workspace_id=p.workspace_id, survey_id=survey_id)
    return WidgetSecret(widget_secret=row.widget_secret)


@router.post("/surveys/{survey_id}/widget-secret", response_model=WidgetSecret)
def rotate_widget_secret(survey_id: PathId, s: SessionDep, p: Admin) -> WidgetSecret:
    """Replace the widget secret with a new random one: user hashes made with the old one are refused."""
    row = service.rotate_widget_secret(session=s, workspace_id=p.workspace_id, survey_id=survey_id)
    return WidgetSecret(widget_secret=row.widget_secret)


@router.get("/surveys/{survey_id}/rates", response_model=list[RateRow])
def survey_rates(
    survey_id: PathId, s: SessionDep, p: Reader, start: date | None = None, end: date | None = None
) -> list[RateRow]:
    """Invited, answered and response rate per iteration."""
    service.get_survey(session=s, workspace_id=p.workspace_id, survey_id=survey_id)
    start, end = report_window(start, end, 365)
    return reports.rates(session=s, workspace_id=p.workspace_id, survey_id=survey_id, start=start, end=end)


@router.get("/survey-responses", response_model=list[ResponseRead])
def list_responses(
    s: SessionDep,
    p: Reader,
    survey_id: QueryId = None,
    account_id: QueryId = None,
    limit: Limit = 100,
    unsure: bool = False,
) -> list[ResponseRead]:
    """The latest answers, newest first; with unsure=true, instead the comments whose machine reading is too
    unsure to act on (it opens no CTA), least sure first: the ones worth an analyst's correction."""
    read = service.unsure_readings if unsure else service.responses
    rows = read(
        session=s, workspace_id=p.workspace_id, survey_id=survey_id, account_id=account_id, limit=limit
    )
    return [ResponseRead.model_validate(r) for r in rows]


@public_router.post("/widget/surveys/{public_key}/responses", status_code=status.HTTP_201_CREATED)
def widget_answer(
    public_key: PublicKey, body: WidgetAnswer, s: SessionDep, client: ClientAddress
) -> dict[str, int]:
    """The in-app widget's answer (CORS is open on this route only: it is public by design). Anonymous
    answers are limited per client address and survey; 429 with Retry-After beyond that."""
    row = widget.answer(session=s, public_key=public_key, data=body, client=client)
    return {"id": row.id}


@public_router.options("/widget/surveys/{public_key}/responses", include_in_schema=False)
def widget_preflight(public_key: str) -> Response:
    return Response(status_code=204, headers=widget.PREFLIGHT)
