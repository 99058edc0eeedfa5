"""Writes and checks for users, API keys and browser sessions."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from steward.core.db import serialize, utcnow, write_if_free
from steward.core.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from steward.core.roles import Role
from steward.core.security import hash_password, new_token, token_digest, verify_password
from steward.domains.users import queries
from steward.domains.users.models import ApiKey, User, WebSession
from steward.domains.users.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    LanguageChoice,
    Principal,
    UserCreate,
    UserUpdate,
)
from steward.domains.users.scopes import allows, needed_scope

# Verifying against a real hash when the user is unknown keeps login timing uniform.
_DUMMY_HASH = hash_password(secrets.token_hex(16))


def create_user(*, session: Session, workspace_id: int, data: UserCreate) -> User:
    if queries.user_by_email(session, data.email) is not None:
        raise Conflict(f"a user with email {data.email} already exists", ("body", "email"))
    user = User(
        workspace_id=workspace_id,
        email=data.email,
        name=data.name,
        role=data.role.value,
        time_zone=data.time_zone,
        password_hash=hash_password(data.password) if data.password else None,
    )
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, workspace_id: int, user_id: int) -> User:
    user = queries.user_in_workspace(session, workspace_id, user_id)
    if user is None:
        raise NotFound("user", user_id)
    return user


def update_user(*, session: Session, workspace_id: int, user_id: int, data: UserUpdate) -> User:
    """Rename, change the role of or (de)activate a user; the last active admin cannot be demoted or
    deactivated, or nobody could administer the workspace through the product any more."""
    if data.role is not None or data.is_active is not None:
        # Before the count: two admins removed at once both saw another admin left (docs/concurrency.md)
        serialize(session, f"workspace-admins:{workspace_id}")
    user = get_user(session=session, workspace_id=workspace_id, user_id=user_id)
    session.refresh(user)  # it may have been loaded (as the caller) before the lock
    demoted = data.role is not None and data.role is not Role.admin
    loses_admin = user.role == Role.admin.value and user.is_active and (demoted or data.is_active is False)
    if loses_admin and queries.active_admin_count(session, workspace_id) <= 1:
        loc = ("body", "role") if demoted else ("body", "is_active")
        raise Conflict("this is the workspace's last active admin", loc)
    if data.name is not None:
        user.name = data.name
    if data.role is not None:
        user.role = data.role.value
    if data.is_active is not None:
        if user.is_active and not data.is_active:
            _cut_off(session, user)
        user.is_active = data.is_active
    session.flush()
    return user


def set_language(*, session: Session, workspace_id: int, user_id: int, data: LanguageChoice) -> User:
    """A user's own UI language; an empty choice goes back to following the browser."""
    user = get_user(session=session, workspace_id=workspace_id, user_id=user_id)
    user.language = data.language or None
    session.flush()
    return user


def _cut_off(session: Session, user: User) -> None:
    """A deactivated user's browsers are signed out and the keys they own revoked, at once."""
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    now = utcnow()
    for key in queries.api_keys_owned_by(session, user.workspace_id, user.id):
        if key.revoked_at is None:
            key.revoked_at = now


def set_email(*, session: Session, workspace_id: int, user_id: int, email: str) -> User:
    """Change the sign-in address; Conflict when another user (of any workspace) has it."""
    user = get_user(session=session, workspace_id=workspace_id, user_id=user_id)
    email = email.strip().lower()
    if email != user.email:
        if queries.user_by_email(session, email) is not None:
            raise Conflict(f"a user with email {email} already exists", ("body", "email"))
        user.email = email
        session.flush()
    return user


def email_taken(*, session: Session, email: str) -> bool:
    return queries.user_by_email(session, email.strip().lower()) is not None


def require_users(
    *, session: Session, workspace_id: int, ids: Sequence[int | None], loc: tuple[str | int, ...]
) -> None:
    """Refuse ids (None is skipped) that are no user of this workspace, naming the first."""
    wanted = [i for i in ids if i is not None]
    known = known_user_ids(session=session, workspace_id=workspace_id, ids=wanted)
    missing = [i for i in wanted if i not in known]
    if missing:
        raise Invalid(f"no user with id {missing[0]} in this workspace", loc)


def find_by_email(*, session: Session, email: str) -> User | None:
    return None if "\x00" in email else queries.user_by_email(session, email)


def list_users(*, session: Session, workspace_id: int) -> list[User]:
    return queries.users(session, workspace_id)


def authenticate_password(*, session: Session, email: str, password: str) -> User | None:
    user = queries.user_by_email(session, email)
    if user is None or not user.is_active or user.password_hash is None:
        verify_password(_DUMMY_HASH, password)
        return None
    return user if verify_password(user.password_hash, password) else None


def create_api_key(*, session: Session, workspace_id: int, data: ApiKeyCreate) -> ApiKeyCreated:
    if data.owner_id is not None:
        require_users(
            session=session, workspace_id=workspace_id, ids=[data.owner_id], loc=("body", "owner_id")
        )
    key = new_token("stw", 32)
    row = ApiKey(
        workspace_id=workspace_id,
        name=data.name,
        role=data.role.value,
        prefix=key[:10],
        digest=token_digest(key),
        scopes=list(data.scopes),
        expires_at=data.expires_at,
        owner_id=data.owner_id,
    )
    session.add(row)
    session.flush()
    return ApiKeyCreated.model_validate({**_api_key_fields(row), "key": key})


API_KEY_FIELDS = (
    "id", "name", "role", "prefix", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at",
    "owner_id",
)  # fmt: skip


def _api_key_fields(row: ApiKey) -> dict[str, object]:
    return {c: getattr(row, c) for c in API_KEY_FIELDS}


def revoke_api_key(*, session: Session, workspace_id: int, key_id: int) -> None:
    for row in queries.api_keys(session, workspace_id):
        if row.id == key_id:
            row.revoked_at = utcnow()
            session.flush()
            return
    raise NotFound("api key", key_id)


def principal_for_api_key(*, session: Session, key: str) -> Principal | None:
    """The caller behind a key, None when no key has this digest; Unauthorized, saying why, when the key was
    revoked or has expired (checked in the database on every request, so at once on every process)."""
    row = queries.api_key_by_digest(session, token_digest(key))
    if row is None:
        return None
    now = utcnow()
    if row.revoked_at is not None:
        raise Unauthorized(f"the API key was revoked at {row.revoked_at.isoformat(timespec='seconds')}")
    if row.expires_at is not None and row.expires_at <= now:
        raise Unauthorized(f"the API key expired at {row.expires_at.isoformat(timespec='seconds')}")
    if row.owner_id is not None and not queries.is_active_user(session, row.owner_id):
        raise Unauthorized("the API key's owner is deactivated")
    # Touch at most once a minute so reads do not turn every request into a write; best effort.
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        write_if_free(update(ApiKey).where(ApiKey.id == row.id).values(last_used_at=now))
    return Principal(
        workspace_id=row.workspace_id, role=Role(row.role), user_id=None, name=row.name, key_id=row.id,
        scopes=tuple(row.scopes), owner_id=row.owner_id,
    )  # fmt: skip


def require_scope(*, principal: Principal, method: str, path: str) -> None:
    """Forbidden, naming the scope, when the key may not make this request."""
    area, access = needed_scope(method, path)
    if not allows(list(principal.scopes), area, access):
        wanted = f"{area}:{access} (or {access})" if area else access
        raise Forbidden(f"this API key's scopes ({', '.join(principal.scopes)}) do not include {wanted}")


def intake_workspace(*, session: Session, key: str) -> int | None:
    """The workspace an API key may send events to at the Segment-compatible intake, None for no key."""
    principal = principal_for_api_key(session=session, key=key)
    if principal is None:
        return None
    require_scope(principal=principal, method="POST", path="/v1/batch")
    return principal.workspace_id


def start_web_session(
    *, session: Session, user: User, max_age_seconds: int, user_agent: str = "", method: str = "password"
) -> tuple[str, str]:
    """Returns (cookie token, csrf token); only the cookie token's digest is stored."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        WebSession(
            user_id=user.id,
            digest=token_digest(token),
            csrf_token=csrf,
            user_agent=user_agent[:300],
            method=method,
            last_used_at=now,
            expires_at=now + timedelta(seconds=max_age_seconds),
        )
    )
    session.flush()
    return token, csrf


def resolve_web_session(*, session: Session, token: str) -> tuple[User, WebSession] | None:
    """The user and browser session behind a session cookie, or None when unknown (revoked), expired or
    disabled: looked up on every request, so a revocation takes effect at once."""
    found = queries.web_session_by_digest(session, token_digest(token))
    if found is None:
        return None
    web_session, user = found
    now = utcnow()
    if web_session.expires_at < now or not user.is_active:
        return None
    # Touch at most once a minute so page views do not turn every request into a write; best effort: a busy
    # database skips it rather than fail the page (write_if_free).
    if web_session.last_used_at is None or now - web_session.last_used_at > timedelta(minutes=1):
        write_if_free(update(WebSession).where(WebSession.id == web_session.id).values(last_used_at=now))
    return user, web_session


def list_web_sessions(*, session: Session, workspace_id: int, user_id: int) -> list[WebSession]:
    get_user(session=session, workspace_id=workspace_id, user_id=user_id)  # another workspace's: not found
    return queries.web_sessions_of(session, workspace_id, user_id, utcnow())


def revoke_web_session(
    *, session: Session, workspace_id: int, session_id: int, only_of_user: int | None = None
) -> WebSession:
    """Sign a browser out at once. With `only_of_user`, only that user's own sessions are found (a user
    revoking theirs); without it any session of the workspace (an admin)."""
    row = queries.web_session_in_workspace(session, workspace_id, session_id)
    if row is None or (only_of_user is not None and row.user_id != only_of_user):
        raise NotFound("session", session_id)
    session.delete(row)
    session.flush()
    return row


def end_web_session(*, session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.digest == token_digest(token)))
    session.flush()


def resolve_owner_emails(*, session: Session, workspace_id: int, emails: list[str]) -> dict[str, int]:
    """Lower-cased email -> user id, for the emails that belong to users of this workspace."""
    return queries.ids_by_email(session, workspace_id, sorted({e.strip().lower() for e in emails}))


def known_user_ids(*, session: Session, workspace_id: int, ids: list[int]) -> set[int]:
    return queries.existing_user_ids(session, workspace_id, sorted(set(ids)))


def emails_by_id(*, session: Session, workspace_id: int, ids: Collection[int]) -> dict[int, tuple[str, str]]:
    """User id -> (name, e-mail) for the users of this workspace among these ids."""
    return {u.id: (u.name, u.email) for u in queries.users(session, workspace_id) if u.id in set(ids)}


def names_by_id(*, session: Session, workspace_id: int, ids: list[int]) -> dict[int, str]:
    return queries.names_by_id(session, workspace_id, ids)
