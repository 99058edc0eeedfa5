"""The "At risk" page: accounts ranked by ARR at risk under the current churn model, its backtest, and
the button that trains a new model version."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from steward.core.errors import Forbidden, Invalid
from steward.core.roles import Role
from steward.domains.accounts import service as accounts_service
from steward.domains.churn import service as churn_service
from steward.domains.churn.schemas import ChurnTrain
from steward.domains.users import service as users_service
from steward.web.deps import SessionDep
from steward.web.ui.people import owner_choices
from steward.web.ui.saved_views import panel
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
TRAIN = Role.manager


@router.get("/risk", response_class=HTMLResponse)
def risk_page(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    mine: Annotated[bool, Query()] = False,
    sort: Annotated[str, Query(max_length=20)] = "arr_at_risk",
    q: Annotated[str, Query(max_length=200)] = "",
    segment: Annotated[str, Query(max_length=100)] = "",
    owner: Annotated[str, Query(pattern=r"^(|[1-9]\d{0,17})$")] = "",  # empty: the form's "any owner"
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    error: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    ws = user.workspace_id
    sort = sort if sort in ("arr_at_risk", "probability", "ltv") else "arr_at_risk"
    model = churn_service.current_model(session=s, workspace_id=ws)
    page = fallback = None
    if model is None:  # until a model can be trained, the health score stands in, labelled as such
        fallback = churn_service.health_fallback(session=s, workspace_id=ws, limit=50)
    chosen = user.id if mine else int(owner) if owner else None
    if model:
        page = churn_service.at_risk(
            session=s, workspace_id=ws, sort=sort, owner_id=chosen, search=q.strip() or None,
            segment=segment or None, cursor=cursor, limit=50,
        )  # fmt: skip
    users = users_service.list_users(session=s, workspace_id=ws)
    owners = {u.id: u.name for u in users}
    filters = {"mine": "true" if mine else "", "q": q.strip(), "segment": segment,
               "owner": "" if mine else owner, "sort": sort}  # fmt: skip
    context: dict[str, Any] = {
        "user": user, "model": model, "page": page, "mine": mine, "sort": sort, "owners": owners,
        "can_train": user.can(TRAIN), "error": error, "fallback": fallback,
        "precisions": PRECISIONS, "chosen_precision": _chosen_precision(model),
        "filters": filters, "link": lambda **changes: _link({**filters, **changes}),
        "is_filtered": bool(q.strip() or segment or filters["owner"]), "owner_choices": owner_choices(users),
        "segments": accounts_service.filter_options(session=s, workspace_id=ws).get("segment", []),
        "views": panel(s, user, "risk", request),
    }  # fmt: skip
    return templates.TemplateResponse(request, "risk.html", context)


def _link(filters: dict[str, Any]) -> str:
    """The page's address for these filters, without the empty ones and the default ranking."""
    kept = {k: v for k, v in filters.items() if v not in ("", None) and (k, v) != ("sort", "arr_at_risk")}
    return "/risk" + (f"?{urlencode(kept)}" if kept else "")


PRECISIONS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def _chosen_precision(model: Any) -> float:
    """The precision the current model was trained at (a retrain keeps it), else the default."""
    lead_time = model.backtest.lead_time if model and model.backtest else []
    return lead_time[0].precision_target if lead_time else ChurnTrain().flag_precision


@router.post("/risk/train", response_model=None)
def train(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    flag_precision: Annotated[float, Form(ge=0.05, le=0.95)] = 0.5,
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(TRAIN):
        raise Forbidden("training a churn model needs the manager role or higher")
    try:
        churn_service.train_model(
            session=s,
            workspace_id=user.workspace_id,
            data=ChurnTrain(flag_precision=flag_precision),
            trained_by=user.id,
        )
    except Invalid as exc:
        return _render_error(request, s, user, exc.msg)
    return RedirectResponse("/risk", status_code=303)


def _render_error(request: Request, s: SessionDep, user: UiUser, message: str) -> HTMLResponse:
    response = risk_page(request, s, user, error=message)
    response.status_code = 422
    return response
