"""The portfolio page: a CSM's (or a team's, or everyone's) accounts by health and ARR, ARR at risk,
this week's biggest drops in health and the renewals coming up with their health."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from steward.core.i18n import translations
from steward.core.schemas import MAX_ID
from steward.domains.health import portfolio as health_portfolio
from steward.domains.health.schemas import GradeChart
from steward.domains.users import service as users_service
from steward.web.deps import SessionDep
from steward.web.ui.charts import chart, major, series
from steward.web.ui.i18n import N_, language_of
from steward.web.ui.people import owner_choices
from steward.web.ui.session import CurrentUiUser
from steward.web.ui.templating import templates

router = APIRouter()
TONES = {"bad": "red", "mid": "amber", "good": "green", "none": "grey"}


@router.get("/portfolio", response_class=HTMLResponse)
def portfolio_page(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    owner_id: Annotated[list[str] | None, Query(max_length=20)] = None,
    mine: bool = False,
) -> HTMLResponse:
    chosen = [int(o) for o in owner_id or [] if o.isdigit() and 0 < int(o) <= MAX_ID][:50]
    owners = [user.id] if mine else chosen or None
    data = health_portfolio.portfolio(session=s, workspace_id=user.workspace_id, owner_ids=owners)
    top = max((g.arr_minor for c in data.charts for g in c.grades), default=0)  # one scale for all
    users = users_service.list_users(session=s, workspace_id=user.workspace_id)
    context: dict[str, Any] = {
        "user": user, "data": data, "mine": mine, "chosen": set(owners or []),
        "owners": {u.id: u.name for u in users}, "owner_choices": owner_choices(users),
        "charts": [_grade_chart(c, top, data.currency, language_of(request, user)) for c in data.charts],
    }  # fmt: skip
    return templates.TemplateResponse(request, "portfolio.html", context)


def _grade_chart(grades: GradeChart, top_minor: int, currency: str, language: str) -> dict[str, Any]:
    """ARR per grade of one scorecard as bars in the grade's colour, on the scale shared by all scorecards;
    each bar's label counts its accounts in the page's language."""
    arr = [major(g.arr_minor, currency) for g in grades.grades]
    ngettext = translations(language).ngettext
    counted = [
        ngettext("%(num)s account", "%(num)s accounts", g.accounts) % {"num": g.accounts}
        for g in grades.grades
    ]
    return chart(
        "bar", [f"{g.label} · {n}" for g, n in zip(grades.grades, counted, strict=True)],
        [series("ARR", arr, tones=[TONES[g.tone] for g in grades.grades])],
        unit="money", currency=currency, title=N_("ARR by grade, %(scorecard)s"),
        title_args={"scorecard": grades.scorecard}, horizontal=True,
        range_=(0, major(top_minor, currency) or 1),
    )  # fmt: skip
