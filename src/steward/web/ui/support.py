"""The support lead's pages: SLA performance (share met by metric, agent and priority; backlog over time;
first-response times), CSAT by agent, recurring issues to hand to success, the CSV export, and the admin
of SLA policies and business-hours calendars."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.clock import now_utc, today_utc
from steward.core.errors import DomainError, Forbidden
from steward.core.roles import Role
from steward.domains.tickets import csat, recurring, reports, setup
from steward.domains.tickets import service as tickets_service
from steward.domains.tickets.schemas import PRIORITIES, CalendarCreate, PolicyCreate
from steward.domains.users import service as users_service
from steward.web.deps import FormDep, PathId, SessionDep
from steward.web.ui.channel_measures import CHANNELS, channel_card
from steward.web.ui.charts import chart, series
from steward.web.ui.forms import first_error
from steward.web.ui.i18n import N_, gettext_for
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates
from steward.web.ui.tickets import ticket_table

router = APIRouter()
PERIOD_DAYS = 30
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
METRICS = ("first_response", "next_response", "periodic_update", "resolution")
# A drill-down's heading by the clock state it lists, and what its figure was grouped by
DRILL_HEADINGS = {
    "met": N_("Met SLAs, %(by)s %(name)s"),
    "breached": N_("Breached SLAs, %(by)s %(name)s"),
    "running": N_("Running SLAs, %(by)s %(name)s"),
    None: N_("All SLAs, %(by)s %(name)s"),
}
DRILL_GROUPS = {"metric": N_("metric"), "agent": N_("agent"), "team": N_("team"), "account": N_("account"),
                "priority": N_("priority"), "month": N_("month")}  # fmt: skip


@router.get("/support", response_class=HTMLResponse)
def support_page(request: Request, s: SessionDep, user: CurrentUiUser, error: str = "") -> HTMLResponse:
    ws = user.workspace_id
    end = today_utc() + timedelta(days=1)
    start = end - timedelta(days=PERIOD_DAYS)
    window: dict[str, Any] = {"session": s, "workspace_id": ws, "start": start, "end": end}
    by_metric, by_agent, by_priority = (
        reports.sla_report(**window, by=by) for by in ("metric", "agent", "priority")
    )
    buckets = reports.first_response_buckets(**window)
    backlog = reports.backlog(session=s, workspace_id=ws)
    context: dict[str, Any] = {
        "user": user,
        "error": error[:300],
        "start": start,
        "end": end,
        "by_metric": by_metric,
        "by_agent": by_agent,
        "by_priority": by_priority,
        "buckets_chart": chart(
            "bar",
            [label for label, _ in buckets],
            [series("Tickets", [n for _, n in buckets])],
            title="Tickets by time to first response",
            words=True,  # the buckets' names (experience_labels.FIRST_RESPONSE_BUCKETS)
        ),
        "backlog_chart": chart(
            "line",
            [d.isoformat() for d, _ in backlog],
            [series("Open tickets", [n for _, n in backlog])],
            title="Open tickets at the end of each day",
        ),
        "backlog": backlog,
        "open_now": tickets_service.queue(session=s, workspace_id=ws, limit=1).total,
        "breached_now": tickets_service.queue(session=s, workspace_id=ws, breached=True, limit=1).total,
        "csat": csat.report(session=s, workspace_id=ws, by="agent", start=start, end=end),
        "issues": recurring.list_issues(session=s, workspace_id=ws),
        "channels": channel_card(s, ws, start, end),
        "users": {str(u.id): u.name for u in users_service.list_users(session=s, workspace_id=ws)},
        "is_manager": user.can(Role.manager),
        "now": now_utc(),
    }
    return templates.TemplateResponse(request, "support.html", context)


@router.get("/support/drill", response_class=HTMLResponse)
def drill_page(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    by: Literal["metric", "agent", "team", "account", "priority", "month"],
    key: Annotated[str, Query(min_length=1, max_length=100)],
    start: date,
    end: date,
    state: Literal["met", "breached", "running"] | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """The tickets behind a figure of the Support page."""
    ws = user.workspace_id
    listing = reports.drill(
        session=s, workspace_id=ws, by=by, key=key, state=state, start=start, end=end,
        limit=50, offset=(page - 1) * 50,
    )  # fmt: skip
    table = ticket_table(s, ws, listing.items, [])
    name = table["users"].get(int(key), key) if by == "agent" and key.isdigit() else key
    say = gettext_for(request, user)
    if by in ("metric", "priority"):  # a metric or priority key, said as the SLA tables say it
        name = say(key.replace("_", " ").capitalize() if by == "metric" else key)
    context: dict[str, Any] = {
        "user": user,
        "heading": say(DRILL_HEADINGS[state]) % {"by": say(DRILL_GROUPS[by]), "name": name},
        "here": "/support/drill?"
        + urlencode({"by": by, "key": key, "start": start, "end": end} | ({"state": state} if state else {})),
        "start": start,
        "end": end - timedelta(days=1),
        "page": page,
        "total": listing.total,
        **table,
    }
    return templates.TemplateResponse(request, "support_drill.html", context)


@router.get("/support/sla.csv")
def sla_csv(s: SessionDep, user: CurrentUiUser, by: str = "agent", days: int = PERIOD_DAYS) -> Response:
    """The SLA report as a spreadsheet: one row per agent (or metric, team, account, priority, month)."""
    by = by if by in reports.GROUPS else "agent"
    end = today_utc() + timedelta(days=1)
    start = end - timedelta(days=max(1, min(days, 3650)))
    report = reports.sla_report(session=s, workspace_id=user.workspace_id, by=by, start=start, end=end)
    name = f"sla-by-{by}-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(
        reports.to_csv(report),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/support/issues/{issue_id}", response_model=None)
def issue_action(
    issue_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(Role.manager):
        raise Forbidden("handing off or resolving recurring issues needs the manager role or higher")
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "issue_id": issue_id}
    try:
        if action == "hand_off":
            recurring.hand_off(**scope)
        elif action == "resolve":
            recurring.resolve(**scope, notes=None)
    except DomainError as exc:
        return RedirectResponse(f"/support?error={quote(notice(first_error(exc)))}#issues", status_code=303)
    return RedirectResponse(f"/support#issue-{issue_id}", status_code=303)


@router.get("/support/policies", response_class=HTMLResponse)
def policies_page(request: Request, s: SessionDep, user: CurrentUiUser, error: str = "") -> HTMLResponse:
    ws = user.workspace_id
    context: dict[str, Any] = {
        "user": user,
        "error": error[:300],
        "policies": setup.policies(session=s, workspace_id=ws),
        "calendars": setup.calendars(session=s, workspace_id=ws),
        "priorities": PRIORITIES,
        "channels": CHANNELS,
        "days": DAYS,
        "metrics": METRICS,
        "is_admin": user.can(Role.admin),
    }
    return templates.TemplateResponse(request, "support_policies.html", context)


@router.post("/support/policies", response_model=None)
def create_policy(request: Request, s: SessionDep, user: CurrentUiUser, form: FormDep) -> Response:
    """One form: name, the accounts it covers (segments, tiers), its channels (none ticked: every
    channel), targets per priority, the calendar."""
    check_csrf(request, str(form.get("csrf_token", "")), user.csrf_token)
    _admin(user.role)
    targets: dict[str, dict[str, int]] = {}
    for priority in PRIORITIES:
        for metric in METRICS:
            value = str(form.get(f"{priority}_{metric}", "")).strip()
            if value:
                targets.setdefault(priority, {})[metric] = int(value) if value.isdigit() else -1
    body = {
        "name": str(form.get("name", "")),
        "filter": {
            "segments": _list(form.get("segments")),
            "tiers": _list(form.get("tiers")),
            "channels": [str(c) for c in form.getlist("channels")][:20],  # checked by the schema
        },
        "targets": targets,
        "calendar_id": int(str(form.get("calendar_id")))
        if str(form.get("calendar_id", "")).isdigit()
        else None,
    }
    try:
        setup.create_policy(session=s, workspace_id=user.workspace_id, data=PolicyCreate.model_validate(body))
    except (ValidationError, DomainError) as exc:
        return RedirectResponse(f"/support/policies?error={quote(notice(first_error(exc)))}", status_code=303)
    return RedirectResponse("/support/policies", status_code=303)


@router.post("/support/policies/{policy_id}/delete", response_model=None)
def delete_policy(
    policy_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Open tickets are measured again by the policies left."""
    check_csrf(request, csrf_token, user.csrf_token)
    _admin(user.role)
    try:
        setup.delete_policy(session=s, workspace_id=user.workspace_id, policy_id=policy_id)
    except DomainError as exc:
        return RedirectResponse(f"/support/policies?error={quote(notice(first_error(exc)))}", status_code=303)
    return RedirectResponse("/support/policies", status_code=303)


@router.post("/support/calendars", response_model=None)
def create_calendar(request: Request, s: SessionDep, user: CurrentUiUser, form: FormDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")), user.csrf_token)
    _admin(user.role)
    hours = [(str(form.get("opens", "")), str(form.get("closes", "")))]
    holidays = [line.strip() for line in str(form.get("holidays", "")).splitlines() if line.strip()]
    body = {
        "name": str(form.get("name", "")),
        "time_zone": str(form.get("time_zone", "UTC")),
        "hours": {day: hours for day in DAYS if form.get(f"day_{day}")},
        "holidays": holidays,
    }
    try:
        setup.create_calendar(
            session=s, workspace_id=user.workspace_id, data=CalendarCreate.model_validate(body)
        )
    except (ValidationError, DomainError) as exc:
        return RedirectResponse(f"/support/policies?error={quote(notice(first_error(exc)))}", status_code=303)
    return RedirectResponse("/support/policies", status_code=303)


def _admin(role: Role) -> None:
    if not role.allows(Role.admin):
        raise Forbidden("SLA policies and calendars are changed by admins")


def _list(value: object) -> list[str]:
    return [v.strip() for v in str(value or "").split(",") if v.strip()]
