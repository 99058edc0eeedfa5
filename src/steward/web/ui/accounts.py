"""Accounts pages: the searchable, filterable list and the account page with its timeline form."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, get_args
from zoneinfo import ZoneInfo

import pandas as pd
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.clock import today_utc
from steward.core.errors import Forbidden
from steward.core.roles import LOG_ACTIVITY, WRITE, Role
from steward.core.schemas import MAX_ID
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountFilter, AccountSort
from steward.domains.advocacy import service as advocacy_service
from steward.domains.churn import service as churn_service
from steward.domains.contacts import service as contacts_service
from steward.domains.ctas import service as ctas_service
from steward.domains.events import service as events_service
from steward.domains.health import service as health_service
from steward.domains.health.schemas import SentimentCreate
from steward.domains.plans import service as plans_service
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.subscriptions.schemas import SubscriptionRead
from steward.domains.surveys import service as surveys_service
from steward.domains.tickets import service as tickets_service
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ACTIVITY_KINDS, ActivityCreate
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.channel_measures import channel_card
from steward.web.ui.charts import chart, daily_usage, series
from steward.web.ui.forms import FormError, field_errors
from steward.web.ui.people import owner_choices
from steward.web.ui.saved_views import panel
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
CUSTOMER_VOICE = "survey"  # the timeline kind of a survey answer
MACHINE_READING = "Sentiment: "
SORTS = {
    "name": "Name",
    "-arr": "ARR (highest first)",
    "renewal": "Renewal (soonest first)",
    "-updated": "Recently updated",
}


@router.get("/accounts", response_class=HTMLResponse)
def accounts_list(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    q: Annotated[str | None, Query(max_length=200)] = None,
    segment: str | None = None,
    lifecycle_stage: str | None = None,
    owner_id: Annotated[str | None, Query(max_length=20)] = None,
    sort: str = "name",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    sort = sort if sort in get_args(AccountSort) else "name"
    owner = int(owner_id) if owner_id and owner_id.isdigit() and int(owner_id) <= MAX_ID else None
    filters = AccountFilter(
        q=q or None, segment=segment or None, lifecycle_stage=lifecycle_stage or None, owner_id=owner
    )
    rows, total, next_cursor = accounts_service.list_accounts(
        session=s, workspace_id=user.workspace_id, filters=filters, sort=sort, cursor=cursor, limit=50
    )
    users = users_service.list_users(session=s, workspace_id=user.workspace_id)
    owners = {u.id: u.name for u in users}
    context: dict[str, Any] = {
        "user": user, "accounts": rows, "total": total, "next_cursor": next_cursor, "owners": owners,
        "filters": filters, "sort": sort, "sorts": SORTS, "is_filtered": any(filters.model_dump().values()),
        "options": accounts_service.filter_options(session=s, workspace_id=user.workspace_id),
        "stages": workspaces_service.lifecycle_stages(session=s, workspace_id=user.workspace_id),
        "owner_choices": owner_choices(users),
        "views": panel(s, user, "accounts", request),
    }  # fmt: skip
    return templates.TemplateResponse(request, "accounts.html", context)


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def account_page(
    account_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    cta_error: Annotated[str | None, Query(max_length=300)] = None,
    plan_error: Annotated[str | None, Query(max_length=300)] = None,
    advocacy_error: Annotated[str | None, Query(max_length=300)] = None,
    survey_error: Annotated[str | None, Query(max_length=300)] = None,
    survey_invited: Annotated[int | None, Query(ge=0, le=5000)] = None,
) -> HTMLResponse:
    return _render_account(
        request,
        s,
        user,
        account_id,
        cta_error=cta_error,
        plan_error=plan_error,
        advocacy_error=advocacy_error,
        survey_notice={"error": survey_error, "invited": survey_invited},
    )


@router.post("/accounts/{account_id}/activities", response_model=None)
def log_activity(
    account_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    kind: Annotated[str, Form(max_length=20)] = "note",
    subject: Annotated[str, Form(max_length=1000)] = "",
    body: Annotated[str, Form(max_length=40_000)] = "",
    occurred_at: Annotated[str, Form(max_length=40)] = "",
    contact_ids: Annotated[list[str] | None, Form()] = None,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(LOG_ACTIVITY):
        raise Forbidden("your role can read accounts but not log activities")
    form = {
        "kind": kind,
        "subject": subject,
        "body": body,
        "occurred_at": occurred_at,
        "contact_ids": contact_ids or [],
    }
    try:
        data = ActivityCreate(
            account_id=account_id, kind=kind, subject=subject, body=body,
            occurred_at=_parse_local(occurred_at, user.time_zone),
            contact_ids=[int(c) for c in contact_ids or [] if c.isdigit() and int(c) <= MAX_ID],
        )  # fmt: skip
    except (ValidationError, ValueError) as exc:
        errors = _field_errors(exc)
        return _render_account(request, s, user, account_id, form=form, errors=errors, status_code=422)
    timeline_service.log_activity(session=s, workspace_id=user.workspace_id, author_id=user.id, data=data)
    return RedirectResponse(f"/accounts/{account_id}#timeline", status_code=303)


@router.post("/accounts/{account_id}/sentiment", response_model=None)
def give_sentiment(
    account_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    score: Annotated[str, Form(max_length=5)] = "",
    comment: Annotated[str, Form(max_length=40_000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read accounts but not give a sentiment")
    try:
        data = SentimentCreate(score=score, comment=comment.strip())
    except ValidationError as exc:
        errors = {f"sentiment_{k}": v for k, v in _field_errors(exc).items()}
        form = {"score": score, "comment": comment}
        return _render_account(
            request, s, user, account_id, errors=errors, sentiment_form=form, status_code=422
        )
    health_service.add_sentiment(
        session=s, workspace_id=user.workspace_id, account_id=account_id, author_id=user.id, data=data
    )
    return RedirectResponse(f"/accounts/{account_id}#health", status_code=303)


def _parse_local(value: str, zone: str) -> datetime | None:
    """A datetime-local field is wall time in the user's zone."""
    if not value.strip():
        return None
    try:
        naive = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError("occurred_at: use the format YYYY-MM-DDTHH:MM") from exc
    return naive if naive.tzinfo else naive.replace(tzinfo=ZoneInfo(zone))


def _field_errors(exc: Exception) -> dict[str, FormError]:
    if isinstance(exc, ValidationError):
        return field_errors(exc)
    field, _, msg = str(exc).partition(": ")  # _parse_local's "occurred_at: use the format ..."
    return {field: FormError("datetime_parsing", msg or str(exc), field)}


def _render_account(
    request: Request,
    s: SessionDep,
    user: UiUser,
    account_id: int,
    form: dict[str, Any] | None = None,
    errors: dict[str, FormError] | None = None,
    status_code: int = 200,
    sentiment_form: dict[str, str] | None = None,
    cta_error: str | None = None,
    plan_error: str | None = None,
    advocacy_error: str | None = None,
    survey_notice: dict[str, Any] | None = None,
) -> HTMLResponse:
    ws = user.workspace_id
    account = accounts_service.get_account(session=s, workspace_id=ws, account_id=account_id)
    health = health_service.account_health(session=s, workspace_id=ws, account_id=account_id)
    ancestors, children = accounts_service.hierarchy(session=s, workspace_id=ws, account=account)
    contacts = contacts_service.list_for_account(session=s, workspace_id=ws, account_id=account_id)
    subs = [
        SubscriptionRead.model_validate(x)
        for x in subscriptions_service.list_for_account(session=s, workspace_id=ws, account_id=account_id)
    ]
    timeline = timeline_service.list_for_account(session=s, workspace_id=ws, account_id=account_id, limit=100)
    owner_names = users_service.names_by_id(
        session=s, workspace_id=ws, ids=[account.owner_id] if account.owner_id else []
    )
    context: dict[str, Any] = {
        "user": user, "account": account, "ancestors": ancestors, "children": children, "contacts": contacts,
        "contact_names": {c.id: c.name or c.email or c.external_id for c in contacts},
        "subscriptions": subs, "timeline": timeline.items,
        "timeline_bodies": {a.id: _customer_body(a.kind, a.body) for a in timeline.items},
        "owner_name": owner_names.get(account.owner_id or -1),
        "kinds": ACTIVITY_KINDS, "can_log": user.can(LOG_ACTIVITY),
        "form": form or {"kind": "call", "subject": "", "body": "", "occurred_at": "", "contact_ids": []},
        "errors": errors or {},
        "churn": churn_service.account_churn(session=s, workspace_id=ws, account_id=account_id),
        "churn_model": churn_service.current_model(session=s, workspace_id=ws),
        "health": health,
        "health_chart": _health_chart(health.history) if health and health.history else None,
        "sentiments": health_service.sentiments(session=s, workspace_id=ws, account_id=account_id, limit=5),
        "ctas": ctas_service.list_ctas(session=s, workspace_id=ws, account_id=account_id, limit=20).items,
        "cta_types": ctas_service.cta_types(session=s, workspace_id=ws), "cta_error": cta_error,
        "plans": plans_service.list_plans(session=s, workspace_id=ws, account_id=account_id),
        "advocacy": advocacy_service.list_requests(session=s, workspace_id=ws, account_id=account_id),
        **_usage(s, ws, account_id),
        **_support(s, ws, account_id),
        **_voice(s, ws, account_id),
        "advocates": advocacy_service.leaderboard(session=s, workspace_id=ws, account_id=account_id, limit=5),
        "plan_templates": plans_service.list_templates(session=s, workspace_id=ws), "plan_error": plan_error,
        "advocacy_error": advocacy_error,
        "can_feel": user.can(WRITE), "sentiment_form": sentiment_form or {"score": "7", "comment": ""},
        "sentiment_errors": {k.removeprefix("sentiment_"): v for k, v in (errors or {}).items()
                             if k.startswith("sentiment_")},
        **_survey_action(s, user, survey_notice or {}),
    }  # fmt: skip
    # A form that failed opens again where it was: its dialog, or the Health tab for the sentiment.
    context["open_dialog"] = "log-dialog" if form else None
    context["initial_tab"] = "health" if context["sentiment_errors"] else "overview"
    return templates.TemplateResponse(request, "account.html", context, status_code=status_code)


def _survey_action(s: SessionDep, user: UiUser, survey_notice: dict[str, Any]) -> dict[str, Any]:
    """The header's "Send a survey": the active surveys, for the managers and admins who may send them."""
    can_send = user.can(Role.manager)
    surveys = surveys_service.list_surveys(session=s, workspace_id=user.workspace_id) if can_send else []
    return {
        "can_send_survey": can_send,
        "send_surveys": [x for x in surveys if x.status == "active"],
        "survey_error": survey_notice.get("error"),
        "survey_invited": survey_notice.get("invited"),
    }


def _customer_body(kind: str, body: str | None) -> str | None:
    """What the customer said, without the machine's reading of it: survey answers logged before the
    reading left the timeline still carry a "Sentiment: ..." paragraph, shown on the Voice tab instead."""
    if kind != CUSTOMER_VOICE or not body:
        return body
    kept = [p for p in body.split("\n\n") if not p.startswith(MACHINE_READING)]
    return "\n\n".join(kept)


def _usage(s: SessionDep, ws: int, account_id: int) -> dict[str, Any]:
    """Product usage for the account page: the metrics and 90 days of events and active users as lines."""
    usage = events_service.account_usage(session=s, workspace_id=ws, account_id=account_id)
    if not usage.daily:
        return {"usage": None}
    return {"usage": usage, "usage_chart": daily_usage(usage.as_of, usage.daily)}


def _health_chart(history: list[Any]) -> dict[str, Any]:
    """The overall health score by day, on its 0-100 scale."""
    scores = [None if h.overall is None else round(h.overall, 1) for h in history]
    return chart(
        "line", [h.day.isoformat() for h in history], [series("Health score", scores)],
        unit="score", title="Health over %(days)s days", title_args={"days": len(history)}, range_=(0, 100),
    )  # fmt: skip


def _support(s: SessionDep, ws: int, account_id: int) -> dict[str, Any]:
    """The account's support over the last 90 days and its open tickets, soonest deadline first."""
    today = today_utc()
    start = today - timedelta(days=89)
    scope: dict[str, Any] = {"session": s, "workspace_id": ws}
    return {
        "support": tickets_service.account_support(**scope, account_id=account_id, start=start, end=today),
        "support_start": start,
        "support_end": today + timedelta(days=1),
        "open_tickets": tickets_service.queue(**scope, account_id=account_id, limit=5).items,
        "channels": channel_card(s, ws, start, today + timedelta(days=1), account_id),
    }


def _voice(s: SessionDep, ws: int, account_id: int) -> dict[str, Any]:
    """The account's survey scores over 180 days (the health inputs) and its latest answers."""
    today = today_utc()
    scope: dict[str, Any] = {"session": s, "workspace_id": ws}
    frame = surveys_service.account_measures(**scope, days=[today], account_ids=[account_id])[today]
    row = frame.loc[account_id] if account_id in frame.index else None  # none: no answers in 180 days
    voice = {k: None if row is None or pd.isna(row[k]) else float(row[k]) for k in frame.columns}
    answers = surveys_service.responses(**scope, account_id=account_id, limit=5)
    reading = surveys_service.being_read(**scope, response_ids=[a.id for a in answers])
    return {
        "voice": voice if row is not None else None,
        "voice_answers": answers,
        "voice_being_read": reading,  # answers whose comment the queued job has not read yet
        "voice_unsure": {a.id for a in answers if surveys_service.unsure(a)},  # read, too unsure to act on
    }
