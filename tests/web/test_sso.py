"""Single sign-on with OpenID Connect against a real provider on 127.0.0.1 (tests/factories/oidc_provider):
a first sign-in creates the user with the mapped role; a wrong audience, an expired token, a forged
signature, a replayed state, a nonce mismatch, a disallowed domain, a deactivated user and another
workspace's user are refused with a message and no session; a rotated key is fetched; configuration is
validated and the secret masked."""

from __future__ import annotations

import html
import itertools
import re
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from steward.core.ratelimit import Backoff, Tries
from steward.domains.sso import oidc
from steward.web.ui import sso as sso_ui
from tests.factories import ApiClient, Tenant, make_tenant
from tests.factories.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, new_key, running_provider
from tests.web.test_ui import _csrf

_hosts = itertools.count(1)


@pytest.fixture(scope="module")
def op() -> Iterator[Provider]:
    oidc.clear_cache()
    with running_provider() as provider:
        yield provider


@pytest.fixture(autouse=True)
def fresh(op: Provider) -> None:
    op.tamper, op.signing_key = {}, None
    op.user = {"sub": "u-1", "email": "ada@corp.example", "email_verified": True, "name": "Ada L",
               "groups": ["staff", "cs-managers"]}  # fmt: skip


def _configure(api: ApiClient, op: Provider, **extra: object) -> dict[str, object]:
    body = {
        "issuer": op.issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "allowed_domains": ["corp.example"], "role_claim": "groups",
        "role_map": [{"value": "cs-managers", "role": "manager"}, {"value": "staff", "role": "agent"}],
        "jit": True, "default_role": "viewer", **extra,
    }  # fmt: skip
    r = api.put("/workspace/sso", json=body)
    assert r.status_code == 200, r.text
    result: dict[str, object] = r.json()
    return result


def _browser(app_client: TestClient) -> TestClient:
    n = next(_hosts)
    return TestClient(app_client.app, client=(f"198.18.{n // 250}.{n % 250 + 1}", 50000))


def _to_provider(b: TestClient, who: str) -> str:
    token = _csrf(b.get("/login/sso").text)
    r = b.post("/login/sso", data={"who": who, "csrf_token": token, "next": ""}, follow_redirects=False)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store", r.text
    url = html.unescape(re.findall(r'<a href="([^"]+)" id="continue-sso"', r.text)[0])
    assert f'content="0;url={html.escape(url)}"' in r.text  # the page moves on by itself
    return url


def _callback(b: TestClient, who: str) -> tuple[httpx.Response, str]:
    """Start at Steward, pass the provider (a real HTTP round trip), come back: (answer, callback path)."""
    at_op = httpx.get(_to_provider(b, who), follow_redirects=False)
    assert at_op.status_code == 302, at_op.text
    back = urlsplit(at_op.headers["location"])
    assert back.path == "/login/sso/callback"
    path = f"{back.path}?{back.query}"
    return b.get(path, follow_redirects=False), path


def _signed_in(b: TestClient) -> bool:
    return b.get("/accounts", follow_redirects=False).status_code == 200


def _refused(b: TestClient, tenant: Tenant, r: httpx.Response, words: str) -> None:
    assert r.status_code == 401 and words in r.text, r.text
    assert "steward_session" not in r.cookies and not _signed_in(b)


def test_first_sign_in_creates_the_user_with_the_mapped_role(
    app_client: TestClient, api: ApiClient, tenant: Tenant, op: Provider
) -> None:
    shown = _configure(api, op)
    assert shown["client_secret"] == "********6789" and CLIENT_SECRET not in str(shown)
    b = _browser(app_client)
    authorize = _to_provider(b, tenant.slug)
    assert "code_challenge_method=S256" in authorize and "nonce=" in authorize
    r, _ = _callback(b, "ada@corp.example")  # by e-mail domain this time
    assert r.status_code == 303, r.text
    assert _signed_in(b)
    ada = next(u for u in api.get("/users").json() if u["email"] == "ada@corp.example")
    assert ada["role"] == "manager" and ada["name"] == "Ada L"
    signins = api.get("/audit", params={"action": "auth.sign_in"}).json()["items"]
    assert any("via OIDC" in s["note"] and s["actor_name"] == "ada@corp.example" for s in signins)
    # Workspace two-factor does not apply: the identity provider does the second factor.
    assert api.put("/workspace/two-factor", json={"required": True}).status_code == 200
    assert _signed_in(b)


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        ({"aud": "someone-else"}, "issued for another client"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "has expired"),
        ({"nonce": "not-this-sign-in"}, "nonce does not match"),
        ({"iss": "https://evil.example"}, "issued by another provider"),
    ],
)
def test_bad_id_tokens_are_refused(
    app_client: TestClient,
    api: ApiClient,
    tenant: Tenant,
    op: Provider,
    tamper: dict[str, object],
    words: str,
) -> None:
    _configure(api, op)
    op.tamper = tamper
    b = _browser(app_client)
    r, _ = _callback(b, tenant.slug)
    _refused(b, tenant, r, words)
    failed = api.get("/audit", params={"action": "auth.sign_in_failed"}).json()["items"]
    assert any(words in f["note"] for f in failed)


def test_a_token_signed_by_another_key_is_refused(
    app_client: TestClient, api: ApiClient, tenant: Tenant, op: Provider
) -> None:
    _configure(api, op)
    forger = new_key()
    forger = type(forger).import_key(forger.as_dict(private=True) | {"kid": op.keys[0].kid})
    op.signing_key = forger  # the provider's key id, someone else's key
    b = _browser(app_client)
    r, _ = _callback(b, tenant.slug)
    _refused(b, tenant, r, "signature is not valid")


def test_a_state_works_once_and_only_in_its_browser(
    app_client: TestClient, api: ApiClient, tenant: Tenant, op: Provider
) -> None:
    _configure(api, op)
    b = _browser(app_client)
    r, path = _callback(b, tenant.slug)
    assert r.status_code == 303
    state = dict(p.split("=", 1) for p in urlsplit(path).query.split("&"))["state"]
    replay = _browser(app_client)
    replay.cookies.set("steward_sso_state", state, path="/login/sso")  # even with the state bound
    _refused(replay, tenant, replay.get(path, follow_redirects=False), "expired or was already used")
    # A callback from a sign-in this browser never started (login CSRF) is refused too.
    other = _browser(app_client)
    _, stolen = _callback(_browser(app_client), tenant.slug)
    _refused(other, tenant, other.get(stolen, follow_redirects=False), "not started in this browser")


def test_domains_jit_deactivation_and_other_workspaces(
    app_client: TestClient, api: ApiClient, tenant: Tenant, op: Provider
) -> None:
    _configure(api, op)
    op.user = {**op.user, "email": "eve@elsewhere.example"}
    b = _browser(app_client)
    _refused(b, tenant, _callback(b, tenant.slug)[0], "elsewhere.example may not sign in")
    # A user of another workspace cannot be signed in through this workspace's provider.
    other = make_tenant("Other")
    op.user = {**op.user, "email": other.user_emails["viewer"].replace("example.com", "corp.example")}
    ApiClient(app_client, other.keys["admin"]).post(
        "/users", json={"email": op.user["email"], "name": "B person", "role": "viewer"}
    )
    _refused(b, tenant, _callback(b, tenant.slug)[0], "belongs to another workspace")
    # Without just-in-time creation an unknown address is refused; a deactivated user too.
    _configure(api, op, jit=False, client_secret=None)
    op.user = {**op.user, "email": "new@corp.example"}
    _refused(b, tenant, _callback(b, tenant.slug)[0], "has no account in this workspace")
    made = api.post("/users", json={"email": "new@corp.example", "name": "New", "role": "csm"}).json()
    assert _callback(b, tenant.slug)[0].status_code == 303
    api.patch(f"/users/{made['id']}", json={"is_active": False})
    c = _browser(app_client)
    _refused(c, tenant, _callback(c, tenant.slug)[0], "is deactivated")


def test_a_rotated_key_is_fetched_once(
    app_client: TestClient, api: ApiClient, tenant: Tenant, op: Provider
) -> None:
    _configure(api, op)
    assert _callback(_browser(app_client), tenant.slug)[0].status_code == 303
    fetches = op.jwks_fetches
    op.rotate()
    b = _browser(app_client)
    assert _callback(b, tenant.slug)[0].status_code == 303 and _signed_in(b)
    assert op.jwks_fetches == fetches + 1


def test_configuration_is_validated_and_admin_only(
    app_client: TestClient, api: ApiClient, tenant: Tenant, op: Provider
) -> None:
    assert api.get("/workspace/sso").status_code == 404
    base = {"issuer": "http://idp.example.com", "client_id": "x", "client_secret": "s"}
    r = api.put("/workspace/sso", json=base)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "issuer"
    r = api.put(
        "/workspace/sso", json={**base, "issuer": "https://idp.example.com", "allowed_domains": ["no"]}
    )
    assert r.status_code == 422 and "allowed_domains" in r.json()["detail"][0]["loc"]
    r = api.put("/workspace/sso", json={**base, "issuer": "https://idp.example.com", "client_secret": None})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "client_secret"]
    manager = ApiClient(app_client, tenant.keys["manager"])
    assert (
        manager.put("/workspace/sso", json={**base, "issuer": "https://idp.example.com"}).status_code == 403
    )
    _configure(api, op)
    # Leaving the secret out keeps it; the audit log masks it.
    assert api.put("/workspace/sso", json={**base, "issuer": op.issuer, "client_id": CLIENT_ID,
                                           "client_secret": None}).status_code == 200  # fmt: skip
    b = _browser(app_client)
    assert _callback(b, tenant.slug)[0].status_code == 303
    records = api.get("/audit", params={"object_type": "sso_provider"}).json()["items"]
    assert records and CLIENT_SECRET not in str(records)
    assert "does not offer single sign-on" in _unknown(app_client, "no-such-workspace")


def _unknown(app_client: TestClient, who: str) -> str:
    return _unknown_with(_browser(app_client), who, 401).text


def test_the_admin_page_saves_a_provider(app_client: TestClient, tenant: Tenant, op: Provider) -> None:
    from tests.web.test_two_factor import _signed_in_user

    b = _signed_in_user(app_client, tenant.user_emails["admin"])
    page = b.get("/admin/sso")
    assert page.status_code == 200 and "/login/sso/callback" in page.text
    form = {
        "issuer": op.issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "allowed_domains": "corp.example, corp2.example", "role_claim": "groups",
        "role_map": "cs-managers = manager\n", "default_role": "csm", "jit": "true", "enabled": "true",
        "csrf_token": _csrf(page.text),
    }  # fmt: skip
    assert b.post("/admin/sso", data=form, follow_redirects=False).status_code == 303
    again = b.get("/admin/sso").text
    assert "********6789" in again and CLIENT_SECRET not in again and "cs-managers = manager" in again
    bad = b.post("/admin/sso", data={**form, "role_map": "x = owner"})
    assert bad.status_code == 422 and "role" in bad.text


def test_an_expired_sign_in_a_provider_error_and_the_default_role(
    app_client: TestClient, api: ApiClient, tenant: Tenant, op: Provider
) -> None:
    from sqlalchemy import update

    from steward.core.db import unit_of_work, utcnow
    from steward.domains.sso.models import OidcLogin

    _configure(api, op)
    b = _browser(app_client)
    at_op = httpx.get(_to_provider(b, tenant.slug), follow_redirects=False)
    back = urlsplit(at_op.headers["location"])
    with unit_of_work() as s:  # ten minutes pass at the provider
        s.execute(update(OidcLogin).values(expires_at=utcnow()))
    _refused(b, tenant, b.get(f"{back.path}?{back.query}", follow_redirects=False), "expired")
    # The provider answers with an error (the person cancelled): refused, and the state is spent.
    state = dict(p.split("=", 1) for p in urlsplit(_to_provider(b, tenant.slug)).query.split("&"))["state"]
    params = {"state": state, "error": "access_denied"}
    r = b.get("/login/sso/callback", params=params, follow_redirects=False)
    _refused(b, tenant, r, "did not sign you in (access_denied); it was cancelled or refused")
    state = dict(p.split("=", 1) for p in urlsplit(_to_provider(b, tenant.slug)).query.split("&"))["state"]
    params = {"state": state, "error": "Call +1 555 0100"}  # not a standard code: not shown
    r = b.get("/login/sso/callback", params=params, follow_redirects=False)
    _refused(b, tenant, r, "did not sign you in; it was cancelled or refused")
    assert "555" not in r.text
    # Someone in no mapped group arrives with the default role.
    op.user = {**op.user, "email": "bo@corp.example", "groups": "interns"}
    assert _callback(b, tenant.slug)[0].status_code == 303
    assert next(u for u in api.get("/users").json() if u["email"] == "bo@corp.example")["role"] == "viewer"


def test_sso_starts_are_throttled_per_address(
    app_client: TestClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = itertools.repeat(1000.0)  # still: the wait must not run out on a loaded machine
    monkeypatch.setattr(sso_ui, "STARTS", Tries("sso-start-test", clock=lambda: next(clock)))
    rule = Backoff(free=3, first_wait=60, max_wait=300, forget=3600)
    monkeypatch.setattr(sso_ui, "STARTS_PER_ADDRESS", rule)
    b = _browser(app_client)
    for _ in range(3):
        _unknown_with(b, "no-such-workspace", 401)
    page = _unknown_with(b, "no-such-workspace", 429)
    assert "Too many single sign-on starts" in page.text and page.headers["retry-after"] == "60"
    _unknown_with(_browser(app_client), "no-such-workspace", 401)  # another address is not held up


def _unknown_with(b: TestClient, who: str, status: int) -> httpx.Response:
    token = _csrf(b.get("/login/sso").text)
    r = b.post("/login/sso", data={"who": who, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == status, r.text
    return r
