"""HTTP routes for subscriptions: CRUD, upsert by external_id, bulk upsert, filtered keyset pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from steward.core.schemas import BulkResult
from steward.domains.subscriptions import queries, service
from steward.domains.subscriptions.schemas import (
    Status,
    SubscriptionBulk,
    SubscriptionCreate,
    SubscriptionFields,
    SubscriptionFilter,
    SubscriptionPage,
    SubscriptionRead,
    SubscriptionSort,
    SubscriptionUpdate,
)
from steward.web.deps import Manager, PathId, QueryId, Reader, SessionDep, Writer, json_response

router = APIRouter(prefix="/subscriptions", tags=["subscriptions"])


@router.get("", response_model=SubscriptionPage)
def list_subscriptions(
    s: SessionDep,
    p: Reader,
    account_id: QueryId = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    plan: str | None = None,
    renews_after: date | None = None,
    renews_before: date | None = None,
    sort: SubscriptionSort = "end_date",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> SubscriptionPage:
    f = SubscriptionFilter(
        account_id=account_id,
        status=status_,
        plan=plan,
        renews_after=renews_after,
        renews_before=renews_before,
    )
    rows, total, next_cursor = queries.page(s, p.workspace_id, f, sort, cursor, limit)
    items = [SubscriptionRead.model_validate(r) for r in rows]
    return SubscriptionPage(items=items, total=total, next_cursor=next_cursor)


@router.post("", response_model=SubscriptionRead, status_code=status.HTTP_201_CREATED)
def create_subscription(body: SubscriptionCreate, s: SessionDep, p: Writer) -> SubscriptionRead:
    sub = service.create_subscription(session=s, workspace_id=p.workspace_id, data=body)
    return SubscriptionRead.model_validate(sub)


@router.post("/bulk", response_model=BulkResult)
def bulk_upsert_subscriptions(body: SubscriptionBulk, s: SessionDep, p: Writer) -> Response:
    """Upsert up to 5,000 subscriptions by external_id in one transaction; any invalid item rejects all."""
    return json_response(service.bulk_upsert(session=s, workspace_id=p.workspace_id, items=body.items))


@router.get("/by-external-id/{external_id}", response_model=SubscriptionRead)
def get_by_external_id(external_id: str, s: SessionDep, p: Reader) -> SubscriptionRead:
    sub = service.get_by_external_id(session=s, workspace_id=p.workspace_id, external_id=external_id)
    return SubscriptionRead.model_validate(sub)


@router.put("/by-external-id/{external_id}", response_model=SubscriptionRead)
def upsert_subscription(
    external_id: str, body: SubscriptionFields, s: SessionDep, p: Writer, response: Response
) -> SubscriptionRead:
    sub, created = service.upsert_by_external_id(
        session=s, workspace_id=p.workspace_id, external_id=external_id, data=body
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return SubscriptionRead.model_validate(sub)


@router.get("/{subscription_id}", response_model=SubscriptionRead)
def get_subscription(subscription_id: PathId, s: SessionDep, p: Reader) -> SubscriptionRead:
    sub = service.get_subscription(session=s, workspace_id=p.workspace_id, subscription_id=subscription_id)
    return SubscriptionRead.model_validate(sub)


@router.patch("/{subscription_id}", response_model=SubscriptionRead)
def update_subscription(
    subscription_id: PathId, body: SubscriptionUpdate, s: SessionDep, p: Writer
) -> SubscriptionRead:
    sub = service.update_subscription(
        session=s, workspace_id=p.workspace_id, subscription_id=subscription_id, data=body
    )
    return SubscriptionRead.model_validate(sub)


@router.delete("/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_subscription(subscription_id: PathId, s: SessionDep, p: Manager) -> None:
    service.delete_subscription(session=s, workspace_id=p.workspace_id, subscription_id=subscription_id)
