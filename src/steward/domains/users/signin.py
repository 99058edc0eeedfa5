"""Password sign-in, throttled before the password is checked: a refused try costs no argon2 hash.

Three counts, each with its own exponential back-off capped at five minutes: one account from one client
address (tight: guessing one password), one client address over every account (guessing many accounts'
passwords), and one account from anywhere (loose: many addresses guessing one password). A right password
resets its own account-and-address count.

The account-wide count would let an attacker keep a real user out for good (one wrong try every few minutes
from anywhere), so a browser that has signed in to the account before carries a device cookie for it
(OWASP's "device cookies"): its tries are counted per device instead of against the account-wide count, so
the real user's own browser stays free while strangers are throttled."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session

from steward.core.errors import TooMany
from steward.core.ratelimit import Backoff, Tries, address_key
from steward.domains.users import service, twofactor
from steward.domains.users.models import User

ACCOUNT_FROM_ADDRESS = Backoff(free=5, first_wait=1, max_wait=300, forget=3600)
FROM_ADDRESS = Backoff(free=20, first_wait=1, max_wait=300, forget=3600)
ACCOUNT = Backoff(free=50, first_wait=1, max_wait=300, forget=3600)
DEVICE_COOKIE = "steward_device"  # set by the sign-in pages once a browser has signed in to an account


class LoginThrottle:
    def __init__(self, tries: Tries | None = None) -> None:
        self.tries = tries or Tries("login")

    def admit(self, email: str, client: str, device: str | None = None) -> int | None:
        """None when this try may check a password (and is counted); else the seconds to wait. `device` is
        the id of a device cookie already verified for this account (see `device_of`)."""
        return self.tries.admit(_rules(email, client, device))

    def succeeded(self, email: str, client: str, device: str | None = None) -> None:
        account, address = _keys(email, client)
        self.tries.reset(f"account-address:{account}:{address}")
        self.tries.undo(f"address:{address}", FROM_ADDRESS)  # a right try is no guess
        if device is None:
            self.tries.undo(f"account:{account}", ACCOUNT)
        else:
            self.tries.reset(f"device:{device}")


THROTTLE = LoginThrottle()


def new_device_cookie(email: str, secret: str) -> str:
    """The device cookie a browser gets once it has signed in to this account: an id and its keyed mac."""
    device = secrets.token_urlsafe(12)
    return f"{device}.{_device_mac(device, email, secret)}"


def device_of(cookie: str, email: str, secret: str) -> str | None:
    """The device id when `cookie` was given to a browser signed in to this account, else None."""
    device, _, mac = cookie.partition(".")
    if not device or len(cookie) > 200:
        return None
    return device if hmac.compare_digest(mac, _device_mac(device, email, secret)) else None


def _device_mac(device: str, email: str, secret: str) -> str:
    key = hashlib.sha256(b"steward-device:" + secret.encode()).digest()
    return hmac.new(key, f"{_keys(email, '')[0]}|{device}".encode(), hashlib.sha256).hexdigest()[:32]


def sign_in(
    *, session: Session, email: str, password: str, client: str, device: str | None = None,
    throttle: LoginThrottle = THROTTLE,
) -> User | None:  # fmt: skip
    """The user these credentials name, or None; TooMany (with the wait) while this try is throttled."""
    wait = throttle.admit(email, client, device)
    if wait is not None:
        raise TooMany(f"too many sign-in attempts: try again in {wait} s", ("body", "password"), wait)
    # NUL cannot be stored or matched in PostgreSQL text: such an email can only be a failed login.
    user = (
        None
        if "\x00" in email
        else service.authenticate_password(session=session, email=email, password=password)
    )
    if user is not None:
        throttle.succeeded(email, client, device)
    return user


def _keys(email: str, client: str) -> tuple[str, str]:
    # A digest: no e-mail address is kept in Redis, and every spelling of one address is one account.
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return account, address_key(client)


def _rules(email: str, client: str, device: str | None) -> dict[str, Backoff]:
    account, address = _keys(email, client)
    rules = {f"account-address:{account}:{address}": ACCOUNT_FROM_ADDRESS, f"address:{address}": FROM_ADDRESS}
    if device is None:
        rules[f"account:{account}"] = ACCOUNT
    else:  # a browser that signed in here before: throttled on its own, not by strangers' tries
        rules[f"device:{device}"] = ACCOUNT_FROM_ADDRESS
    return rules


def second_step(
    *, session: Session, user: User, code: str, client: str, key: str, device: str | None = None,
    throttle: LoginThrottle = THROTTLE,
) -> str | None:  # fmt: skip
    """The code step after a right password, throttled with the same counts as passwords: how it passed
    ('code' or 'recovery code'), None for a wrong or reused code, TooMany while throttled."""
    wait = throttle.admit(user.email, client, device)
    if wait is not None:
        raise TooMany(f"too many sign-in attempts: try again in {wait} s", ("body", "code"), wait)
    passed = twofactor.verify(session=session, user_id=user.id, code=code[:100], key=key)
    if passed is not None:
        throttle.succeeded(user.email, client, device)
    return passed
