"""Read side of workspaces."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.domains.workspaces.models import CustomFieldDefinition, Workspace


def by_slug(session: Session, slug: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.slug == slug))


def by_id(session: Session, workspace_id: int) -> Workspace | None:
    return session.get(Workspace, workspace_id)


def by_write_key_digest(session: Session, digest: str) -> Workspace | None:
    return session.scalar(select(Workspace).where(Workspace.write_key_digest == digest))


def custom_fields(
    session: Session, workspace_id: int, entity: str | None = None
) -> list[CustomFieldDefinition]:
    stmt = select(CustomFieldDefinition).where(CustomFieldDefinition.workspace_id == workspace_id)
    if entity:
        stmt = stmt.where(CustomFieldDefinition.entity == entity)
    return list(session.scalars(stmt.order_by(CustomFieldDefinition.entity, CustomFieldDefinition.key)))


def all_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Workspace.id).order_by(Workspace.id)))
