"""Each role's home after signing in (a next page still wins), and the favicon served from the package."""

from __future__ import annotations

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, Tenant
from tests.web.test_ui import _csrf


def _sign_in(client: TestClient, email: str, next_: str | None = None) -> str:
    page = client.get("/login" + (f"?next={next_}" if next_ else ""))
    form = {"email": email, "password": PASSWORD, "csrf_token": _csrf(page.text)}
    if 'name="next" value="' in page.text:
        form["next"] = page.text.split('name="next" value="', 1)[1].split('"', 1)[0]
    r = client.post("/login", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(r.headers["location"])


def test_each_role_lands_on_its_home(app_client: TestClient, tenant: Tenant) -> None:
    with unit_of_work() as s:
        for role in (Role.csm, Role.agent):
            users_service.create_user(
                session=s,
                workspace_id=tenant.id,
                data=UserCreate(
                    email=f"{role.value}-home@example.com", name=role.value, role=role, password=PASSWORD
                ),
            )
    assert _sign_in(TestClient(app_client.app), tenant.user_emails["admin"]) == "/portfolio"
    assert _sign_in(TestClient(app_client.app), "csm-home@example.com") == "/cockpit"
    agent = TestClient(app_client.app)
    assert _sign_in(agent, "agent-home@example.com") == "/tickets"
    assert agent.get("/", follow_redirects=False).headers["location"] == "/tickets"
    assert _sign_in(TestClient(app_client.app), "csm-home@example.com", "%2Frenewals") == "/renewals"
    anonymous = TestClient(app_client.app).get("/", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


def test_favicon_is_served_from_the_package(app_client: TestClient) -> None:
    old = app_client.get("/favicon.ico", follow_redirects=False)
    assert old.status_code == 308 and old.headers["location"] == "/static/favicon.svg"
    icon = app_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")
