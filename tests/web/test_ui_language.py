"""Each staff user's UI language: chosen on their own account page through a CSRF-checked form, stored on the
user (empty follows the browser again), checked against the nine supported languages."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response

from steward.core.db import unit_of_work
from steward.domains.users import service as users_service
from tests.factories import Tenant, assert_error, make_tenant
from tests.web.test_ui import _csrf, login


def _language_of(email: str) -> str | None:
    with unit_of_work() as s:
        found = users_service.find_by_email(session=s, email=email)
        assert found is not None
        return found.language


def _choose(browser: TestClient, language: str, token: str | None = None) -> Response:
    page = browser.get("/account/sessions")
    data = {"language": language, "csrf_token": token if token is not None else _csrf(page.text)}
    return browser.post("/account/language", data=data, headers={"Accept": "application/json"},
                        follow_redirects=False)  # fmt: skip


def test_a_user_chooses_and_clears_their_language(app_client: TestClient, tenant: Tenant) -> None:
    email = tenant.user_emails["admin"]
    browser = login(TestClient(app_client.app), email)
    assert _language_of(email) is None
    r = _choose(browser, "he")
    assert r.status_code == 303 and r.headers["location"] == "/account/sessions"
    assert _language_of(email) == "he"
    page = browser.get("/account/sessions").text
    assert '<option value="he" lang="he" selected>' in page
    _choose(browser, "")
    assert _language_of(email) is None


def test_an_unsupported_language_or_a_missing_token_is_refused(
    app_client: TestClient, tenant: Tenant
) -> None:
    email = tenant.user_emails["admin"]
    browser = login(TestClient(app_client.app), email)
    for bad in ("xx", "en-US", "he; DROP", "z" * 17):
        assert_error(_choose(browser, bad), 422, "language")
    assert_error(_choose(browser, "de", token="stale"), 403)
    assert _language_of(email) is None


def test_one_user_changes_only_their_own_language(app_client: TestClient, tenant: Tenant) -> None:
    other = make_tenant("Other Co")
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    _choose(browser, "ja")
    assert _language_of(tenant.user_emails["admin"]) == "ja"
    assert _language_of(other.user_emails["admin"]) is None
