"""Each survey's widget secret is random and its own, shown to admins only, and rotatable by admins (API and
the survey page's CSRF-protected button); a user hash made with the old secret, or with the secret the
app used to derive from its own key, is refused."""

from __future__ import annotations

import hashlib
import hmac

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.core.security import signature
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from steward.settings import get_settings
from tests.factories import PASSWORD, ApiClient, Tenant, assert_error
from tests.web.test_ui import _csrf, login


def _hash(secret: str, user_id: str) -> str:
    """What the customer's server computes (docs/survey-widget.md)."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def _answer(app_client: TestClient, public_key: str, user_hash: str) -> int:
    url = f"/api/v1/widget/surveys/{public_key}/responses"
    return app_client.post(url, json={"score": 9, "user_id": "dana", "user_hash": user_hash}).status_code


def test_each_survey_has_its_own_random_secret(api: ApiClient) -> None:
    first, second = (api.post("/surveys", json={"name": n, "kind": "nps"}).json() for n in ("A", "B"))
    secrets = [api.get(f"/surveys/{s['id']}/widget-secret").json()["widget_secret"] for s in (first, second)]
    assert secrets[0] != secrets[1] and all(s.startswith("wsec_") and len(s) >= 45 for s in secrets)
    assert "widget_secret" not in api.get(f"/surveys/{first['id']}").json()  # readers list surveys


def test_a_hash_made_with_the_old_secret_is_refused(app_client: TestClient, api: ApiClient) -> None:
    api.post("/contacts", json={"external_id": "dana", "email": "dana@x.test"})
    survey = api.post("/surveys", json={"name": "In-app NPS", "kind": "nps"}).json()
    derived = signature(get_settings().secret_key, f"survey-widget|{survey['public_key']}")
    assert _answer(app_client, survey["public_key"], _hash(derived, "dana")) == 422  # the old derivation
    old = api.get(f"/surveys/{survey['id']}/widget-secret").json()["widget_secret"]
    assert _answer(app_client, survey["public_key"], _hash(old, "dana")) == 201
    new = api.post(f"/surveys/{survey['id']}/widget-secret").json()["widget_secret"]
    assert new != old and api.get(f"/surveys/{survey['id']}/widget-secret").json()["widget_secret"] == new
    url = f"/api/v1/widget/surveys/{survey['public_key']}/responses"
    stale = app_client.post(url, json={"score": 9, "user_id": "dana", "user_hash": _hash(old, "dana")})
    assert_error(stale, 422, "user_hash")
    assert _answer(app_client, survey["public_key"], _hash(new, "dana")) == 201


def test_only_admins_see_and_rotate_it(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    survey = api.post("/surveys", json={"name": "In-app NPS", "kind": "nps"}).json()
    path = f"/surveys/{survey['id']}/widget-secret"
    for role in ("viewer", "manager"):
        other = ApiClient(app_client, tenant.keys[role])
        assert_error(other.get(path), 403)
        assert_error(other.post(path), 403)
    before = api.get(path).json()["widget_secret"]

    email = f"viewer-widget-{tenant.id}@example.com"
    with unit_of_work() as s:
        data = UserCreate(email=email, name="Vera Viewer", role=Role.viewer, password=PASSWORD)
        users_service.create_user(session=s, workspace_id=tenant.id, data=data)
    viewer = login(TestClient(app_client.app), email)
    page = viewer.get(f"/surveys/{survey['id']}")
    assert page.status_code == 200 and 'id="widget-secret"' not in page.text and before not in page.text
    refused = viewer.post(path, data={"csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert refused.status_code == 403

    admin = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = admin.get(f"/surveys/{survey['id']}")
    assert f'id="widget-secret">{before}<' in page.text and 'id="widget-rotate"' in page.text
    assert admin.post(path, data={"csrf_token": "stale"}, follow_redirects=False).status_code == 403
    assert api.get(path).json()["widget_secret"] == before
    rotated = admin.post(path, data={"csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert rotated.status_code == 303 and rotated.headers["location"].endswith("?rotated=1#widget")
    after = api.get(path).json()["widget_secret"]
    shown = admin.get(rotated.headers["location"])
    assert (
        after != before
        and f'id="widget-secret">{after}<' in shown.text
        and 'id="widget-rotated"' in shown.text
    )
