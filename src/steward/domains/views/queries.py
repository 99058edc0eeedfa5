"""Reads of saved views, always scoped to one workspace and one user."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.domains.views.models import SavedView


def owned(session: Session, workspace_id: int, user_id: int, view_id: int) -> SavedView | None:
    return session.scalars(
        select(SavedView).where(
            SavedView.id == view_id, SavedView.workspace_id == workspace_id, SavedView.user_id == user_id
        )
    ).first()


def by_name(session: Session, workspace_id: int, user_id: int, list_name: str, name: str) -> SavedView | None:
    return session.scalars(
        select(SavedView).where(
            SavedView.workspace_id == workspace_id,
            SavedView.user_id == user_id,
            SavedView.list_name == list_name,
            SavedView.name == name,
        )
    ).first()


def of_list(session: Session, workspace_id: int, user_id: int, list_name: str) -> list[SavedView]:
    return list(
        session.scalars(
            select(SavedView)
            .where(
                SavedView.workspace_id == workspace_id,
                SavedView.user_id == user_id,
                SavedView.list_name == list_name,
            )
            .order_by(func.lower(SavedView.name), SavedView.id)
        )
    )


def count(session: Session, workspace_id: int, user_id: int, list_name: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(SavedView)
            .where(
                SavedView.workspace_id == workspace_id,
                SavedView.user_id == user_id,
                SavedView.list_name == list_name,
            )
        )
        or 0
    )


def of_user(session: Session, workspace_id: int, user_id: int) -> list[SavedView]:
    return list(
        session.scalars(
            select(SavedView)
            .where(SavedView.workspace_id == workspace_id, SavedView.user_id == user_id)
            .order_by(SavedView.list_name, func.lower(SavedView.name), SavedView.id)
        )
    )
