"""The renewals page: open renewals by quarter and forecast category, what closed renewals did to revenue
(NRR, GRR, churn reasons), and the open list where a CSM sets the forecast and records the outcome."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.clock import today_utc
from steward.core.errors import DomainError, Forbidden
from steward.core.money import NotANumber, TooPrecise, to_minor
from steward.core.roles import WRITE
from steward.domains.renewals import service as renewals_service
from steward.domains.renewals.schemas import RenewalClose, RenewalUpdate
from steward.domains.users import service as users_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.forms import first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
BAR_WIDTH = 420


@router.get("/renewals", response_class=HTMLResponse)
def renewals_page(
    request: Request, s: SessionDep, user: CurrentUiUser, mine: bool = False, error: str = ""
) -> HTMLResponse:
    ws = user.workspace_id
    owners = [user.id] if mine else None
    quarters = renewals_service.pipeline(session=s, workspace_id=ws, owner_ids=owners)
    top = max((q.expected_arr_minor for q in quarters), default=0) or 1
    today = today_utc()
    context: dict[str, Any] = {
        "user": user, "mine": mine, "error": error[:300], "quarters": quarters,
        "bars": {q.quarter: [(c, round(c.expected_arr_minor / top * BAR_WIDTH)) for c in q.cells]
                 for q in quarters},
        "open": renewals_service.list_renewals(session=s, workspace_id=ws, owner_ids=owners, limit=200),
        "outcomes": renewals_service.outcomes(session=s, workspace_id=ws, start=today - timedelta(days=365),
                                              end=today),
        "settings": renewals_service.get_settings(session=s, workspace_id=ws),
        "currency": user.currency,
        "users": {u.id: u.name for u in users_service.list_users(session=s, workspace_id=ws)},
        "can_edit": user.can(WRITE),
    }  # fmt: skip
    return templates.TemplateResponse(request, "renewals.html", context)


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
) -> Response:
    """The forms of the renewals page: set the forecast, or close with an outcome."""
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
        return _back(first_error(exc))
    return RedirectResponse("/renewals", status_code=303)


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


def _back(message: str) -> RedirectResponse:
    return RedirectResponse(f"/renewals?error={quote(notice(message))}#open", status_code=303)
