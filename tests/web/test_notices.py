"""A page's alert box shows only notices the server signed: text written into the URL by someone else is
dropped, a failed form's own message still shows after its redirect."""

from __future__ import annotations

import time
from urllib.parse import quote

from fastapi.testclient import TestClient

from steward.settings import get_settings
from steward.web.ui.notices import LIFETIME, Notices, notice
from steward.web.ui.session import SESSION_COOKIE
from tests.factories import Tenant, make_tenant
from tests.web.test_ui import _csrf, login

PHISH = "Your account is locked: call +1 555 0100"


def test_an_unsigned_notice_is_not_shown(app_client: TestClient, tenant: Tenant) -> None:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    for path in ("/renewals?error=", "/support/policies?error=", "/accounts/1?cta_error="):
        page = browser.get(path + quote(PHISH))
        assert PHISH not in page.text, path
    forged = browser.get("/renewals?error=" + quote("0" * 24 + "." + PHISH))
    assert PHISH not in forged.text
    assert PHISH not in browser.get("/renewals?%65rror=" + quote(PHISH)).text  # an encoded name is the same
    assert browser.get("/renewals?error=" + quote("é." + PHISH)).status_code == 200
    own = notice("Pick a date after today", viewer=browser.cookies[SESSION_COOKIE])
    assert "Pick a date after today" in browser.get("/renewals?error=" + quote(own)).text


def test_a_notice_shows_only_to_its_session_and_not_for_long(app_client: TestClient, tenant: Tenant) -> None:
    """A form error may quote the sender's own input: the link it makes must not carry that text to
    another user (a phishing link signed by the server) nor stay valid."""
    mallory = login(TestClient(app_client.app), make_tenant("Mallory Inc").user_emails["admin"])
    victim = login(TestClient(app_client.app), tenant.user_emails["admin"])
    minted = notice(PHISH, viewer=mallory.cookies[SESSION_COOKIE])
    assert PHISH in mallory.get("/renewals?error=" + quote(minted)).text
    assert PHISH not in victim.get("/renewals?error=" + quote(minted)).text
    assert PHISH not in TestClient(app_client.app).get("/login?error=" + quote(minted)).text
    signer = Notices(secret=get_settings().secret_key)
    stale = signer.sign(PHISH, viewer=mallory.cookies[SESSION_COOKIE], now=time.time() - LIFETIME - 60)
    assert PHISH not in mallory.get("/renewals?error=" + quote(stale)).text


def test_a_failed_form_still_shows_its_message(app_client: TestClient, tenant: Tenant) -> None:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/support/policies")
    sent = browser.post(
        "/support/policies", data={"csrf_token": _csrf(page.text), "name": ""}, follow_redirects=False
    )
    assert sent.status_code == 303 and "error=" in sent.headers["location"]
    shown = browser.get(sent.headers["location"])
    assert 'role="alert"' in shown.text
