"""HTTP routes for alert channels (admins configure, managers read), their test message and deliveries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from steward.domains.alerts import service
from steward.domains.alerts.schemas import ChannelCreate, ChannelRead, DeliveryRead
from steward.settings import get_settings
from steward.web.deps import Admin, Manager, PathId, SessionDep

router = APIRouter(prefix="/alerts/channels", tags=["alerts"])


@router.post("", response_model=ChannelRead, status_code=status.HTTP_201_CREATED)
def create_channel(body: ChannelCreate, s: SessionDep, p: Admin) -> ChannelRead:
    """`url` is the Slack or Teams incoming-webhook URL; it is stored encrypted and only ever shown masked."""
    settings = get_settings()
    return service.create_channel(
        session=s, workspace_id=p.workspace_id, data=body, secret=settings.secret_key,
        allow_private=settings.webhooks_allow_private,
    )  # fmt: skip


@router.get("", response_model=list[ChannelRead])
def list_channels(s: SessionDep, p: Manager) -> list[ChannelRead]:
    return service.list_channels(session=s, workspace_id=p.workspace_id)


@router.delete("/{channel_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_channel(channel_id: PathId, s: SessionDep, p: Admin) -> Response:
    service.delete_channel(session=s, workspace_id=p.workspace_id, channel_id=channel_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{channel_id}/test", response_model=DeliveryRead, status_code=status.HTTP_202_ACCEPTED)
def send_test(channel_id: PathId, s: SessionDep, p: Admin) -> DeliveryRead:
    """Queues one test message; the sender posts it within seconds (see the channel's deliveries)."""
    return service.send_test(session=s, workspace_id=p.workspace_id, channel_id=channel_id)


@router.get("/{channel_id}/deliveries", response_model=list[DeliveryRead])
def deliveries(
    channel_id: PathId, s: SessionDep, p: Manager, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[DeliveryRead]:
    """Newest first: status (pending, delivered, failed), attempts, the last answer."""
    return service.deliveries(session=s, workspace_id=p.workspace_id, channel_id=channel_id, limit=limit)
