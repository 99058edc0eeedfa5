"""Read side of journeys."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.domains.journeys.models import Journey, JourneyMove, JourneyPosition


def journey(session: Session, workspace_id: int, journey_id: int) -> Journey | None:
    return session.scalar(
        select(Journey).where(Journey.workspace_id == workspace_id, Journey.id == journey_id)
    )


def journeys(session: Session, workspace_id: int, enabled_only: bool = False) -> list[Journey]:
    query = select(Journey).where(Journey.workspace_id == workspace_id)
    if enabled_only:
        query = query.where(Journey.enabled.is_(True))
    return list(session.scalars(query.order_by(Journey.id)))


def workspaces_with_journeys(session: Session) -> list[int]:
    query = select(Journey.workspace_id).where(Journey.enabled.is_(True)).distinct()
    return [int(w) for w in session.scalars(query)]


def positions(session: Session, journey_id: int) -> list[JourneyPosition]:
    return list(session.scalars(select(JourneyPosition).where(JourneyPosition.journey_id == journey_id)))


def moves(session: Session, journey_id: int) -> list[JourneyMove]:
    query = select(JourneyMove).where(JourneyMove.journey_id == journey_id)
    return list(session.scalars(query.order_by(JourneyMove.account_id, JourneyMove.on, JourneyMove.id)))
