"""Reads of the SCIM tables, always within one workspace."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.domains.scim.models import ScimGroup, ScimMember, ScimSettings, ScimUser


def scim_users(session: Session, workspace_id: int) -> dict[int, ScimUser]:
    rows = session.scalars(select(ScimUser).where(ScimUser.workspace_id == workspace_id))
    return {r.user_id: r for r in rows}


def scim_user(session: Session, workspace_id: int, user_id: int) -> ScimUser | None:
    row = session.get(ScimUser, user_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def groups(session: Session, workspace_id: int) -> list[ScimGroup]:
    stmt = select(ScimGroup).where(ScimGroup.workspace_id == workspace_id).order_by(ScimGroup.id)
    return list(session.scalars(stmt))


def group(session: Session, workspace_id: int, group_id: int) -> ScimGroup | None:
    stmt = select(ScimGroup).where(ScimGroup.workspace_id == workspace_id, ScimGroup.id == group_id)
    return session.scalar(stmt)


def members(session: Session, workspace_id: int) -> dict[int, list[int]]:
    """Group id -> member user ids."""
    out: dict[int, list[int]] = defaultdict(list)
    stmt = select(ScimMember).where(ScimMember.workspace_id == workspace_id).order_by(ScimMember.user_id)
    for m in session.scalars(stmt):
        out[m.group_id].append(m.user_id)
    return out


def member_rows(session: Session, workspace_id: int, group_id: int) -> list[ScimMember]:
    stmt = select(ScimMember).where(ScimMember.workspace_id == workspace_id, ScimMember.group_id == group_id)
    return list(session.scalars(stmt))


def memberships_of(session: Session, workspace_id: int, user_id: int) -> list[ScimMember]:
    stmt = select(ScimMember).where(ScimMember.workspace_id == workspace_id, ScimMember.user_id == user_id)
    return list(session.scalars(stmt))


def settings(session: Session, workspace_id: int) -> ScimSettings | None:
    return session.get(ScimSettings, workspace_id)
