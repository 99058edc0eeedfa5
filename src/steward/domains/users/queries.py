"""Read side of users, API keys and sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.domains.users.models import ApiKey, User, WebSession


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def user_in_workspace(session: Session, workspace_id: int, user_id: int) -> User | None:
    return session.scalar(select(User).where(User.workspace_id == workspace_id, User.id == user_id))


def users(session: Session, workspace_id: int) -> list[User]:
    return list(session.scalars(select(User).where(User.workspace_id == workspace_id).order_by(User.name)))


def active_admin_count(session: Session, workspace_id: int) -> int:
    stmt = select(func.count()).where(
        User.workspace_id == workspace_id, User.role == "admin", User.is_active.is_(True)
    )
    return session.scalar(stmt) or 0


def api_key_by_digest(session: Session, digest: str) -> ApiKey | None:
    return session.scalar(select(ApiKey).where(ApiKey.digest == digest))


def api_keys_owned_by(session: Session, workspace_id: int, user_id: int) -> list[ApiKey]:
    stmt = select(ApiKey).where(ApiKey.workspace_id == workspace_id, ApiKey.owner_id == user_id)
    return list(session.scalars(stmt))


def is_active_user(session: Session, user_id: int) -> bool:
    return bool(session.scalar(select(User.is_active).where(User.id == user_id)))


def api_keys(session: Session, workspace_id: int) -> list[ApiKey]:
    return list(
        session.scalars(select(ApiKey).where(ApiKey.workspace_id == workspace_id).order_by(ApiKey.id))
    )


def web_session_by_digest(session: Session, digest: str) -> tuple[WebSession, User] | None:
    row = session.execute(
        select(WebSession, User).join(User, User.id == WebSession.user_id).where(WebSession.digest == digest)
    ).first()
    return (row[0], row[1]) if row else None


def web_sessions_of(session: Session, workspace_id: int, user_id: int, now: datetime) -> list[WebSession]:
    stmt = (
        select(WebSession)
        .join(User, User.id == WebSession.user_id)
        .where(User.workspace_id == workspace_id, User.id == user_id, WebSession.expires_at > now)
        .order_by(WebSession.id.desc())
    )
    return list(session.scalars(stmt))


def web_session_in_workspace(session: Session, workspace_id: int, session_id: int) -> WebSession | None:
    stmt = (
        select(WebSession)
        .join(User, User.id == WebSession.user_id)
        .where(User.workspace_id == workspace_id, WebSession.id == session_id)
    )
    return session.scalar(stmt)


def ids_by_email(session: Session, workspace_id: int, emails: list[str]) -> dict[str, int]:
    if not emails:
        return {}
    rows = session.execute(
        select(User.email, User.id).where(User.workspace_id == workspace_id, User.email.in_(emails))
    )
    return {email: id_ for email, id_ in rows}


def existing_user_ids(session: Session, workspace_id: int, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(session.scalars(select(User.id).where(User.workspace_id == workspace_id, User.id.in_(ids))))


def names_by_id(session: Session, workspace_id: int, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(User.id, User.name).where(User.workspace_id == workspace_id, User.id.in_(ids))
    )
    return {id_: name for id_, name in rows}
