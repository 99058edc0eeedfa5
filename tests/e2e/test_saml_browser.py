"""In a real Chromium: "Sign in with SSO" through a pysaml2 identity provider served on http://localhost
(tests/factories/saml_idp.running_idp), whose page auto-posts the signed Response cross-site to the ACS of
Steward on http://127.0.0.1; the relay-state cookie (SameSite=None; Secure) comes along, and a first-time
user arrives signed in with the mapped role."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from steward.core.db import unit_of_work
from steward.domains.sso import saml
from steward.domains.users import service as users_service
from tests.factories import Tenant
from tests.factories.saml_idp import running_idp

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(saml.xmlsec_binary() is None, reason="SAML needs xmlsec1 (make saml-tools)"),
]


def test_sign_in_through_the_saml_idp(chromium: Any, server_url: str, tenant: Tenant) -> None:
    admin = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    with running_idp(email="grace@corp.example", groups=("staff", "cs-managers")) as idp:
        body = {
            "idp_metadata": idp.metadata(), "allowed_domains": ["corp.example"], "role_attribute": "groups",
            "role_map": [{"value": "cs-managers", "role": "manager"}], "jit": True, "default_role": "viewer",
        }  # fmt: skip
        r = httpx.put(f"{server_url}/api/v1/workspace/sso/saml", json=body, headers=admin)
        assert r.status_code == 200, r.text
        idp.sp_metadata = httpx.get(f"{server_url}/saml/{tenant.slug}/metadata").text
        context = chromium.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        blocked: list[str] = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        posts: list[dict[str, str]] = []
        page.on("request", lambda q: posts.append(q.all_headers()) if q.url.endswith("/acs") else None)
        page.goto(f"{server_url}/login")
        page.click("#sso-link")
        page.fill("#who", "grace@corp.example")
        page.click("button[type=submit]")
        page.wait_for_url(
            lambda url: url.startswith(server_url) and "/login" not in url and "/saml" not in url
        )
        assert page.locator("form[action='/logout']").count() == 1
        context.close()
    assert len(posts) == 1
    assert posts[0]["origin"].startswith("http://localhost:")  # a cross-site POST from the IdP's page
    assert "steward_saml_relay=" in posts[0].get("cookie", "")  # the SameSite=None; Secure cookie came
    users = httpx.get(f"{server_url}/api/v1/users", headers=admin).json()
    grace = next(u for u in users if u["email"] == "grace@corp.example")
    assert grace["role"] == "manager"
    with unit_of_work() as s:
        sessions = users_service.list_web_sessions(session=s, workspace_id=tenant.id, user_id=grace["id"])
        assert [x.method for x in sessions] == ["saml"]
    assert blocked == []
