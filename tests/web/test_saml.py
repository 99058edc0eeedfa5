"""SAML 2.0 sign-in against a real pysaml2 identity provider (tests/factories/saml_idp) with its own key:
a first sign-in creates the user with the mapped role; an unsigned assertion, another key's signature, a
wrong audience, a wrong recipient, an expired assertion, a replay, an unsolicited response, a response
from another browser and a disallowed domain are refused with a message and no session."""

from __future__ import annotations

import base64
import itertools
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import saml2.assertion
from fastapi.testclient import TestClient
from saml2.time_util import a_while_ago

from steward.core.db import unit_of_work
from steward.domains.sso import saml, saml_service
from steward.domains.sso.service import Refused
from tests.factories import ApiClient, Tenant
from tests.factories.saml_idp import ENTITY_ID, SSO_URL, Idp

pytestmark = pytest.mark.skipif(saml.xmlsec_binary() is None, reason="SAML needs xmlsec1 (make saml-tools)")
_hosts = itertools.count(1)
BASE = "https://testserver"


@pytest.fixture(scope="module")
def idp() -> Iterator[Idp]:
    yield Idp()


def _configure(api: ApiClient, idp: Idp, tenant: Tenant, **extra: object) -> dict[str, object]:
    body = {
        "idp_metadata": idp.metadata(), "allowed_domains": ["corp.example"], "role_attribute": "groups",
        "role_map": [{"value": "cs-managers", "role": "manager"}, {"value": "staff", "role": "agent"}],
        "jit": True, "default_role": "viewer", **extra,
    }  # fmt: skip
    r = api.put("/workspace/sso/saml", json=body)
    assert r.status_code == 200, r.text
    result: dict[str, object] = r.json()
    return result


def _browser(app_client: TestClient, idp: Idp, slug: str) -> TestClient:
    n = next(_hosts)
    b = TestClient(app_client.app, base_url=BASE, client=(f"198.19.{n // 250}.{n % 250 + 1}", 50000))
    idp.sp_metadata = b.get(f"/saml/{slug}/metadata").text
    return b


def _to_idp(b: TestClient, slug: str) -> str:
    r = b.get(f"/saml/{slug}/login", follow_redirects=False)
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith(SSO_URL + "?SAMLRequest=")
    assert "samesite=none" in r.headers["set-cookie"].lower() and "secure" in r.headers["set-cookie"].lower()
    return r.headers["location"]


def _post(b: TestClient, acs: str, response: str, relay: str) -> httpx.Response:
    path = urlsplit(acs).path
    return b.post(path, data={"SAMLResponse": response, "RelayState": relay}, follow_redirects=False)


def _signed_in(b: TestClient) -> bool:
    return b.get("/accounts", follow_redirects=False).status_code == 200


def _refused(b: TestClient, r: httpx.Response, words: str) -> None:
    assert r.status_code == 401 and words in r.text, r.text
    assert "steward_session" not in r.cookies and not _signed_in(b)


def test_sp_metadata_and_a_first_sign_in_with_the_mapped_role(
    app_client: TestClient, api: ApiClient, tenant: Tenant, idp: Idp
) -> None:
    shown = _configure(api, idp, tenant)
    assert shown["idp_entity_id"] == ENTITY_ID
    b = _browser(app_client, idp, tenant.slug)
    assert f"{BASE}/saml/{tenant.slug}/acs" in idp.sp_metadata and "entityID" in idp.sp_metadata
    acs, response, relay = idp.answer(_to_idp(b, tenant.slug))
    assert acs == f"{BASE}/saml/{tenant.slug}/acs"
    r = _post(b, acs, response, relay)
    assert r.status_code == 303, r.text
    assert _signed_in(b)
    ada = next(u for u in api.get("/users").json() if u["email"] == "ada@corp.example")
    assert ada["role"] == "manager" and ada["name"] == "Ada L"
    signins = api.get("/audit", params={"action": "auth.sign_in"}).json()["items"]
    assert any("via SAML" in s["note"] and s["actor_name"] == "ada@corp.example" for s in signins)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"sign": False}, "signature is missing"),
        ({"foreign_key": True}, "signature is missing or not made by the identity provider"),
        ({"audience": "https://other-sp.example/metadata"}, "another audience"),
        ({"destination": "https://evil.example/acs"}, "another destination"),
        ({"recipient": "https://evil.example/acs"}, "another recipient"),
        ({"in_response_to": False}, "unsolicited"),
        ({"email": "eve@elsewhere.example"}, "may not sign in to this workspace"),
        ({"sign_alg": "http://www.w3.org/2000/09/xmldsig#rsa-sha1"}, "weak algorithm"),
        ({"digest_alg": "http://www.w3.org/2000/09/xmldsig#sha1"}, "weak algorithm"),
    ],
)
def test_bad_responses_are_refused(
    app_client: TestClient, api: ApiClient, tenant: Tenant, idp: Idp, change: dict[str, object], words: str
) -> None:
    _configure(api, idp, tenant)
    b = _browser(app_client, idp, tenant.slug)
    acs, response, relay = idp.answer(_to_idp(b, tenant.slug), **change)  # type: ignore[arg-type]
    _refused(b, _post(b, acs, response, relay), words)
    failed = api.get("/audit", params={"action": "auth.sign_in_failed"}).json()["items"]
    assert any(words in f["note"] for f in failed)


def test_an_expired_assertion_is_refused(
    app_client: TestClient, api: ApiClient, tenant: Tenant, idp: Idp, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(api, idp, tenant)
    b = _browser(app_client, idp, tenant.slug)
    url = _to_idp(b, tenant.slug)
    # The IdP's clock: validity ended ten minutes ago, beyond the allowed skew.
    monkeypatch.setattr(saml2.assertion, "in_a_while", lambda **kw: a_while_ago(minutes=10))
    acs, response, relay = idp.answer(url)
    monkeypatch.undo()
    _refused(b, _post(b, acs, response, relay), "expired")


def test_a_replayed_assertion_is_refused(
    app_client: TestClient, api: ApiClient, tenant: Tenant, idp: Idp
) -> None:
    _configure(api, idp, tenant)
    b = _browser(app_client, idp, tenant.slug)
    acs, response, relay = idp.answer(_to_idp(b, tenant.slug))
    assert _post(b, acs, response, relay).status_code == 303
    # A fresh request in another browser, answered with the captured assertion: its id was used.
    c = _browser(app_client, idp, tenant.slug)
    url = _to_idp(c, tenant.slug)
    relay2 = parse_qs(urlsplit(url).query)["RelayState"][0]
    _refused(c, _post(c, acs, response, relay2), "answers another sign-in request (replayed")
    # Behind the single-use request, the assertion id itself is remembered until it expires.
    with unit_of_work() as s:
        saml_service.remember_assertion(
            session=s, workspace_id=tenant.id, assertion_id="_a1", expires_at=time.time() + 60
        )
    with unit_of_work() as s, pytest.raises(Refused, match="already used"):
        saml_service.remember_assertion(
            session=s, workspace_id=tenant.id, assertion_id="_a1", expires_at=time.time() + 60
        )


def test_a_response_posted_from_another_browser_is_refused(
    app_client: TestClient, api: ApiClient, tenant: Tenant, idp: Idp
) -> None:
    _configure(api, idp, tenant)
    b = _browser(app_client, idp, tenant.slug)
    acs, response, relay = idp.answer(_to_idp(b, tenant.slug))
    victim = _browser(app_client, idp, tenant.slug)  # login CSRF: no relay cookie in this browser
    _refused(victim, _post(victim, acs, response, relay), "not started in this browser")
    assert _post(b, acs, response, relay).status_code == 303  # the browser that started it still may


def test_metadata_without_a_signing_certificate_is_refused(api: ApiClient, tenant: Tenant) -> None:
    bad = api.put(
        "/workspace/sso/saml", json={"idp_metadata": "<EntityDescriptor>not metadata</EntityDescriptor>"}
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "idp_metadata"], bad.text
    assert api.get("/workspace/sso/saml").status_code == 404


def test_the_admin_page_saves_an_idp_and_sso_login_goes_to_saml(
    app_client: TestClient, tenant: Tenant, idp: Idp
) -> None:
    from tests.web.test_two_factor import _signed_in_user
    from tests.web.test_ui import _csrf

    b = _signed_in_user(app_client, tenant.user_emails["admin"])
    page = b.get("/admin/sso")
    assert page.status_code == 200 and f"/saml/{tenant.slug}/metadata" in page.text
    form = {
        "idp_metadata": idp.metadata(), "allowed_domains": "corp.example", "role_attribute": "groups",
        "role_map": "cs-managers = manager\n", "default_role": "csm", "jit": "true", "enabled": "true",
        "csrf_token": _csrf(page.text),
    }  # fmt: skip
    assert b.post("/admin/sso/saml", data=form, follow_redirects=False).status_code == 303
    again = b.get("/admin/sso").text
    assert ENTITY_ID in again and "cs-managers = manager" in again
    bad = b.post("/admin/sso/saml", data={**form, "idp_metadata": "<x>not metadata at all</x>"})
    assert bad.status_code == 422 and 'id="saml-error"' in bad.text
    # "Sign in with SSO" by work e-mail finds the workspace and moves on to its SAML start.
    c = _browser(app_client, idp, tenant.slug)
    token = _csrf(c.get("/login/sso").text)
    r = c.post("/login/sso", data={"who": "ada@corp.example", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 200 and f'href="/saml/{tenant.slug}/login?next=' in r.text, r.text


def test_without_xmlsec1_the_config_api_says_so(
    api: ApiClient, idp: Idp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(saml, "xmlsec_binary", lambda: None)
    r = api.put("/workspace/sso/saml", json={"idp_metadata": idp.metadata()})
    assert r.status_code == 422 and "xmlsec1 program" in r.json()["detail"][0]["msg"], r.text


def test_xml_with_entities_is_refused_by_the_parser(
    app_client: TestClient, api: ApiClient, tenant: Tenant, idp: Idp
) -> None:
    _configure(api, idp, tenant)
    b = _browser(app_client, idp, tenant.slug)
    relay = parse_qs(urlsplit(_to_idp(b, tenant.slug)).query)["RelayState"][0]
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0" '
        'IssueInstant="2026-01-01T00:00:00Z">&b;&x;</samlp:Response>'
    )
    acs = f"{BASE}/saml/{tenant.slug}/acs"
    _refused(b, _post(b, acs, base64.b64encode(bomb.encode()).decode(), relay), "not a SAML Response")
