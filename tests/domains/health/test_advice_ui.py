"""The scorecard page's advisor: the table renders (escaped), only an admin sees and uses Apply, the form
needs its CSRF token and the fingerprint of the advice shown, and other workspaces' scorecards are not
found."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.domains.health.test_advice import CARD, plant
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.web.test_ui import login

NAME = "<script>alert(1)</script> health"


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


@pytest.fixture
def browser(app_client: TestClient) -> TestClient:
    return TestClient(app_client.app)


def test_scorecard_page_shows_advice_and_only_an_admin_applies_it(
    browser: TestClient, app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    plant(tenant.id)
    card = api.post("/health/scorecards", json={**CARD, "name": NAME}).json()
    login(browser, tenant.user_emails["admin"])
    listing = browser.get("/scorecards")
    assert listing.status_code == 200 and f'href="/scorecards/{card["id"]}"' in listing.text
    assert (
        "<script>alert" not in listing.text and "&lt;script&gt;alert(1)&lt;/script&gt; health" in listing.text
    )
    page = browser.get(f"/scorecards/{card['id']}")
    assert page.status_code == 200 and "<script>alert" not in page.text
    assert 'id="advice-measures"' in page.text and "Activities 90d" in page.text
    assert re.search(r'id="current-auc">0\.\d{3}<', page.text) and 'id="suggested-auc">' in page.text
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page.text)
    assert fingerprint and 'id="advice-apply"' in page.text
    form = {"csrf_token": _csrf(page.text), "fingerprint": fingerprint.group(1), "horizon_days": "90"}
    target = f"/scorecards/{card['id']}/advice/apply"

    # A manager reads the advice but has no Apply button, and a forged post is refused.
    with unit_of_work() as s:
        users_service.create_user(session=s, workspace_id=tenant.id, data=UserCreate(
            email="boss@example.com", name="Boss", role=Role.manager, password=PASSWORD,
        ))  # fmt: skip
    manager = TestClient(app_client.app)
    login(manager, "boss@example.com")
    page = manager.get(f"/scorecards/{card['id']}")
    assert (
        page.status_code == 200 and 'id="advice-apply"' not in page.text and "An admin can apply" in page.text
    )
    assert manager.post(target, data={**form, "csrf_token": _csrf(page.text)}).status_code == 403

    assert browser.post(target, data={**form, "csrf_token": "forged"}).status_code == 403
    stale = browser.post(target, data={**form, "fingerprint": "0123"})
    assert stale.status_code == 409 and 'id="advice-error"' in stale.text
    assert api.get("/health/scorecards").json()[0]["groups"] == card["groups"]  # nothing changed yet
    done = browser.post(target, data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("applied=1")
    after = browser.get(done.headers["location"]).text
    assert 'id="advice-applied"' in after and 'id="advice-same"' in after and 'id="advice-apply"' not in after
    assert api.get("/health/scorecards").json()[0]["groups"] != card["groups"]

    stranger = TestClient(app_client.app)
    login(stranger, make_tenant("Other").user_emails["admin"])
    assert stranger.get(f"/scorecards/{card['id']}").status_code == 404
    assert stranger.get("/scorecards/abc").status_code == 422


def test_scorecard_page_says_how_much_history_is_needed(
    browser: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    card = api.post("/health/scorecards", json=CARD).json()
    login(browser, tenant.user_emails["admin"])
    page = browser.get(f"/scorecards/{card['id']}")
    assert page.status_code == 200 and 'id="advice-needs"' in page.text
    assert (
        "needs monthly snapshots over at least 6 months" in page.text and 'id="advice-apply"' not in page.text
    )
