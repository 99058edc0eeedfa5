"""Password sign-in, throttled before the password is checked: a refused try costs no argon2 hash.

Three counts, each with its own exponential back-off capped at five minutes, so nobody is locked out for
long: one account from one client address (tight: guessing one password), one client address over every
account (guessing many accounts' passwords), and one account from anywhere (loose: many addresses guessing
one password). A right password resets its own account-and-address count, so an attacker elsewhere cannot
lock the real user out beyond the loose account-wide cap."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from steward.core.errors import TooMany
from steward.core.ratelimit import Backoff, Tries, address_key
from steward.domains.users import service, twofactor
from steward.domains.users.models import User

ACCOUNT_FROM_ADDRESS = Backoff(free=5, first_wait=1, max_wait=300, forget=3600)
FROM_ADDRESS = Backoff(free=20, first_wait=1, max_wait=300, forget=3600)
ACCOUNT = Backoff(free=50, first_wait=1, max_wait=300, forget=3600)


class LoginThrottle:
    def __init__(self, tries: Tries | None = None) -> None:
        self.tries = tries or Tries("login")

    def admit(self, email: str, client: str) -> int | None:
        """None when this try may check a password (and is counted); else the seconds to wait."""
        return self.tries.admit(_rules(email, client))

    def succeeded(self, email: str, client: str) -> None:
        account, address = _keys(email, client)
        self.tries.reset(f"account-address:{account}:{address}")
        self.tries.undo(f"address:{address}", FROM_ADDRESS)  # a right try is no guess
        self.tries.undo(f"account:{account}", ACCOUNT)


THROTTLE = LoginThrottle()


def sign_in(
    *, session: Session, email: str, password: str, client: str, throttle: LoginThrottle = THROTTLE
) -> User | None:
    """The user these credentials name, or None; TooMany (with the wait) while this try is throttled."""
    wait = throttle.admit(email, client)
    if wait is not None:
        raise TooMany(f"too many sign-in attempts: try again in {wait} s", ("body", "password"), wait)
    # NUL cannot be stored or matched in PostgreSQL text: such an email can only be a failed login.
    user = (
        None
        if "\x00" in email
        else service.authenticate_password(session=session, email=email, password=password)
    )
    if user is not None:
        throttle.succeeded(email, client)
    return user


def _keys(email: str, client: str) -> tuple[str, str]:
    # A digest: no e-mail address is kept in Redis, and every spelling of one address is one account.
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return account, address_key(client)


def _rules(email: str, client: str) -> dict[str, Backoff]:
    account, address = _keys(email, client)
    return {
        f"account-address:{account}:{address}": ACCOUNT_FROM_ADDRESS,
        f"address:{address}": FROM_ADDRESS,
        f"account:{account}": ACCOUNT,
    }


def second_step(
    *, session: Session, user: User, code: str, client: str, key: str, throttle: LoginThrottle = THROTTLE
) -> str | None:
    """The code step after a right password, throttled with the same counts as passwords: how it passed
    ('code' or 'recovery code'), None for a wrong or reused code, TooMany while throttled."""
    wait = throttle.admit(user.email, client)
    if wait is not None:
        raise TooMany(f"too many sign-in attempts: try again in {wait} s", ("body", "code"), wait)
    passed = twofactor.verify(session=session, user_id=user.id, code=code[:100], key=key)
    if passed is not None:
        throttle.succeeded(user.email, client)
    return passed
