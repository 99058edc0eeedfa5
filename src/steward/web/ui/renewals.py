"""The renewals page: open renewals by quarter and forecast category, what closed renewals did to revenue
(NRR, GRR, churn reasons), and the open list (filtered by forecast, owner and quarter in the query string,
paged); each renewal's own page is where a CSM sets the forecast and records the outcome."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.clock import today_utc
from steward.core.errors import DomainError, Forbidden
from steward.core.money import NotANumber, TooPrecise, to_minor
from steward.core.roles import WRITE
from steward.domains.renewals import service as renewals_service
from steward.domains.renewals import worklist as renewals_worklist
from steward.domains.renewals.schemas import PipelineQuarter, RenewalClose, RenewalSort, RenewalUpdate
from steward.domains.users import service as users_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.charts import chart, major, series
from steward.web.ui.forms import FormError, first_error
from steward.web.ui.i18n import N_
from steward.web.ui.notices import notice
from steward.web.ui.saved_views import panel
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
FORECAST_TONES = {"commit": "green", "best_case": "amber", "at_risk": "red"}
PAGE_SIZE = 50


@router.get("/renewals", response_class=HTMLResponse)
def renewals_page(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    mine: bool = False,
    forecast: Literal["", "commit", "best_case", "at_risk"] = "",
    owner: Annotated[str, Query(pattern=r"^(|[1-9]\d{0,17})$")] = "",  # empty: the form's "any owner"
    quarter: Annotated[str, Query(pattern=r"^(|\d{4}Q[1-4])$")] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: RenewalSort = "due",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    error: str = "",
) -> HTMLResponse:
    ws = user.workspace_id
    owners = [user.id] if mine else None
    quarters = renewals_service.pipeline(session=s, workspace_id=ws, owner_ids=owners)
    today = today_utc()
    chosen = [user.id] if mine else [int(owner)] if owner else None
    listing = renewals_service.list_renewals(
        session=s, workspace_id=ws, owner_ids=chosen, forecasts=[forecast] if forecast else (),
        quarter=quarter or None, search=q.strip() or None, sort=sort, limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    filters = {"mine": "true" if mine else "", "forecast": forecast, "owner": owner, "quarter": quarter,
               "q": q.strip(), "sort": sort}  # fmt: skip
    context: dict[str, Any] = {
        "user": user, "mine": mine, "error": error[:300], "quarters": quarters,
        "pipeline_chart": _pipeline_chart(quarters, user.currency) if quarters else None,
        "open": listing, "page": page, "page_size": PAGE_SIZE, "filters": filters,
        "is_filtered": bool(forecast or owner or quarter or q.strip()), "here": _link(filters),
        "sorts": renewals_worklist.SORTS,
        "link": lambda **changes: _link({**filters, **changes}),
        "outcomes": renewals_service.outcomes(session=s, workspace_id=ws, start=today - timedelta(days=365),
                                              end=today),
        "settings": renewals_service.get_settings(session=s, workspace_id=ws),
        "currency": user.currency,
        "users": {u.id: u.name for u in users_service.list_users(session=s, workspace_id=ws)},
        "can_edit": user.can(WRITE), "views": panel(s, user, "renewals", request),
    }  # fmt: skip
    return templates.TemplateResponse(request, "renewals.html", context)


@router.get("/renewals/{renewal_id}", response_class=HTMLResponse)
def renewal_page(
    renewal_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    back: Annotated[str, Query(max_length=2000)] = "",
    error: str = "",
) -> HTMLResponse:
    """One renewal to work on: its forecast, and closing it with an outcome (the list has no forms)."""
    ws = user.workspace_id
    context: dict[str, Any] = {
        "user": user, "r": renewals_service.get_renewal(session=s, workspace_id=ws, renewal_id=renewal_id),
        "back": _safe_back(back), "error": error[:300], "currency": user.currency,
        "settings": renewals_service.get_settings(session=s, workspace_id=ws),
        "users": {u.id: u.name for u in users_service.list_users(session=s, workspace_id=ws)},
        "can_edit": user.can(WRITE),
    }  # fmt: skip
    return templates.TemplateResponse(request, "renewal.html", context)


@router.post("/renewals/{renewal_id}/act", response_model=None)
def act(
    renewal_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    forecast: Annotated[str, Form(max_length=20)] = "",
    outcome: Annotated[str, Form(max_length=20)] = "",
    amount: Annotated[str, Form(max_length=30)] = "",
    churn_reason: Annotated[str, Form(max_length=40)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The forms of a renewal's page: set the forecast, or close with an outcome; then back to the list
    as it was filtered (a refusal stays on the renewal's page, saying why)."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read renewals but not work on them")
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "renewal_id": renewal_id}
    renewals_service.get_renewal(**scope)  # 404 before anything else
    try:
        if action == "forecast":
            renewals_service.update_renewal(**scope, data=RenewalUpdate(forecast=forecast))
        elif action == "close":
            data = RenewalClose(outcome=outcome, outcome_arr_minor=_minor(amount, user.currency),
                                churn_reason=churn_reason or None)  # fmt: skip
            renewals_service.close_renewal(**scope, data=data)
    except (ValidationError, DomainError) as exc:
        return _back(renewal_id, first_error(exc), back)
    return RedirectResponse(_safe_back(back), status_code=303)


def _pipeline_chart(quarters: list[PipelineQuarter], currency: str) -> dict[str, Any]:
    """Expected renewal ARR by quarter, stacked by forecast (commit, best case, at risk)."""
    forecasts = [c.forecast for c in quarters[0].cells]
    rows = [
        series(f.replace("_", " ").capitalize(), [major(q.cells[i].expected_arr_minor, currency)
               for q in quarters], tone=FORECAST_TONES.get(f, "grey"))
        for i, f in enumerate(forecasts)
    ]  # fmt: skip
    return chart(
        "bar", [q.quarter for q in quarters], rows, unit="money", currency=currency,
        title=N_("Expected renewal ARR by quarter and forecast"), horizontal=True, stacked=True,
    )  # fmt: skip


def _minor(amount: str, currency: str) -> int | None:
    """'1,500.00' in major units -> minor units; empty -> None (the outcome's default)."""
    if not amount.replace(",", "").strip():
        return None
    wrong = DomainError(f"amount: {amount!r} is not a {currency} amount", ("form", "amount"))
    try:
        minor = to_minor(amount, currency)
    except NotANumber:
        raise DomainError(f"amount: {amount!r} is not a number", ("form", "amount")) from None
    except TooPrecise:
        raise wrong from None
    if minor < 0:
        raise wrong
    return minor


def _back(renewal_id: int, message: str | FormError, back: str) -> RedirectResponse:
    query = urlencode({"error": notice(message), "back": _safe_back(back)})
    return RedirectResponse(f"/renewals/{renewal_id}?{query}", status_code=303)


def _safe_back(back: str) -> str:
    """Only back to the renewals list (with its filters), never elsewhere."""
    return back if back == "/renewals" or back.startswith("/renewals?") else "/renewals"


DEFAULT_FILTERS = (("page", 1), ("sort", "due"))


def _link(filters: dict[str, Any]) -> str:
    kept = {k: v for k, v in filters.items() if v not in ("", None) and (k, v) not in DEFAULT_FILTERS}
    return "/renewals" + (f"?{urlencode(kept)}" if kept else "")
