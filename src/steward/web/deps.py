"""FastAPI dependencies as Annotated aliases: the DB session (one transaction per request) and the caller."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from steward.core.db import unit_of_work
from steward.core.errors import Forbidden, Unauthorized
from steward.core.roles import Role
from steward.core.schemas import MAX_ID
from steward.domains.audit import service as audit_service
from steward.domains.users import service as users_service
from steward.domains.users.schemas import Principal


def client_address(request: Request) -> str:
    """The caller's address for limits and logs: the direct peer, or what a trusted proxy says it saw
    (`steward serve` lets uvicorn believe X-Forwarded-For only from STEWARD_TRUSTED_PROXIES; web.proxies)."""
    return request.client.host if request.client else ""


ClientAddress = Annotated[str, Depends(client_address)]


def get_session() -> Iterator[Session]:
    with unit_of_work() as session:
        yield session


# scope="function": commit once the route returns and before the response is sent, so a 2xx is only ever
# sent for a committed transaction (the default scope would commit after sending).
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


# A handler that reads the raw body or form stays a plain `def` (run in the threadpool) by taking it from
# these: an `async def` handler would do its database work on the event loop, and one SQLite lock wait
# there froze every other request for 10 s.
async def _form(request: Request) -> FormData:
    return await request.form()


async def _body(request: Request) -> bytes:
    return await request.body()


FormDep = Annotated[FormData, Depends(_form)]
BodyDep = Annotated[bytes, Depends(_body)]


bearer = HTTPBearer(
    auto_error=False, scheme_name="ApiKey", description="an API key from `steward apikey create`"
)


def get_principal(
    request: Request,
    session: SessionDep,
    client: ClientAddress,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """API callers authenticate with `Authorization: Bearer <api key>`; the key's scopes must cover the
    request's area and method; what the key writes is audited."""
    if credentials is None or not credentials.credentials.strip():
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    principal = users_service.principal_for_api_key(session=session, key=credentials.credentials.strip())
    if principal is None:
        raise Unauthorized("the API key is unknown")
    users_service.require_scope(principal=principal, method=request.method, path=request.url.path)
    actor = audit_service.Actor(audit_service.ActorType.api_key, principal.key_id, principal.name, client)
    audit_service.act_as(session, actor)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require(role: Role) -> Callable[[Principal], Principal]:
    def check(principal: CurrentPrincipal) -> Principal:
        if not principal.role.allows(role):
            raise Forbidden(
                f"this needs the {role.value} role or higher; the caller is {principal.role.value}"
            )
        return principal

    return check


def workspace_id(principal: CurrentPrincipal) -> int:
    return principal.workspace_id


WorkspaceId = Annotated[int, Depends(workspace_id)]
Reader = Annotated[Principal, Depends(require(Role.viewer))]
Agent = Annotated[Principal, Depends(require(Role.agent))]
Writer = Annotated[Principal, Depends(require(Role.csm))]
Manager = Annotated[Principal, Depends(require(Role.manager))]
Admin = Annotated[Principal, Depends(require(Role.admin))]

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def _ids_in_range(values: list[int] | None) -> list[int] | None:
    # Field limits on list items are not applied to query parameters: check them here.
    if values and any(not 1 <= v <= MAX_ID for v in values):
        raise ValueError(f"every id must be between 1 and {MAX_ID}")
    return values


QueryIds = Annotated[list[int] | None, Query(description="repeat for several"), AfterValidator(_ids_in_range)]


def json_response(model: BaseModel) -> Response:
    """Serialise a trusted result once; FastAPI would dump and re-validate it (5,000 items on bulk routes)."""
    return Response(model.model_dump_json(), media_type="application/json")
