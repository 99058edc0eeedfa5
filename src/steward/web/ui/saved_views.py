"""Saved views of the list pages: save the list's current query string under a name, reopen it, delete it.
One mechanism for every list (cockpit, tickets, renewals, accounts, at risk); each view is its user's own."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from steward.domains.views import service as views_service
from steward.domains.views.schemas import LIST_PATHS, MAX_QUERY, ListName
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf

router = APIRouter()


def panel(s: Session, user: UiUser, list_name: ListName, request: Request) -> dict[str, Any]:
    """What templates/_saved_views.html needs: this user's views of the list and the query to save."""
    items = views_service.views(
        session=s, workspace_id=user.workspace_id, user_id=user.id, list_name=list_name
    )
    return {"list": list_name, "items": items, "query": request.url.query[:MAX_QUERY]}


@router.post("/views")
def save(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    list_name: Annotated[ListName, Form(alias="list")],
    name: Annotated[str, Form(max_length=200)],
    query: Annotated[str, Form(max_length=MAX_QUERY)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Save (or, under a name already used for this list, replace) the view; then show it."""
    check_csrf(request, csrf_token, user.csrf_token)
    view = views_service.save_view(session=s, workspace_id=user.workspace_id, user_id=user.id,
                                   list_name=list_name, name=name, query=query)  # fmt: skip
    return RedirectResponse(view.href, status_code=303)


@router.get("/views/{view_id}")
def open_view(view_id: PathId, s: SessionDep, user: CurrentUiUser) -> RedirectResponse:
    view = views_service.get_view(session=s, workspace_id=user.workspace_id, user_id=user.id, view_id=view_id)
    return RedirectResponse(view.href, status_code=303)


@router.post("/views/{view_id}/delete")
def delete(
    view_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token, user.csrf_token)
    gone = views_service.delete_view(
        session=s, workspace_id=user.workspace_id, user_id=user.id, view_id=view_id
    )
    return RedirectResponse(LIST_PATHS[gone.list_name], status_code=303)
