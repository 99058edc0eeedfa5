"""Two-factor sign-in (TOTP, RFC 6238): enrolment, code and recovery-code checks, switching off, and the
workspace rule that every user must have it. Secrets are sealed with the app key; recovery codes kept as
HMAC digests. A code is accepted once: the accepted time step is stored and a step not newer is refused."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import pyotp
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from steward.core import secretbox
from steward.core.db import utcnow
from steward.core.errors import Conflict, Invalid
from steward.domains.users import service
from steward.domains.users.models import RecoveryCode, TwoFactor, User
from steward.domains.workspaces import service as workspaces_service

PURPOSE = "two-factor-totp"
ISSUER = "Steward"
RECOVERY_CODES = 10
REQUIRE_SETTING = "require_two_factor"


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str


def _code_digest(user_id: int, code: str, key: str) -> str:
    # Keyed, so a stolen table alone does not let anyone test guesses offline.
    normal = code.strip().replace("-", "").replace(" ", "").lower()
    return hmac.new(key.encode(), f"{user_id}:{normal}".encode(), hashlib.sha256).hexdigest()


def _row(session: Session, user_id: int) -> TwoFactor | None:
    return session.get(TwoFactor, user_id)


def is_enabled(*, session: Session, user_id: int) -> bool:
    row = _row(session, user_id)
    return row is not None and row.enabled_at is not None


def workspace_requires(*, session: Session, workspace_id: int) -> bool:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    return bool((ws.settings or {}).get(REQUIRE_SETTING, False))


def set_workspace_requirement(*, session: Session, workspace_id: int, required: bool) -> None:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), REQUIRE_SETTING: required}  # a new dict, so the change is seen
    session.flush()


def start_enrolment(*, session: Session, user: User, key: str) -> Enrolment:
    """A fresh secret, replacing any unconfirmed one; Conflict while two-factor sign-in is on."""
    row = _row(session, user.id)
    if row is not None and row.enabled_at is not None:
        raise Conflict("two-factor sign-in is already on; switch it off first", ("body",))
    secret = pyotp.random_base32()
    sealed = secretbox.seal(secret, secret=key, purpose=PURPOSE)
    if row is None:
        session.add(TwoFactor(user_id=user.id, secret_sealed=sealed))
    else:
        row.secret_sealed, row.last_step = sealed, None
    session.flush()
    return Enrolment(secret, pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER))


def confirm_enrolment(*, session: Session, user_id: int, code: str, key: str) -> list[str]:
    """Switch two-factor on with a current code; returns the recovery codes, shown once."""
    row = _row(session, user_id)
    if row is None or row.enabled_at is not None:
        raise Conflict("no two-factor enrolment is under way; start again", ("body", "code"))
    if not _accept_totp(session, row, code, key):
        raise Invalid("that code is not the current one from your authenticator app", ("body", "code"))
    row.enabled_at = utcnow()
    return _new_recovery_codes(session, user_id, key)


def _new_recovery_codes(session: Session, user_id: int, key: str) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user_id, digest=_code_digest(user_id, c, key)) for c in codes)
    session.flush()
    return codes


def _accept_totp(session: Session, row: TwoFactor, code: str, key: str) -> bool:
    """True once per time step: the step is claimed in one conditional UPDATE, so two requests racing with
    the same code cannot both pass."""
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(secretbox.unseal(row.secret_sealed, secret=key, purpose=PURPOSE))
    now = utcnow()
    for drift in (0, -1, 1):  # one step either side, for clocks a little apart
        step = totp.timecode(now) + drift
        if hmac.compare_digest(totp.generate_otp(step), code):
            claimed = session.execute(
                update(TwoFactor)
                .where(TwoFactor.user_id == row.user_id)
                .where(or_(TwoFactor.last_step.is_(None), TwoFactor.last_step < step))
                .values(last_step=step)
                .execution_options(synchronize_session=False)
            )
            session.expire(row)
            return bool(getattr(claimed, "rowcount", 0) == 1)
    return False


def verify(*, session: Session, user_id: int, code: str, key: str) -> str | None:
    """How the second step passed ('code' or 'recovery code'), or None for a wrong or reused code."""
    row = _row(session, user_id)
    if row is None or row.enabled_at is None:
        return None
    if _accept_totp(session, row, code, key):
        return "code"
    gone = session.execute(
        delete(RecoveryCode)
        .where(RecoveryCode.user_id == user_id)
        .where(RecoveryCode.digest == _code_digest(user_id, code, key))
        .execution_options(synchronize_session=False)
    )
    return "recovery code" if getattr(gone, "rowcount", 0) == 1 else None


def recovery_codes_left(*, session: Session, user_id: int) -> int:
    return len(session.scalars(select(RecoveryCode.id).where(RecoveryCode.user_id == user_id)).all())


def disable(*, session: Session, workspace_id: int, user_id: int, code: str, key: str) -> None:
    """The user switches two-factor off, proving it with a current code (or a recovery code); not while
    their workspace requires it."""
    if workspace_requires(session=session, workspace_id=workspace_id):
        raise Conflict("your workspace requires two-factor sign-in", ("body", "code"))
    if verify(session=session, user_id=user_id, code=code, key=key) is None:
        raise Invalid("that code is not a current or recovery code of yours", ("body", "code"))
    _remove(session, user_id)


def reset(*, session: Session, workspace_id: int, user_id: int) -> User:
    """An admin removes another user's second factor (lost phone); NotFound outside the workspace."""
    user = service.get_user(session=session, workspace_id=workspace_id, user_id=user_id)
    if _row(session, user.id) is None:
        raise Conflict("this user has no two-factor sign-in to reset", ("path", "user_id"))
    _remove(session, user.id)
    return user


def _remove(session: Session, user_id: int) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.execute(delete(TwoFactor).where(TwoFactor.user_id == user_id))
    session.flush()


def enrolment(*, session: Session, user: User, key: str, fresh: bool = False) -> Enrolment:
    """The unconfirmed enrolment under way (so a mistyped code can be tried again), or a new one."""
    row = _row(session, user.id)
    if fresh or row is None or row.enabled_at is not None:
        return start_enrolment(session=session, user=user, key=key)
    secret = secretbox.unseal(row.secret_sealed, secret=key, purpose=PURPOSE)
    return Enrolment(secret, pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER))


def enabled_user_ids(*, session: Session, workspace_id: int) -> set[int]:
    rows = session.scalars(
        select(TwoFactor.user_id)
        .join(User, User.id == TwoFactor.user_id)
        .where(User.workspace_id == workspace_id, TwoFactor.enabled_at.is_not(None))
    )
    return set(rows)
