"""The scorecard pages: every health scorecard, and one scorecard's measures with the advisor (how well
each measure separated later churners, suggested thresholds and weights, both AUCs on later months) and
the admin's Apply button."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from steward.core.errors import Conflict, Forbidden, Invalid
from steward.core.roles import ADMIN
from steward.domains.health import advice as health_advice
from steward.domains.health import service as health_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
HORIZONS = (30, 60, 90, 180, 365)


@router.get("/scorecards", response_class=HTMLResponse)
def scorecards_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    cards = health_service.list_scorecards(session=s, workspace_id=user.workspace_id)
    return templates.TemplateResponse(request, "scorecards.html", {"user": user, "cards": cards})


@router.get("/scorecards/{scorecard_id}", response_class=HTMLResponse)
def scorecard_page(
    scorecard_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    horizon_days: Annotated[int, Query(ge=30, le=365)] = 90,
    applied: bool = False,
) -> HTMLResponse:
    return _render(request, s, user, scorecard_id, horizon_days, applied=applied)


@router.post("/scorecards/{scorecard_id}/advice/apply", response_model=None)
def apply_advice(
    scorecard_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    fingerprint: Annotated[str, Form(min_length=1, max_length=64)],
    horizon_days: Annotated[int, Form(ge=30, le=365)] = 90,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Write the advice the admin saw (its fingerprint) into the scorecard; a changed advice is refused."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(ADMIN):
        raise Forbidden("applying scorecard advice needs the admin role")
    try:
        health_advice.apply_advice(
            session=s, workspace_id=user.workspace_id, scorecard_id=scorecard_id, user_id=user.id,
            horizon_days=horizon_days, expected=fingerprint,
        )  # fmt: skip
    except (Conflict, Invalid) as exc:  # a stale or impossible suggestion: show the page with why
        status = 409 if isinstance(exc, Conflict) else 422
        return _render(request, s, user, scorecard_id, horizon_days, error=exc.msg, status=status)
    return RedirectResponse(f"/scorecards/{scorecard_id}?horizon_days={horizon_days}&applied=1", 303)


def _render(
    request: Request,
    s: SessionDep,
    user: UiUser,
    scorecard_id: int,
    horizon_days: int,
    *,
    applied: bool = False,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    advice = health_advice.advise(
        session=s, workspace_id=user.workspace_id, scorecard_id=scorecard_id, horizon_days=horizon_days
    )
    cards = health_service.list_scorecards(session=s, workspace_id=user.workspace_id)
    card = next(c for c in cards if c.id == advice.scorecard_id)
    context: dict[str, Any] = {
        "user": user, "card": card, "advice": advice, "horizons": HORIZONS, "horizon_days": horizon_days,
        "can_apply": user.can(ADMIN), "applied": applied, "error": error,
    }  # fmt: skip
    return templates.TemplateResponse(request, "scorecard.html", context, status_code=status)
