"""In a real Chromium: "Sign in with SSO" through a real OpenID provider on 127.0.0.1 arrives signed in,
as a first-time user with the mapped role; then the two-factor enrolment page shows its QR code image."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from steward.domains.sso import oidc
from tests.factories import Tenant
from tests.factories.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider

pytestmark = pytest.mark.e2e


def test_sign_in_with_sso_then_see_the_qr_code(chromium: Any, server_url: str, tenant: Tenant) -> None:
    oidc.clear_cache()
    admin = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    with running_provider() as op:
        op.user = {"sub": "b-1", "email": "bea@corp.example", "name": "Bea", "groups": ["cs-leads"]}
        body = {
            "issuer": op.issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "allowed_domains": ["corp.example"], "role_map": [{"value": "cs-leads", "role": "manager"}],
        }  # fmt: skip
        assert httpx.put(f"{server_url}/api/v1/workspace/sso", json=body, headers=admin).status_code == 200
        context = chromium.new_context()
        page = context.new_page()
        blocked: list[str] = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        page.set_default_timeout(10_000)
        page.goto(f"{server_url}/login")
        page.click("#sso-link")
        page.fill("#who", "bea@corp.example")
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)  # through the provider and back
        assert page.locator("form[action='/logout']").count() == 1
    users = httpx.get(f"{server_url}/api/v1/users", headers=admin).json()
    assert next(u for u in users if u["email"] == "bea@corp.example")["role"] == "manager"
    page.goto(f"{server_url}/account/two-factor")
    page.click("#start")
    page.wait_for_selector("#totp-qr")
    assert page.evaluate("document.getElementById('totp-qr').naturalWidth") > 0  # the image was allowed
    context.close()
    assert blocked == []
