"""HTTP routes for a person's saved views of the list pages (the same views the UI saves and opens). An API
key reaches its owner's views; a key without an owner has none to reach."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from steward.core.errors import Forbidden
from steward.domains.users.schemas import Principal
from steward.domains.views import service
from steward.domains.views.schemas import ListName, SavedViewCreate, SavedViewRead, SavedViewUpdate
from steward.web.deps import PathId, Reader, SessionDep

router = APIRouter(tags=["views"])


def _person(p: Principal) -> int:
    """Whose views these are: the signed-in user, or the API key's owner."""
    person = p.user_id or p.owner_id
    if person is None:
        raise Forbidden("saved views belong to a person: use an API key created with an owner (owner_id)")
    return person


@router.get("/views", response_model=list[SavedViewRead])
def list_views(
    s: SessionDep, p: Reader, list_name: Annotated[ListName | None, Query(alias="list")] = None
) -> list[SavedViewRead]:
    """The caller's views of one list (`list=cockpit`...) by name, or of every list."""
    user = _person(p)
    if list_name is None:
        return service.all_views(session=s, workspace_id=p.workspace_id, user_id=user)
    return service.views(session=s, workspace_id=p.workspace_id, user_id=user, list_name=list_name)


@router.post("/views", response_model=SavedViewRead, status_code=status.HTTP_201_CREATED)
def create_view(body: SavedViewCreate, s: SessionDep, p: Reader) -> SavedViewRead:
    """Save a list's query under a name (the same name of the same list replaces its query, as in the UI)."""
    return service.save_view(session=s, workspace_id=p.workspace_id, user_id=_person(p),
                             list_name=body.list_name, name=body.name, query=body.query)  # fmt: skip


@router.get("/views/{view_id}", response_model=SavedViewRead)
def get_view(view_id: PathId, s: SessionDep, p: Reader) -> SavedViewRead:
    """One of the caller's views; another person's is not found."""
    return service.get_view(session=s, workspace_id=p.workspace_id, user_id=_person(p), view_id=view_id)


@router.patch("/views/{view_id}", response_model=SavedViewRead)
def update_view(view_id: PathId, body: SavedViewUpdate, s: SessionDep, p: Reader) -> SavedViewRead:
    """Rename a view or change its query (cleaned as when saved); a name already used in the list is 409."""
    return service.update_view(session=s, workspace_id=p.workspace_id, user_id=_person(p), view_id=view_id,
                               name=body.name, query=body.query)  # fmt: skip


@router.delete("/views/{view_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_view(view_id: PathId, s: SessionDep, p: Reader) -> Response:
    service.delete_view(session=s, workspace_id=p.workspace_id, user_id=_person(p), view_id=view_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
