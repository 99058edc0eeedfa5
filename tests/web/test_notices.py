"""A page's alert box shows only notices the server signed: text written into the URL by someone else is
dropped, a failed form's own message still shows after its redirect."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient

from steward.web.ui.notices import notice
from tests.factories import Tenant
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
    signed = browser.get("/renewals?error=" + quote(notice("Pick a date after today")))
    assert "Pick a date after today" in signed.text


def test_a_failed_form_still_shows_its_message(app_client: TestClient, tenant: Tenant) -> None:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/support/policies")
    sent = browser.post(
        "/support/policies", data={"csrf_token": _csrf(page.text), "name": ""}, follow_redirects=False
    )
    assert sent.status_code == 303 and "error=" in sent.headers["location"]
    shown = browser.get(sent.headers["location"])
    assert 'role="alert"' in shown.text
