"""The admin and set-up pages (babel/admin.cfg) rendered in all nine languages, filled and empty: a visible
text a non-English rendering leaves as the English one fails (the checker of test_ui_translated_pages);
Hebrew lays out right to left; a few words and formats per locale."""

from __future__ import annotations

import itertools
import json
import re
from html import unescape as html_unescape
from pathlib import Path
from typing import get_args

import pyotp
from fastapi.testclient import TestClient

from steward.analytics.rules import FIELDS
from steward.core.i18n import LANGUAGES
from steward.domains.rules.schemas import Action, Trigger
from steward.domains.sso import oidc
from steward.domains.sync.schemas import ApiObject, RunRead, Target
from steward.web.ui import admin_labels, sync_edit, sync_form
from steward.web.ui.templating import label
from tests.factories import PASSWORD, ApiClient, Tenant
from tests.factories.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider
from tests.web.test_sync_ui import _crm
from tests.web.test_ui import _csrf, login
from tests.web.test_ui_translated_pages import texts, untranslated

_hosts = itertools.count(1)
SAME_WORD = {  # spelt alike in that language, as the earlier catalogue parts have them
    ("de", "Name"),
    ("es", "no"),
    *((lang, "Segment SMB") for lang in ("de", "fr", "pl")),
}


def _client(app_client: TestClient, **headers: str) -> TestClient:
    n = next(_hosts)  # an address of its own: sign-in throttles count per address
    return TestClient(app_client.app, headers=headers, client=(f"198.20.{n // 250}.{n % 250 + 1}", 50000))


def _signed_in(app_client: TestClient, email: str) -> TestClient:
    b = _client(app_client, **{"Accept-Language": "en"})
    data = {"email": email, "password": PASSWORD, "csrf_token": _csrf(b.get("/login").text)}
    assert b.post("/login", data=data, follow_redirects=False).status_code == 303
    return b


def _choose(b: TestClient, language: str) -> str:
    token = _csrf(b.get("/account/sessions").text)
    assert b.post("/account/language", data={"language": language, "csrf_token": token}).status_code == 200
    return token


def _enrol(b: TestClient) -> str:
    """Two-factor sign-in switched on for the signed-in user; the page with their recovery codes."""
    token = _csrf(b.get("/account/two-factor").text)
    setup = b.post("/account/two-factor/start", data={"csrf_token": token})
    secret = re.findall(r'id="totp-secret">([A-Z2-7]+)<', setup.text)[0]
    done = b.post("/account/two-factor/confirm", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert done.status_code == 200 and 'id="recovery-codes"' in done.text, done.text[:300]
    return done.text


def _pages(app_client: TestClient, api: ApiClient, tenant: Tenant) -> dict[str, dict[str, str]]:
    person = {"email": "rita@acme.test", "name": "Rita Roe", "role": "csm", "password": PASSWORD}
    made = api.post("/users", json=person)
    assert made.status_code == 201, made.text
    rita_id = made.json()["id"]
    api.post("/api-keys", json={"name": "Importer", "role": "viewer"})  # one more audit record
    admin = login(_client(app_client), tenant.user_emails["admin"])
    manager_id = next(
        u["id"] for u in api.get("/users").json() if u["email"] == tenant.user_emails["manager"]
    )
    rita = _signed_in(app_client, person["email"])
    out: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        token = _choose(admin, language)
        _choose(rita, language)
        admin_2fa = admin.get("/admin/two-factor").text
        if f'id="reset-{rita_id}"' in admin_2fa:  # switched on in the previous language's round
            admin.post(f"/admin/two-factor/{rita_id}/reset", data={"csrf_token": token})
        codes = _enrol(rita)
        anonymous = _client(app_client, **{"Accept-Language": language})
        sign_in = {
            "email": person["email"],
            "password": PASSWORD,
            "csrf_token": _csrf(anonymous.get("/login").text),
        }
        assert anonymous.post("/login", data=sign_in, follow_redirects=False).status_code == 303
        out[language] = {
            "users": admin.get("/admin/users").text,
            "user_sessions": admin.get(f"/admin/users/{rita_id}/sessions").text,
            "no_sessions": admin.get(f"/admin/users/{manager_id}/sessions").text,  # never signed in
            "two_factor_off": admin.get("/account/two-factor").text,
            "two_factor_setup": admin.post("/account/two-factor/start", data={"csrf_token": token}).text,
            "two_factor_on": rita.get("/account/two-factor").text,
            "two_factor_codes": codes,
            "two_factor_code": anonymous.get("/login/two-factor").text,
            "two_factor_admin": admin.get("/admin/two-factor").text,
            "sso_admin": admin.get("/admin/sso").text,
            "sso_login": _client(app_client, **{"Accept-Language": language}).get("/login/sso").text,
            "audit": admin.get("/admin/audit").text,
            "audit_empty": admin.get("/admin/audit?action=nothing_like.it").text,
        }
    return out


def test_the_admin_pages_leave_no_english_behind(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    pages = _pages(app_client, api, tenant)
    english = pages["en"]
    users = api.get("/users").json()
    workspace = re.findall(r'<span class="workspace">([^<]+)</span>', english["users"])
    data = {
        "Rita Roe",
        "Importer",
        "admin key",
        "SAML",
        "OpenID Connect",
        "testclient",
        *workspace,
        *tenant.user_emails.values(),
    }
    data |= {u["email"] for u in users} | {u["name"] for u in users if u["name"]}
    assert (
        "Signing a browser out" in english["user_sessions"]
        and "No signed-in browsers." in english["no_sessions"]
    )
    assert "Off." in english["two_factor_off"] and "On." in english["two_factor_on"]
    assert (
        "Recovery codes left: 10" in english["two_factor_on"]
        and "Keep these recovery codes" in english["two_factor_codes"]
    )
    assert (
        "6-digit code" in english["two_factor_code"] and "Scan the QR code" not in english["two_factor_setup"]
    )
    assert (
        "Single sign-on (OpenID Connect)" in english["sso_admin"]
        and "Workspace or work e-mail" in english["sso_login"]
    )
    assert "Every change made by" in english["audit"] and 'id="audit"' in english["audit"]
    assert "No records" in english["audit_empty"]
    for language in LANGUAGES[1:]:
        for name, html in pages[language].items():
            left = [t for t in untranslated(english[name], html, data) if (language, t) not in SAME_WORD]
            assert not left, f"{language} {name}: English left in {left}"
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html, (
                language,
                name,
            )
    de, ja = pages["de"], pages["ja"]
    assert "Zwei-Faktor-Anmeldung einrichten" in de["two_factor_off"] and "Prüfprotokoll" in de["audit"]
    assert "リカバリーコード" in ja["two_factor_codes"] and "監査ログ" in ja["audit"]
    assert "Sesje użytkownika Rita Roe" in pages["pl"]["user_sessions"]
    when = " ".join(texts(de["user_sessions"], {"sessions"}))
    assert re.search(r"\b\d\d\.\d\d\.\d{4}, \d\d:\d\d\b", when), when  # the locale's own date and time


RULE = {
    "name": "SMB check-ins",
    "trigger": {"kind": "schedule"},
    "conditions": [{"field": "segment", "op": "eq", "value": "SMB"}],
    "actions": [{"kind": "create_cta", "type": "activity", "reason": "Say hello", "due_in_days": 3}],
}


def _rule_and_sync_pages(
    app_client: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> dict[str, dict[str, str]]:
    """The rules and data sync pages in every language: empty first, then with a rule that matches two of
    five accounts and has run once, and a SQL source that ran once (two accounts made, 60 rows refused)."""
    admin = login(_client(app_client), tenant.user_emails["admin"])
    out: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        _choose(admin, language)
        out[language] = {"rules_empty": admin.get("/rules").text, "sync_empty": admin.get("/sync").text}
    for n, segment in enumerate(("SMB", "SMB", "Enterprise")):
        body = {"external_id": f"c{n}", "name": f"Co {n}", "segment": segment}
        assert api.post("/accounts", json=body).status_code == 201
    rule = api.post("/rules", json=RULE).json()
    src = api.post("/sync/sources", json={
        "name": "crm", "kind": "sql", "url": _crm(tmp_path), "table": "t", "target": "accounts",
        "mapping": {"id": "external_id", "name": "name"}, "every_minutes": 60,
    }).json()  # fmt: skip
    token = _choose(admin, "en")
    assert (
        admin.post(f"/rules/{rule['id']}/act", data={"action": "run", "csrf_token": token}).status_code == 200
    )
    ran = admin.post(f"/sync/{src['id']}/run", data={"csrf_token": token}, follow_redirects=False)
    run_url = ran.headers["location"]
    bad_mapping = {  # a column mapped to no field of accounts: the form answers "Mapping (id): ..."
        "action": "save", "kind": "sql", "target": "accounts", "url": "", "table": "t", "cursor_column": "",
        "every_minutes": "60", "column": ["id"], "target_field": ["no_such_field"], "owner": ["source"],
    }  # fmt: skip
    definition = json.dumps({k: RULE[k] for k in ("trigger", "conditions", "actions")})
    for language in LANGUAGES:
        token = _choose(admin, language)
        editor = {"name": "Draft", "definition": definition, "csrf_token": token}
        out[language] |= {
            "rules": admin.get("/rules").text,
            "rule": admin.get(f"/rules/{rule['id']}").text,
            "rule_matches": admin.get(f"/rules/{rule['id']}/matches").text,
            "rule_matches_part": admin.get(f"/rules/{rule['id']}/matches?part=1").text,
            "rule_new": admin.get("/rules/new").text,
            "rule_edit": admin.get(f"/rules/{rule['id']}/edit").text,
            "rule_preview": admin.post("/rules/editor", data={**editor, "action": "preview"}).text,
            "rule_errors": admin.post(
                "/rules/editor", data={**editor, "definition": "{", "action": "save"}
            ).text,
            "sync": admin.get("/sync").text,
            "sync_source": admin.get(f"/sync/{src['id']}").text,
            "sync_preview": admin.post(f"/sync/{src['id']}/preview", data={"csrf_token": token}).text,
            "sync_run": admin.get(run_url).text,
            "sync_new": admin.get("/sync/new?kind=sql").text,
            "sync_new_api": admin.get("/sync/new?kind=salesforce").text,
            "sync_edit": admin.get(f"/sync/{src['id']}/edit").text,
            "sync_refused": admin.post(
                f"/sync/{src['id']}/edit", data=bad_mapping | {"csrf_token": token}
            ).text,
        }
    return out


def test_the_rules_and_sync_pages_leave_no_english_behind(
    app_client: TestClient, api: ApiClient, tenant: Tenant, tmp_path: Path
) -> None:
    pages = _rule_and_sync_pages(app_client, api, tenant, tmp_path)
    english = pages["en"]
    workspace = re.findall(r'<span class="workspace">([^<]+)</span>', english["rules"])
    data = {"SMB check-ins", "SMB", "Co 0", "Co 1", "Draft", "crm", "Stripe", "HubSpot", "Salesforce", "ms"}
    data |= {"Parquet", "CSV", "CRM", "URL", *workspace, *tenant.user_emails.values()}
    data |= {u["name"] for u in api.get("/users").json() if u["name"]}
    data |= {"dup", "Globex", "Acme <b>", *(f"Copy {n}" for n in range(60))}  # the source's rows
    assert "No rules yet" in english["rules_empty"] and "No sources yet" in english["sync_empty"]
    assert "+ 1 condition" in english["rules"] and "2 matched, 2 CTAs made" in english["rules"]
    assert "Matches now: 2 of 5" in english["rule_matches"] and "Segment SMB" in english["rule_matches_part"]
    assert "counting…" in english["rule"] and "Not run yet." not in english["rule"]
    assert "JSON reference" in english["rule_new"] and "Matches now: 2 of 5" in english["rule_preview"]
    assert 'id="rule-errors"' in english["rule_errors"] and "62 rows read: 2 created" in english["sync_run"]
    assert "every 60 min" in english["sync"] and "Page 1 of 2" in english["sync_run"]
    assert "Mapping: source column" in english["sync_new"] and "your instance URL" in english["sync_new_api"]
    assert "Delete this source" in english["sync_edit"] and 'id="preview"' in english["sync_preview"]
    for language in LANGUAGES[1:]:
        for name, html in pages[language].items():
            left = [t for t in untranslated(english[name], html, data) if (language, t) not in SAME_WORD]
            assert not left, f"{language} {name}: English left in {left}"
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html or (
                name == "rule_matches_part"  # a fragment the rule page fetches into itself
            ), (language, name)
    de, ja = pages["de"], pages["ja"]
    assert "Aktuelle Treffer: 2 von 5" in de["rule_matches_part"]
    assert 'id="form-errors"' in english["sync_refused"] and "Zuordnung (id)" in de["sync_refused"]
    assert "Regel bearbeiten" in de["rule_edit"] and "Neue Quelle" in de["sync"]
    assert "62 行を読み込み" in ja["sync_run"] and "ルール" in ja["rules"]
    words = json.loads(html_unescape(re.findall(r"data-words='([^']+)'", de["rule_edit"])[0]))
    assert words["Add condition"] == "Bedingung hinzufügen" and words["is at least"] == "ist mindestens"
    names = json.loads(html_unescape(re.findall(r"data-names='([^']+)'", ja["rule_edit"])[0]))
    assert names["days_to_renewal"] == "更新までの日数" and names["arr"] == "ARR"


def test_the_admin_labels_name_everything_the_domain_has() -> None:
    """A new trigger, action, rule field, sync kind, object, run state or form field would otherwise show in
    English on a translated page: web/ui/admin_labels.py must list it for the catalogue."""

    def kinds(union: object) -> set[str]:
        models = get_args(get_args(union)[0])
        return {get_args(m.model_fields["kind"].annotation)[0] for m in models}

    assert {label(k) for k in kinds(Trigger) | kinds(Action)} == set(admin_labels.RULE_KINDS)
    assert set(admin_labels.FIELD_LABELS) == set(FIELDS)
    assert set(sync_edit.KINDS.values()) - {"Stripe", "HubSpot", "Salesforce"} == set(admin_labels.SYNC_KINDS)
    assert set(get_args(ApiObject)) | set(get_args(Target)) == set(admin_labels.SYNC_TARGETS)
    assert set(sync_form.LABELS.values()) == set(admin_labels.SYNC_FIELDS)
    assert set(get_args(RunRead.model_fields["status"].annotation)) == set(admin_labels.SYNC_STATUSES)


def test_single_sign_on_configured_speaks_every_language(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    """The SSO admin page with a provider saved, the hop to the provider and a refused SSO sign-in, against a
    real OpenID provider on 127.0.0.1, in every language (the sign-in pages by the browser's)."""
    oidc.clear_cache()
    with running_provider() as op:
        body = {
            "issuer": op.issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "allowed_domains": ["corp.example"], "role_claim": "groups",
            "role_map": [{"value": "cs-managers", "role": "manager"}], "jit": True, "default_role": "viewer",
        }  # fmt: skip
        assert api.put("/workspace/sso", json=body).status_code == 200
        admin = login(_client(app_client), tenant.user_emails["admin"])
        pages: dict[str, dict[str, str]] = {}
        for language in LANGUAGES:
            _choose(admin, language)
            anonymous = _client(app_client, **{"Accept-Language": language})
            token = _csrf(anonymous.get("/login/sso").text)
            hop = {"who": "ada@corp.example", "csrf_token": token, "next": ""}
            pages[language] = {
                "sso_admin": admin.get("/admin/sso").text,
                "sso_redirect": anonymous.post("/login/sso", data=hop, follow_redirects=False).text,
                "sso_refused": anonymous.post("/login/sso", data={**hop, "who": "nobody@else.example"}).text,
            }
    english = pages["en"]
    assert "Taking you to your identity provider" in english["sso_redirect"]
    assert 'id="sso-error"' in english["sso_refused"] and "(leave empty to keep)" in english["sso_admin"]
    data = {
        "SAML",
        "OpenID Connect",
        "Steward",
        tenant.slug,
        *re.findall(r'class="workspace">([^<]+)<', english["sso_admin"]),
    }
    data |= {u["name"] for u in api.get("/users").json() if u["name"]}
    for language in LANGUAGES[1:]:
        for name, html in pages[language].items():
            left = untranslated(english[name], html, data)
            assert not left, f"{language} {name}: English left in {left}"
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html, (
                language,
                name,
            )
    assert "ID プロバイダーに移動しています" in pages["ja"]["sso_redirect"]
    assert "leer lassen" in pages["de"]["sso_admin"] and 'lang="en"' in pages["de"]["sso_refused"]
