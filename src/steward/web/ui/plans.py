"""Success plan pages: the CSM's page (timeline, objectives and items to tick off, the customer link) and
the read-only page a customer opens from a signed link, without an account."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from babel import Locale
from babel.dates import format_date
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.clock import today_utc
from steward.core.errors import DomainError, Forbidden, NotFound
from steward.core.i18n import translations
from steward.core.roles import WRITE
from steward.core.schemas import MAX_ID
from steward.domains.plans import service as plans_service
from steward.domains.plans.schemas import ItemUpdate, PlanCreate, PlanRead, ShareCreate
from steward.domains.users import service as users_service
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep
from steward.web.ui.charts import chart, day_number, series
from steward.web.ui.forms import first_error
from steward.web.ui.i18n import language_of
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import label, templates

router = APIRouter()
STATUS_TONES = {
    "done": "grey",
    "on_track": "green",
    "not_started": "slate",
    "behind": "amber",
    "stuck": "red",
}
MARK_TONES = {"milestone": "violet", "task": "slate", "done": "green", "late": "red"}


def gantt(plan: PlanRead, today: date, language: str = "en") -> dict[str, Any] | None:
    """The plan timeline: each objective a bar from its start to its due date in its status's colour, its
    dated items marks on their due dates under it, and today as a line when it falls inside the plan. The
    words of its table (dates, statuses) are said in `language`; its title and series in the page's."""
    if plan.start_date is None or plan.due_date is None or not plan.objectives:
        return None
    _ = translations(language).gettext
    locale = Locale.parse(language.replace("-", "_"))

    def day(value: date) -> str:
        return format_date(value, "medium", locale=locale)

    states = {"done": _("Done"), "late": _("late"), "milestone": _("milestone"), "task": _("task")}
    labels: list[str] = []
    spans: list[list[float] | None] = []
    marks: list[float | None] = []
    tones: list[str] = []
    words: list[str | None] = []
    for o in plan.objectives:
        start, due = o.start_date or plan.start_date, o.due_date or plan.due_date
        labels.append(o.title)
        spans.append([day_number(start), day_number(due)])
        marks.append(None)
        tones.append(STATUS_TONES.get(o.status, "grey"))
        status = _(label(o.status))
        words.append(
            _("%(start)s to %(due)s, %(status)s") % {"start": day(start), "due": day(due), "status": status}
        )
        for item in o.items:
            if item.due_date is None:
                continue
            state = "done" if item.done else "late" if item.overdue else item.kind
            labels.append(f"· {item.title}")
            spans.append(None)
            marks.append(day_number(item.due_date))
            tones.append(MARK_TONES.get(state, "slate"))
            said = states.get(state, state)
            words.append(_("due %(date)s, %(state)s") % {"date": day(item.due_date), "state": said})
    rows = [
        series("Objective", spans, tones=tones,
               text=[w if s else None for w, s in zip(words, spans, strict=True)]),
        series("Item due", marks, tone="slate", tones=tones, kind="line", points=True,
               text=[w if m is not None else None for w, m in zip(words, marks, strict=True)]),
    ]  # fmt: skip
    if plan.start_date <= today <= plan.due_date:
        rows.append(series("Today", [day_number(today)] * len(labels), tone="red", kind="line"))
    return chart(
        "bar", labels, rows, unit="date", title="Plan timeline", horizontal=True,
        range_=(day_number(plan.start_date), day_number(plan.due_date)),
    )  # fmt: skip


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(
    plan_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, error: str = ""
) -> HTMLResponse:
    plan = plans_service.get_plan(session=s, workspace_id=user.workspace_id, plan_id=plan_id)
    context: dict[str, Any] = {
        "user": user, "plan": plan, "gantt": gantt(plan, today_utc(), language_of(request, user)),
        "error": error[:300],
        "can_edit": user.can(WRITE), "share_path": request.query_params.get("shared", "")[:400],
        "users": {u.id: u.name for u in users_service.list_users(session=s, workspace_id=user.workspace_id)},
    }  # fmt: skip
    return templates.TemplateResponse(request, "plan.html", context)


@router.post("/plans/{plan_id}/act", response_model=None)
def act(
    plan_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    item_id: Annotated[str, Form(max_length=20)] = "",
    done: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """The plan page's buttons: tick an item off or reopen it, make a customer link, revoke it."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read success plans but not change them")
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "plan_id": plan_id}
    plans_service.get_plan(**scope)  # 404 before anything else
    try:
        if action == "item" and item_id.isdigit() and int(item_id) <= MAX_ID:
            plans_service.update_item(**scope, item_id=int(item_id), data=ItemUpdate(done=done == "1"))
        elif action == "share":
            link = plans_service.share(**scope, data=ShareCreate(), secret=get_settings().secret_key)
            return RedirectResponse(f"/plans/{plan_id}?shared={quote(link.path)}#share", status_code=303)
        elif action == "revoke":
            plans_service.revoke_share(**scope)
    except DomainError as exc:
        return RedirectResponse(f"/plans/{plan_id}?error={quote(notice(first_error(exc)))}", status_code=303)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.post("/accounts/{account_id}/plans", response_model=None)
def new_plan(
    account_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    title: Annotated[str, Form(max_length=400)] = "",
    template_id: Annotated[str, Form(max_length=20)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """From the account page: a plan from the chosen template, or the account segment's."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read success plans but not create them")
    template = int(template_id) if template_id.isdigit() and int(template_id) <= MAX_ID else None
    try:
        data = PlanCreate(account_id=account_id, title=title.strip(), template_id=template)
        made = plans_service.create_plan(session=s, workspace_id=user.workspace_id, data=data)
    except (ValidationError, DomainError) as exc:
        message = first_error(exc)
        return RedirectResponse(
            f"/accounts/{account_id}?plan_error={quote(notice(message))}#plans", status_code=303
        )
    return RedirectResponse(f"/plans/{made.id}", status_code=303)


@router.get("/shared/plans/{token}", response_class=HTMLResponse)
def shared_plan(token: str, request: Request, s: SessionDep) -> HTMLResponse:
    """No login: the signed link is the key. A forged, expired or revoked link gets the same 404."""
    headers = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
    try:
        plan = plans_service.shared_plan(session=s, token=token[:500], secret=get_settings().secret_key)
    except NotFound:
        context: dict[str, Any] = {"user": None, "plan": None}
        return templates.TemplateResponse(
            request, "shared_plan.html", context, status_code=404, headers=headers
        )
    # No user: nothing editable; the timeline in the reader's (browser's) language, as the page.
    context = {"user": None, "plan": plan, "gantt": gantt(plan, today_utc(), language_of(request))}
    return templates.TemplateResponse(request, "shared_plan.html", context, headers=headers)
