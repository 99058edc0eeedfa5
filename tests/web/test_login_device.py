"""A stranger's wrong passwords cannot keep the real user out: once the account-wide count is spent, a
browser that signed in to the account before (its device cookie) still signs in, and nobody else does."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from steward.domains.users import signin
from steward.settings import get_settings
from tests.factories import PASSWORD, Tenant
from tests.web.test_login_throttle import _Browser


def _spend_the_account_count(email: str) -> None:
    """What many addresses guessing one password leave behind, without hashing a password each time."""
    account = signin._keys(email, "")[0]
    rule = {f"account:{account}": signin.ACCOUNT}
    for _ in range(signin.ACCOUNT.free):
        assert signin.THROTTLE.tries.admit(rule) is None
    assert signin.THROTTLE.tries.admit(rule) is not None


def test_a_known_browser_signs_in_while_strangers_are_throttled(
    app_client: TestClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = signin.THROTTLE.tries.clock()  # still: the waits must not run out on a loaded machine
    monkeypatch.setattr(signin.THROTTLE.tries, "clock", lambda: now)
    email = tenant.user_emails["admin"]
    own = _Browser(app_client)
    assert own.login(email, PASSWORD).status_code == 303
    assert own.client.cookies.get(signin.DEVICE_COOKIE)
    _spend_the_account_count(email)
    assert _Browser(app_client).login(email, PASSWORD).status_code == 429  # a stranger, even right
    own.client.cookies.delete("steward_session")
    assert own.login(email, PASSWORD).status_code == 303  # the user's own browser is not locked out

    forged = _Browser(app_client)
    forged.client.cookies.set(signin.DEVICE_COOKIE, "abc." + "0" * 32)
    assert forged.login(email, PASSWORD).status_code == 429
    elsewhere = _Browser(app_client)  # a device cookie of another account does not carry over
    elsewhere.client.cookies.set(
        signin.DEVICE_COOKIE, signin.new_device_cookie("someone@example.org", get_settings().secret_key)
    )
    assert elsewhere.login(email, PASSWORD).status_code == 429


def test_a_known_browser_guessing_is_throttled_on_its_own(
    app_client: TestClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = signin.THROTTLE.tries.clock()
    monkeypatch.setattr(signin.THROTTLE.tries, "clock", lambda: now)
    email = tenant.user_emails["admin"]
    own = _Browser(app_client)
    assert own.login(email, PASSWORD).status_code == 303
    own.client.cookies.delete("steward_session")
    codes = [own.login(email, "guess").status_code for _ in range(signin.ACCOUNT_FROM_ADDRESS.free + 1)]
    assert codes[-1] == 429 and codes[:-1] == [401] * signin.ACCOUNT_FROM_ADDRESS.free
