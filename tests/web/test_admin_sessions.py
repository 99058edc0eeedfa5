"""The admin pages for users and their sessions: an admin sees any user's signed-in browsers of the workspace
(device, method, sign-in, last use) and signs one out with a CSRF-checked form, audited as the API does it;
others' workspaces are 404, other roles 403."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.web.test_sessions import _browser, _signed_in
from tests.web.test_ui import _csrf, login


def _csm(tenant: Tenant, email: str = "csm-admin-page@example.com") -> int:
    with unit_of_work() as s:
        user = users_service.create_user(
            session=s, workspace_id=tenant.id,
            data=UserCreate(email=email, name="Casey <i>Csm</i>", role=Role.csm, password=PASSWORD),
        )  # fmt: skip
        return user.id


def test_an_admin_signs_a_users_browser_out_from_the_users_page(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    csm_id = _csm(tenant)
    phone = login(_browser(app_client, "Phone <b>Safari</b>"), "csm-admin-page@example.com")
    admin = login(_browser(app_client, "Admin laptop"), tenant.user_emails["admin"])
    home = admin.get("/accounts").text
    assert 'href="/admin/users"' in home
    users = admin.get("/admin/users")
    assert users.status_code == 200 and "Casey &lt;i&gt;Csm&lt;/i&gt;" in users.text
    assert f'href="/admin/users/{csm_id}/sessions"' in users.text
    page = admin.get(f"/admin/users/{csm_id}/sessions")
    assert page.status_code == 200 and "Phone &lt;b&gt;Safari&lt;/b&gt;" in page.text
    assert "<td>password</td>" in page.text and "<script>" not in page.text  # no inline script
    sid = int(re.findall(r'id="revoke-(\d+)"', page.text)[0])
    url = f"/admin/users/{csm_id}/sessions/{sid}/revoke"
    assert admin.post(url, data={}).status_code == 403  # no CSRF token
    assert admin.post(url, data={"csrf_token": "forged"}).status_code == 403
    assert _signed_in(phone)
    r = admin.post(url, data={"csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/admin/users/{csm_id}/sessions"
    assert not _signed_in(phone) and _signed_in(admin)
    assert "No signed-in browsers." in admin.get(f"/admin/users/{csm_id}/sessions").text
    record = api.get("/audit", params={"action": "session.revoke"}).json()["items"][0]
    assert record["object_id"] == csm_id and "Phone <b>Safari</b>" in record["note"]


def test_other_workspaces_are_not_found_and_other_roles_forbidden(
    app_client: TestClient, tenant: Tenant
) -> None:
    csm_id = _csm(tenant)
    csm = login(_browser(app_client, "Csm laptop"), "csm-admin-page@example.com")
    admin = login(_browser(app_client, "Admin laptop"), tenant.user_emails["admin"])
    token = _csrf(admin.get("/admin/users").text)
    other = make_tenant("Elsewhere")
    stranger_id = _csm(other, "stranger@example.com")
    stranger = login(_browser(app_client, "Stranger"), "stranger@example.com")
    with unit_of_work() as s:
        stranger_sid = users_service.list_web_sessions(session=s, workspace_id=other.id, user_id=stranger_id)[
            0
        ].id
        csm_sid = users_service.list_web_sessions(session=s, workspace_id=tenant.id, user_id=csm_id)[0].id
    assert admin.get(f"/admin/users/{stranger_id}/sessions").status_code == 404
    for url in (
        f"/admin/users/{stranger_id}/sessions/{stranger_sid}/revoke",
        f"/admin/users/{csm_id}/sessions/{stranger_sid}/revoke",  # another workspace's session
        f"/admin/users/{stranger_id}/sessions/{csm_sid}/revoke",  # the session under the wrong user
    ):
        assert admin.post(url, data={"csrf_token": token}).status_code == 404, url
    assert _signed_in(stranger) and _signed_in(csm)
    for url in ("/admin/users", f"/admin/users/{csm_id}/sessions"):
        assert csm.get(url).status_code == 403
    csm_token = _csrf(csm.get("/account/sessions").text)
    r = csm.post(f"/admin/users/{csm_id}/sessions/{csm_sid}/revoke", data={"csrf_token": csm_token})
    assert r.status_code == 403 and _signed_in(csm)
    assert admin.get("/admin/users/2147483648/sessions").status_code == 422
