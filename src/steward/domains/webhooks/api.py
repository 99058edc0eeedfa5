"""HTTP routes for webhook endpoints and their deliveries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from steward.domains.webhooks import service
from steward.domains.webhooks.schemas import DeliveryRead, EndpointCreate, EndpointCreated, EndpointRead
from steward.settings import get_settings
from steward.web.deps import Admin, Manager, PathId, SessionDep

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


@router.post("", response_model=EndpointCreated, status_code=status.HTTP_201_CREATED)
def create_endpoint(body: EndpointCreate, s: SessionDep, p: Admin) -> EndpointCreated:
    """The response carries the signing secret, once: receivers check `X-Steward-Signature`, which is
    `sha256=` + HMAC-SHA256(secret, `<X-Steward-Timestamp>.<body>`)."""
    allow = get_settings().webhooks_allow_private
    return service.create_endpoint(session=s, workspace_id=p.workspace_id, data=body, allow_private=allow)


@router.get("", response_model=list[EndpointRead])
def list_endpoints(s: SessionDep, p: Manager) -> list[EndpointRead]:
    return service.list_endpoints(session=s, workspace_id=p.workspace_id)


@router.get("/{endpoint_id}/deliveries", response_model=list[DeliveryRead])
def deliveries(
    endpoint_id: PathId, s: SessionDep, p: Manager, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[DeliveryRead]:
    """Newest first: status (pending, delivered, failed), attempts, the last answer or error."""
    return service.deliveries(session=s, workspace_id=p.workspace_id, endpoint_id=endpoint_id, limit=limit)


@router.post("/deliveries/{delivery_id}/retry", response_model=DeliveryRead)
def retry(delivery_id: PathId, s: SessionDep, p: Manager) -> DeliveryRead:
    return service.retry(session=s, workspace_id=p.workspace_id, delivery_id=delivery_id)
