"""Business review pages: the reviews coming up (mine or the team's), and the review pack, which prints
cleanly to PDF from the browser, with the CSM's notes and the button that records the review as held."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.errors import DomainError, Forbidden
from steward.core.roles import WRITE
from steward.domains.reviews import pack as reviews_pack
from steward.domains.reviews import service as reviews_service
from steward.domains.reviews.schemas import ReviewUpdate
from steward.domains.users import service as users_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.forms import first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, s: SessionDep, user: CurrentUiUser, mine: bool = False) -> HTMLResponse:
    ws = user.workspace_id
    context: dict[str, Any] = {
        "user": user,
        "mine": mine,
        "reviews": reviews_service.list_reviews(
            session=s, workspace_id=ws, status="scheduled", owner_id=user.id if mine else None
        ),
        "cadence": reviews_service.get_cadence(session=s, workspace_id=ws).every_days,
        "users": {u.id: u.name for u in users_service.list_users(session=s, workspace_id=ws)},
    }
    return templates.TemplateResponse(request, "reviews.html", context)


@router.get("/reviews/{review_id}", response_class=HTMLResponse)
def pack_page(
    review_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, error: str = ""
) -> HTMLResponse:
    pack = reviews_pack.review_pack(session=s, workspace_id=user.workspace_id, review_id=review_id)
    context = {"user": user, "pack": pack, "error": error[:300], "can_edit": user.can(WRITE)}
    return templates.TemplateResponse(request, "review.html", context)


@router.post("/reviews/{review_id}/act", response_model=None)
def act(
    review_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    notes: Annotated[str, Form(max_length=50_000)] = "",
) -> Response:
    """Save the notes, or record the review as held (which schedules the next by the cadence)."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read reviews but not change them")
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "review_id": review_id}
    reviews_service.get_review(**scope)
    try:
        if action == "notes":
            reviews_service.update_review(**scope, data=ReviewUpdate(notes=notes))
        elif action == "held":
            reviews_service.update_review(**scope, data=ReviewUpdate(status="held", notes=notes or None))
    except (ValidationError, DomainError) as exc:
        message = first_error(exc)
        return RedirectResponse(f"/reviews/{review_id}?error={quote(notice(message))}", status_code=303)
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)
