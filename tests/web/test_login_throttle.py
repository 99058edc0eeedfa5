"""Wrong passwords at the real login route are throttled per account and address, per address and per
account, with a doubling wait; a refused try answers 429 with Retry-After and computes no argon2 hash."""

from __future__ import annotations

import itertools
import re

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from steward.core import security
from steward.domains.users import signin
from tests.factories import PASSWORD, Tenant

_hosts = itertools.count(1)


def _address() -> str:
    """A client address no other test uses (the login counts live as long as the app)."""
    n = next(_hosts)
    return f"198.18.{n // 250}.{n % 250 + 1}"


class _Browser:
    """One client address with its own cookies, trying passwords at /login."""

    def __init__(self, app_client: TestClient, address: str | None = None) -> None:
        self.client = TestClient(app_client.app, client=(address or _address(), 50000))
        self.token = _csrf(self.client.get("/login").text)

    def login(self, email: str, password: str) -> httpx.Response:
        r = self.client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": self.token},
            follow_redirects=False,
        )
        # Each login page sets a new form token; a sign-in drops it.
        self.token = _csrf((self.client.get("/login") if r.status_code == 303 else r).text)
        return r


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


@pytest.fixture
def argon2_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 verification the app computes, counted on the way to the real hasher."""
    checks: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checks.append(str(password))
            return super().verify(hash, password)

    monkeypatch.setattr(security, "_hasher", Counting())
    return checks


def test_a_burst_of_wrong_passwords_gets_429_without_hashing(
    app_client: TestClient, tenant: Tenant, argon2_checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The throttle's clock moves 0.1 s a try, as a fast burst would, however slow this machine runs.
    now = [signin.THROTTLE.tries.clock()]
    monkeypatch.setattr(signin.THROTTLE.tries, "clock", lambda: now[0])
    email = tenant.user_emails["admin"]
    attacker = _Browser(app_client)
    answers = []
    for n in range(40):
        answers.append(attacker.login(email, f"guess {n}"))
        now[0] += 0.1
    codes = [r.status_code for r in answers]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    refused = answers[5]
    assert refused.headers["retry-after"] == "1"
    assert "Too many failed sign-ins" in refused.text and "wait 1 second and" in refused.text
    # Each further allowed try doubles the wait, so a burst gets a handful through (162 a minute before).
    assert codes.count(401) <= 7 and set(codes) == {401, 429}
    assert all(1 <= int(r.headers["retry-after"]) <= 300 for r in answers if r.status_code == 429)
    assert len(argon2_checks) == codes.count(401)  # refused tries hashed nothing
    assert attacker.login(email, PASSWORD).status_code == 429  # not even the right one is checked now
    assert len(argon2_checks) == codes.count(401)


def test_the_right_password_from_another_address_works_meanwhile(
    app_client: TestClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The throttle's clock stands still: on a loaded machine the 1 s first wait could run out between tries.
    now = signin.THROTTLE.tries.clock()
    monkeypatch.setattr(signin.THROTTLE.tries, "clock", lambda: now)
    email = tenant.user_emails["admin"]
    attacker = _Browser(app_client)
    codes = [attacker.login(email, "guess").status_code for _ in range(6)]
    assert codes[-1] == 429
    r = _Browser(app_client).login(email, PASSWORD)
    assert r.status_code == 303 and "steward_session" in r.cookies
    assert attacker.login(email, "guess").status_code == 429


def test_the_wait_runs_out_and_a_right_password_resets_the_count(
    app_client: TestClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The throttle's clock moves only when the test says, so a slow try cannot use up a wait.
    now = [signin.THROTTLE.tries.clock()]
    monkeypatch.setattr(signin.THROTTLE.tries, "clock", lambda: now[0])
    email = tenant.user_emails["admin"]
    user = _Browser(app_client)
    assert [user.login(email, "typo").status_code for _ in range(5)] == [401] * 5
    refused = user.login(email, "typo")
    assert refused.status_code == 429
    now[0] += int(refused.headers["retry-after"])
    assert user.login(email, "typo").status_code == 401  # allowed again, and the next wait doubles
    refused = user.login(email, "typo")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "2"
    now[0] += 2
    assert user.login(email, PASSWORD).status_code == 303
    assert user.login(email, "typo").status_code == 401  # the count started again


def test_one_address_guessing_many_accounts_is_throttled(
    app_client: TestClient, tenant: Tenant, argon2_checks: list[str]
) -> None:
    sprayer = _Browser(app_client)
    codes = [sprayer.login(f"nobody{n}@example.org", "Summer2026!").status_code for n in range(21)]
    assert codes == [401] * 20 + [429]
    assert len(argon2_checks) == 20
    assert sprayer.login(tenant.user_emails["admin"], PASSWORD).status_code == 429
    assert _Browser(app_client).login(tenant.user_emails["admin"], PASSWORD).status_code == 303
