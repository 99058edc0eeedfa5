"""Two-factor sign-in through the real pages: enrolment, the code step (no session before it), a recovery
code once, a reused code refused, wrong codes throttled and audited, the workspace requirement with its API,
an admin's reset and isolation between workspaces."""

from __future__ import annotations

import itertools
import re
import time

import httpx
import pyotp
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, ApiClient, Tenant, assert_error, make_tenant
from tests.web.test_ui import _csrf

_hosts = itertools.count(1)


def _browser(app_client: TestClient) -> TestClient:
    n = next(_hosts)  # an address of its own: the sign-in counts live as long as the app
    return TestClient(app_client.app, client=(f"198.19.{n // 250}.{n % 250 + 1}", 50000))


def _password(b: TestClient, email: str) -> httpx.Response:
    token = _csrf(b.get("/login").text)
    data = {"email": email, "password": PASSWORD, "csrf_token": token, "next": "/accounts"}
    return b.post("/login", data=data, follow_redirects=False)


def _code(b: TestClient, code: str) -> httpx.Response:
    page = b.get("/login/two-factor")
    return b.post(
        "/login/two-factor", data={"code": code, "csrf_token": _csrf(page.text)}, follow_redirects=False
    )


def _signed_in(b: TestClient) -> bool:
    return b.get("/accounts", follow_redirects=False).status_code == 200


def _enrol(b: TestClient) -> tuple[pyotp.TOTP, list[str]]:
    """Enrol the signed-in user at /account/two-factor; the code used is this time step's."""
    page = b.get("/account/two-factor")
    assert "Off." in page.text
    setup = b.post("/account/two-factor/start", data={"csrf_token": _csrf(page.text)})
    secret = re.findall(r'id="totp-secret">([A-Z2-7]+)<', setup.text)[0]
    assert "otpauth://totp/Steward:" in setup.text
    totp = pyotp.TOTP(secret)
    wrong = b.post("/account/two-factor/confirm", data={"code": "000000", "csrf_token": _csrf(page.text)})
    assert wrong.status_code == 422 and "not the current one" in wrong.text
    done = b.post("/account/two-factor/confirm", data={"code": totp.now(), "csrf_token": _csrf(page.text)})
    codes = re.findall(r"<li><code>([0-9a-f]{8}-[0-9a-f]{8})</code></li>", done.text)
    assert len(codes) == 10
    after = b.get("/account/two-factor")
    assert "On." in after.text and secret not in after.text and codes[0] not in after.text
    return totp, codes


def _person(api: ApiClient, role: str) -> str:
    """A user of this role who can sign in (the factory gives only the admin a password)."""
    email = f"{role}-{next(_hosts)}@2fa.example.com"
    body = {"email": email, "name": f"{role} person", "role": role, "password": PASSWORD}
    assert api.post("/users", json=body).status_code == 201
    return email


def _signed_in_user(app_client: TestClient, email: str) -> TestClient:
    b = _browser(app_client)
    assert _password(b, email).status_code == 303
    return b


def test_enrol_then_sign_in_with_a_code_once(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    email = tenant.user_emails["admin"]
    totp, _codes = _enrol(_signed_in_user(app_client, email))
    b = _browser(app_client)
    r = _password(b, email)
    assert r.status_code == 303 and r.headers["location"] == "/login/two-factor"
    assert not _signed_in(b)  # the half-signed-in browser reaches no page
    assert b.get("/account/two-factor", follow_redirects=False).status_code == 303
    reused = _code(b, totp.now())  # the code that confirmed enrolment
    assert reused.status_code == 401 and "already used" in reused.text and not _signed_in(b)
    later = totp.at(time.time() + 30)
    ok = _code(b, later)
    assert ok.status_code == 303 and ok.headers["location"] == "/accounts" and _signed_in(b)
    other = _browser(app_client)
    _password(other, email)
    assert _code(other, later).status_code == 401  # the same code again, in another browser
    log = api.get("/audit", params={"action": "auth.sign_in_failed"}).json()["items"]
    assert len(log) == 2 and all("two-factor" in x["note"] for x in log)
    assert api.get("/audit", params={"action": "user.two_factor_on"}).json()["items"]


def test_a_recovery_code_signs_in_once(app_client: TestClient, api: ApiClient) -> None:
    email = _person(api, "csm")
    _totp, codes = _enrol(_signed_in_user(app_client, email))
    b = _browser(app_client)
    _password(b, email)
    assert _code(b, codes[0]).status_code == 303 and _signed_in(b)
    c = _browser(app_client)
    _password(c, email)
    assert _code(c, codes[0]).status_code == 401 and not _signed_in(c)


def test_wrong_codes_are_throttled(app_client: TestClient, api: ApiClient) -> None:
    email = _person(api, "viewer")
    totp, _codes = _enrol(_signed_in_user(app_client, email))
    b = _browser(app_client)
    _password(b, email)
    token = [_csrf(b.get("/login/two-factor").text)]

    def attempt(code: str) -> httpx.Response:  # each answer carries the next form token
        data = {"code": code, "csrf_token": token[0]}
        r = b.post("/login/two-factor", data=data, follow_redirects=False)
        token[0] = _csrf(r.text) if "csrf_token" in r.text else token[0]
        return r

    statuses = [attempt("000000").status_code for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429  # the password's own count was reset
    refused = attempt(totp.at(time.time() + 30))
    assert refused.status_code == 429 and "Retry-After" in refused.headers and not _signed_in(b)


def test_no_pending_token_no_code_step(app_client: TestClient) -> None:
    b = _browser(app_client)
    assert b.get("/login/two-factor").status_code == 401
    b.cookies.set("steward_2fa_pending", "forged", path="/login")
    r = b.post("/login/two-factor", data={"code": "123456", "csrf_token": _csrf(b.get("/login").text)})
    assert r.status_code == 401 and "expired" in r.text


def test_a_required_workspace_enrols_after_the_password(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    viewer = api.as_key(tenant.keys["viewer"])
    assert_error(viewer.put("/workspace/two-factor", json={"required": True}), 403)
    assert_error(api.put("/workspace/two-factor", json={"required": "sometimes"}), 422)
    assert api.put("/workspace/two-factor", json={"required": True}).json() == {"required": True}
    other = make_tenant("Other")
    assert ApiClient(app_client, other.keys["admin"]).get("/workspace/two-factor").json() == {
        "required": False
    }
    b = _browser(app_client)
    r = _password(b, _person(api, "manager"))
    assert r.headers["location"] == "/login/two-factor/setup" and not _signed_in(b)
    setup = b.get("/login/two-factor/setup")
    totp = pyotp.TOTP(re.findall(r'id="totp-secret">([A-Z2-7]+)<', setup.text)[0])
    assert not _signed_in(b)
    done = b.post("/login/two-factor/setup", data={"code": totp.now(), "csrf_token": _csrf(setup.text)})
    assert done.status_code == 200 and len(re.findall(r"<li><code>", done.text)) == 10 and _signed_in(b)
    free = _browser(app_client)  # the other workspace does not require it
    assert _password(free, other.user_emails["admin"]).headers["location"] == "/accounts"


def test_an_admin_resets_a_users_two_factor_in_their_own_workspace_only(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    email = _person(api, "agent")
    _enrol(_signed_in_user(app_client, email))
    user_id = next(u["id"] for u in api.get("/users").json() if u["email"] == email)
    stranger = ApiClient(app_client, make_tenant("Other").keys["admin"])
    assert_error(stranger.delete(f"/users/{user_id}/two-factor"), 404)
    assert_error(api.as_key(tenant.keys["manager"]).delete(f"/users/{user_id}/two-factor"), 403)
    admin = _signed_in_user(app_client, tenant.user_emails["admin"])
    page = admin.get("/admin/two-factor")
    assert f'id="reset-{user_id}"' in page.text
    admin.post(f"/admin/two-factor/{user_id}/reset", data={"csrf_token": _csrf(page.text)})
    assert f'id="reset-{user_id}"' not in admin.get("/admin/two-factor").text
    assert_error(api.delete(f"/users/{user_id}/two-factor"), 409)
    record = api.get("/audit", params={"action": "user.two_factor_reset"}).json()["items"][0]
    assert record["object_id"] == user_id and email in record["note"]
    assert _password(_browser(app_client), email).headers["location"] != "/login/two-factor"
    csm = _signed_in_user(app_client, _person(api, "csm"))
    assert csm.get("/admin/two-factor").status_code == 403
    assert csm.post("/admin/two-factor/require", data={"required": "true"}).status_code == 403  # no CSRF


def test_a_user_switches_two_factor_off_with_a_code(app_client: TestClient, tenant: Tenant) -> None:
    b = _signed_in_user(app_client, tenant.user_emails["admin"])
    totp, _codes = _enrol(b)
    page = b.get("/account/two-factor")
    wrong = b.post("/account/two-factor/disable", data={"code": "000000", "csrf_token": _csrf(page.text)})
    assert wrong.status_code == 422 and "not a current or recovery code" in wrong.text
    later = totp.at(time.time() + 30)
    b.post("/account/two-factor/disable", data={"code": later, "csrf_token": _csrf(page.text)})
    assert "Off." in b.get("/account/two-factor").text


def test_a_session_from_before_the_requirement_reaches_only_enrolment(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    b = _signed_in_user(app_client, tenant.user_emails["admin"])
    assert _signed_in(b)
    api.put("/workspace/two-factor", json={"required": True})
    r = b.get("/accounts", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/two-factor"
    totp, _codes = _enrol(b)
    assert _signed_in(b)
    page = b.get("/account/two-factor")
    later = totp.at(time.time() + 30)
    off = b.post("/account/two-factor/disable", data={"code": later, "csrf_token": _csrf(page.text)})
    assert off.status_code == 422 and "requires two-factor" in off.text
