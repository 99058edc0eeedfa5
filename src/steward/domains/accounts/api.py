"""HTTP routes for accounts: CRUD, upsert by external_id, bulk upsert, filtered keyset pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from steward.domains.accounts import queries, service
from steward.domains.accounts.schemas import (
    AccountBulk,
    AccountCreate,
    AccountFields,
    AccountFilter,
    AccountPage,
    AccountRead,
    AccountSort,
    AccountUpdate,
    BulkResult,
)
from steward.web.deps import Manager, PathId, QueryId, Reader, SessionDep, Writer, json_response

router = APIRouter(prefix="/accounts", tags=["accounts"])


@router.get("", response_model=AccountPage)
def list_accounts(
    s: SessionDep,
    p: Reader,
    q: Annotated[str | None, Query(max_length=200, description="search name, external_id, domain")] = None,
    segment: str | None = None,
    tier: str | None = None,
    lifecycle_stage: str | None = None,
    owner_id: QueryId = None,
    parent_id: QueryId = None,
    region: str | None = None,
    industry: str | None = None,
    sort: AccountSort = "name",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AccountPage:
    f = AccountFilter(
        q=q,
        segment=segment,
        tier=tier,
        lifecycle_stage=lifecycle_stage,
        owner_id=owner_id,
        parent_id=parent_id,
        region=region,
        industry=industry,
    )
    rows, total, next_cursor = queries.page(s, p.workspace_id, f, sort, cursor, limit)
    return AccountPage(
        items=[AccountRead.model_validate(r) for r in rows], total=total, next_cursor=next_cursor
    )


@router.post("", response_model=AccountRead, status_code=status.HTTP_201_CREATED)
def create_account(body: AccountCreate, s: SessionDep, p: Writer) -> AccountRead:
    return AccountRead.model_validate(
        service.create_account(session=s, workspace_id=p.workspace_id, data=body)
    )


@router.post("/bulk", response_model=BulkResult)
def bulk_upsert_accounts(body: AccountBulk, s: SessionDep, p: Writer) -> Response:
    """Upsert up to 5,000 accounts by external_id in one transaction; any invalid item rejects all."""
    return json_response(service.bulk_upsert(session=s, workspace_id=p.workspace_id, items=body.items))


@router.get("/by-external-id/{external_id}", response_model=AccountRead)
def get_by_external_id(external_id: str, s: SessionDep, p: Reader) -> AccountRead:
    account = service.get_by_external_id(session=s, workspace_id=p.workspace_id, external_id=external_id)
    return AccountRead.model_validate(account)


@router.put("/by-external-id/{external_id}", response_model=AccountRead)
def upsert_account(
    external_id: str, body: AccountFields, s: SessionDep, p: Writer, response: Response
) -> AccountRead:
    """Create the account if no account has this external_id, otherwise change the fields sent."""
    account, created = service.upsert_by_external_id(
        session=s, workspace_id=p.workspace_id, external_id=external_id, data=body
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return AccountRead.model_validate(account)


@router.get("/{account_id}", response_model=AccountRead)
def get_account(account_id: PathId, s: SessionDep, p: Reader) -> AccountRead:
    return AccountRead.model_validate(
        service.get_account(session=s, workspace_id=p.workspace_id, account_id=account_id)
    )


@router.patch("/{account_id}", response_model=AccountRead)
def update_account(account_id: PathId, body: AccountUpdate, s: SessionDep, p: Writer) -> AccountRead:
    return AccountRead.model_validate(
        service.update_account(session=s, workspace_id=p.workspace_id, account_id=account_id, data=body)
    )


@router.delete("/{account_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_account(account_id: PathId, s: SessionDep, p: Manager) -> None:
    service.delete_account(session=s, workspace_id=p.workspace_id, account_id=account_id)
