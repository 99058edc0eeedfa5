"""Two-factor service: the secret is sealed at rest, a code is accepted once per time step, a recovery code
once, and the code step shares the password throttle."""

from __future__ import annotations

import time

import pyotp
import pytest
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.core.errors import Invalid, TooMany
from steward.core.ratelimit import Tries
from steward.domains.users import service, signin, twofactor
from steward.domains.users.models import RecoveryCode, TwoFactor, User
from tests.factories import Tenant

KEY = "k" * 40


def _enrol(user_id: int) -> tuple[pyotp.TOTP, list[str]]:
    with unit_of_work() as s:
        user = s.get(User, user_id)
        assert user is not None
        enrol = twofactor.start_enrolment(session=s, user=user, key=KEY)
    totp = pyotp.TOTP(enrol.secret)
    with unit_of_work() as s:
        codes = twofactor.confirm_enrolment(session=s, user_id=user_id, code=totp.now(), key=KEY)
    return totp, codes


def _user_id(tenant: Tenant) -> int:
    with unit_of_work() as s:
        user = service.find_by_email(session=s, email=tenant.user_emails["csm"])
        assert user is not None
        return user.id


def _verify(user_id: int, code: str) -> str | None:
    with unit_of_work() as s:
        return twofactor.verify(session=s, user_id=user_id, code=code, key=KEY)


def test_the_secret_is_sealed_and_a_code_counts_once(tenant: Tenant) -> None:
    user_id = _user_id(tenant)
    totp, codes = _enrol(user_id)
    with unit_of_work() as s:
        row = s.get(TwoFactor, user_id)
        assert row is not None and row.enabled_at is not None and totp.secret not in row.secret_sealed
        digests = s.scalars(select(RecoveryCode.digest).where(RecoveryCode.user_id == user_id)).all()
    assert len(codes) == 10 == len(set(codes)) and not set(codes) & set(digests)
    assert _verify(user_id, totp.now()) is None  # the enrolment's code, same step: refused
    later = totp.at(time.time() + 30)
    assert _verify(user_id, later) == "code"
    assert _verify(user_id, later) is None
    assert _verify(user_id, "12345x") is None and _verify(user_id, "") is None


def test_a_recovery_code_works_once_and_switching_off_needs_a_code(tenant: Tenant) -> None:
    user_id = _user_id(tenant)
    _totp, codes = _enrol(user_id)
    assert _verify(user_id, codes[3].upper()) == "recovery code"
    assert _verify(user_id, codes[3]) is None
    with unit_of_work() as s:
        assert twofactor.recovery_codes_left(session=s, user_id=user_id) == 9
        with pytest.raises(Invalid, match="not a current or recovery code"):
            twofactor.disable(session=s, workspace_id=tenant.id, user_id=user_id, code="000000", key=KEY)
    with unit_of_work() as s:
        twofactor.disable(session=s, workspace_id=tenant.id, user_id=user_id, code=codes[0], key=KEY)
    with unit_of_work() as s:
        assert not twofactor.is_enabled(session=s, user_id=user_id)
        assert twofactor.recovery_codes_left(session=s, user_id=user_id) == 0


def test_wrong_codes_are_throttled_like_passwords(tenant: Tenant) -> None:
    user_id = _user_id(tenant)
    totp, _codes = _enrol(user_id)
    throttle = signin.LoginThrottle(Tries("test-2fa", shared=lambda: None))
    with unit_of_work() as s:
        person = service.find_by_email(session=s, email=tenant.user_emails["csm"])
        assert person is not None
        for _ in range(signin.ACCOUNT_FROM_ADDRESS.free):
            assert signin.second_step(
                session=s, user=person, code="000000", client="203.0.113.9", key=KEY, throttle=throttle
            ) is None  # fmt: skip
        with pytest.raises(TooMany):
            signin.second_step(
                session=s, user=person, code=totp.at(time.time() + 30), client="203.0.113.9", key=KEY,
                throttle=throttle,
            )  # fmt: skip
