"""In a real Chromium: set up two-factor sign-in, then sign in again with a code computed by pyotp."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest

from tests.factories import PASSWORD, Tenant

pytestmark = pytest.mark.e2e


def _password(page: Any, server_url: str, email: str) -> None:
    page.goto(f"{server_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_enrol_and_sign_in_with_a_code(chromium: Any, server_url: str, tenant: Tenant) -> None:
    email = tenant.user_emails["admin"]
    first = chromium.new_context()
    page = first.new_page()
    blocked: list[str] = []  # anything the strict CSP refused would show up here
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_default_timeout(10_000)
    _password(page, server_url, email)
    page.wait_for_url(lambda url: "/login" not in url)  # the admin's home
    page.goto(f"{server_url}/account/two-factor")
    page.click("#start")
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text())
    page.fill("#code", totp.now())
    page.click("#confirm")
    # count() does not wait: the click returns once the next page commits, before its list may be parsed
    page.wait_for_selector("#recovery-codes li:nth-child(10)")
    assert page.locator("#recovery-codes li").count() == 10
    first.close()

    second = chromium.new_context()
    page = second.new_page()
    _password(page, server_url, email)
    page.wait_for_url(f"{server_url}/login/two-factor")
    page.fill("#code", totp.at(time.time() + 30))  # the next step's code: this one confirmed enrolment
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.locator("form[action='/logout']").count() == 1  # a signed-in page
    second.close()
    assert blocked == []
