"""The account page and its neighbours in all nine languages (issue 24, item 5): every tab of a filled
account (health score and chart, usage, support, sentiment, advocacy, timeline, plan, contacts, subscription)
and of an empty one, its CTA (open and snoozed), success plans with and without objectives, journeys and a
journey, business reviews and a review pack, the ICP fit and the sessions page. A visible English text left in
another language fails (`untranslated`, as for the other translated pages); a few formats are checked."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import date, timedelta

import orjson
from babel.dates import format_date
from fastapi.testclient import TestClient

from steward.core.i18n import LANGUAGES
from tests.factories import ApiClient, Tenant
from tests.unit.test_catalogues import SAME_WORD
from tests.web.test_ui import login
from tests.web.test_ui_translated_pages import in_every_language, texts, untranslated

TEMPLATE = {
    "name": "Enterprise onboarding", "segment": "Enterprise",
    "objectives": [
        {"title": "Go live", "due_offset_days": 30, "items": [
            {"kind": "task", "title": "Connect SSO", "offset_days": 7},
            {"kind": "milestone", "title": "First team live", "offset_days": 30}]},
        {"title": "Team adoption", "start_offset_days": 30, "due_offset_days": 90, "items": []},
    ],
}  # fmt: skip
SCORECARD = {
    "name": "Default",
    "groups": [
        {"key": "engagement", "weight": 70, "measures": [
            {"key": "activities_90d", "weight": 60, "mapping": {"poor": 2, "good": 15}},
            {"key": "days_since_activity", "weight": 40, "mapping": {"poor": 60, "good": 7}}]},
        {"key": "risk", "weight": 30, "measures": [
            {"key": "churn_probability", "weight": 100, "mapping": {"poor": 0.5, "good": 0.1}}]},
    ],
}  # fmt: skip
JOURNEY = {
    "name": "Rollout path",
    "enter_when": [{"field": "segment", "op": "eq", "value": "Enterprise"}],
    "stages": [
        {"key": "kickoff", "name": "Kick-off", "expected_days": 14,
         "exit_when": [{"field": "contacts", "op": "gte", "value": 5}]},
        {"key": "live", "name": "Live", "value": True},
    ],
}  # fmt: skip
DATA = {  # the test's own data, shown as written in every language
    "Zeta Kft",
    "Empty Oy",
    "Enterprise",
    "zeta.example",
    "zeta",
    "Pro",
    "Ana Kovacs",
    "Bo Li",
    "ana@zeta.example",
    "Kickoff call",
    "Went through the rollout",
    "Call the sponsor",
    "Quarterly check-in",
    "Book the call",
    "Left a voicemail",
    "Waits",
    "Zeta 2027",
    "Empty plan",
    "Go live",
    "Team adoption",
    "Connect SSO",
    "First team live",
    "Rollout path",
    "Kick-off",
    "Live",
    "Default",
    "Printer on fire",
    "Sponsor is happy",
    "Report",
    "Knows the CFO",
    "testclient",
    "Enterprise onboarding",
    "empty",
    "Great rollout",
    # what Steward recorded when the answer came in (a CTA, a timeline entry): records, stored in English
    "Promoter: NPS 9 from Ana Kovacs. Ask for a review or a referral",
    "NPS 9 from Ana Kovacs",
    "Survey: NPS",
    "CSAT",  # an acronym every catalogue keeps, like NPS
}


def _send_usage(app_client: TestClient, key: str) -> None:
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    track = {"type": "track", "userId": "u1", "event": "Report", "context": {"groupId": "zeta"}}
    body = orjson.dumps({"batch": [track | {"messageId": "m1"}, track | {"messageId": "m2", "userId": "u2"}]})
    assert app_client.post("/v1/batch", content=body, headers=auth).status_code == 200


def _account_with_everything(app_client: TestClient, api: ApiClient, tenant: Tenant) -> dict[str, int]:
    """A filled account (Zeta Kft) and an empty one; ids of what the pages show."""
    zeta = api.post(
        "/accounts",
        json={
            "external_id": "zeta",
            "name": "Zeta Kft",
            "segment": "Enterprise",
            "domain": "zeta.example",
            "lifecycle_stage": "onboarding",
        },
    ).json()["id"]
    empty = api.post("/accounts", json={"external_id": "empty", "name": "Empty Oy"}).json()["id"]
    started = (date.today() - timedelta(days=300)).isoformat()
    sub = {"external_id": "zeta-1", "account_id": zeta, "plan": "Pro", "amount_minor": 1234500, "seats": 20}
    made = api.post(
        "/subscriptions", json={**sub, "currency": "USD", "billing_period": "year", "start_date": started}
    )
    assert made.status_code == 201, made.text
    ana = api.post(
        "/contacts",
        json={"external_id": "ana", "account_id": zeta, "name": "Ana Kovacs", "email": "ana@zeta.example",
              "role": "champion"},
    ).json()["id"]  # fmt: skip
    api.post("/contacts", json={"external_id": "bo", "account_id": zeta, "name": "Bo Li"})
    logged = api.post(
        "/timeline",
        json={"account_id": zeta, "kind": "call", "subject": "Kickoff call",
              "body": "Went through the rollout", "contact_ids": [ana]},
    )  # fmt: skip
    assert logged.status_code == 201, logged.text
    due = (date.today() - timedelta(days=2)).isoformat()
    cta = api.post(
        "/ctas", json={"account_id": zeta, "type": "risk", "reason": "Call the sponsor", "due_date": due}
    )
    assert cta.status_code == 201, cta.text
    api.post(f"/ctas/{cta.json()['id']}/tasks", json={"title": "Book the call", "due_date": due})
    api.post(f"/ctas/{cta.json()['id']}/comments", json={"body": "Left a voicemail"})
    later = api.post("/ctas", json={"account_id": zeta, "type": "activity", "reason": "Quarterly check-in"})
    until = (date.today() + timedelta(days=9)).isoformat()
    assert (
        api.post(f"/ctas/{later.json()['id']}/snooze", json={"until": until, "reason": "Waits"}).status_code
        == 200
    )
    assert api.post("/plans/templates", json=TEMPLATE).status_code == 201
    plan = api.post("/plans", json={"account_id": zeta, "title": "Zeta 2027"}).json()["id"]
    bare = api.post("/plans", json={"account_id": empty, "title": "Empty plan"}).json()["id"]
    ticket = api.post("/tickets", json={"subject": "Printer on fire", "priority": "high", "account_id": zeta})
    assert ticket.status_code == 201, ticket.text
    felt = api.post(f"/accounts/{zeta}/sentiment", json={"score": 8, "comment": "Sponsor is happy"})
    assert felt.status_code == 201, felt.text
    asked = api.post(
        "/advocacy/requests", json={"contact_id": ana, "kind": "case_study", "notes": "Knows the CFO"}
    )
    assert asked.status_code == 201, asked.text
    called = api.post("/advocacy/requests", json={"contact_id": ana, "kind": "reference_call"}).json()
    done = api.patch(f"/advocacy/requests/{called['id']}", json={"status": "completed"})  # the review pack's
    assert done.status_code == 200, done.text
    survey = api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()
    secret = api.get(f"/surveys/{survey['id']}/widget-secret").json()["widget_secret"]
    signed = hmac.new(secret.encode(), b"ana", hashlib.sha256).hexdigest()
    answer = {"score": 9, "comment": "Great rollout", "user_id": "ana", "user_hash": signed}  # Ana's: Zeta's
    answered = app_client.post(f"/api/v1/widget/surveys/{survey['public_key']}/responses", json=answer)
    assert answered.status_code == 201, answered.text
    _send_usage(app_client, tenant.write_key)
    api.post("/usage/rollup")
    card = api.post("/health/scorecards", json=SCORECARD)
    assert card.status_code == 201, card.text
    api.post(f"/health/scorecards/{card.json()['id']}/recompute", params={"backfill_days": 7})
    return {"zeta": zeta, "empty": empty, "cta": cta.json()["id"], "snoozed": later.json()["id"],
            "plan": plan, "bare": bare}  # fmt: skip


def test_the_account_page_and_its_neighbours_leave_no_english_behind(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    ids = _account_with_everything(app_client, api, tenant)
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    pages = in_every_language(browser, {"journeys_none": "/journeys", "reviews_none": "/reviews"})
    journey = api.post("/journeys", json=JOURNEY).json()["id"]
    api.post(f"/journeys/{journey}/advance")
    assert api.put("/reviews/cadence", json={"every_days": {"Enterprise": 90}}).status_code == 200
    assert api.post("/reviews/schedule-due").json() == {"scheduled": 1}
    (review,) = api.get("/reviews").json()
    paths = {
        "account": f"/accounts/{ids['zeta']}", "account_empty": f"/accounts/{ids['empty']}",
        "cta": f"/ctas/{ids['cta']}", "cta_snoozed": f"/ctas/{ids['snoozed']}",
        "plan": f"/plans/{ids['plan']}", "plan_empty": f"/plans/{ids['bare']}",
        "journeys": "/journeys", "journey": f"/journeys/{journey}", "reviews": "/reviews",
        "reviews_mine": "/reviews?mine=true", "review": f"/reviews/{review['id']}",
        "icp": f"/icp/accounts/{ids['zeta']}", "sessions": "/account/sessions",
    }  # fmt: skip
    for language, more in in_every_language(browser, paths).items():
        pages[language].update(more)
    english = pages["en"]
    account = english["account"]
    for filled in ("health-breakdown", "usage-chart", "health-trend", "support-tickets", "sentiments"):
        assert f'id="{filled}"' in account, filled
    assert "Kickoff call" in account and "Case study" in account and "Zeta 2027" in account
    assert "No churn model yet." in account and 'id="voice-answers"' in account and "Great rollout" in account
    empty = english["account_empty"]
    assert "No contacts yet." in empty and "No subscriptions." in empty and "No survey answers" in empty
    assert "Book the call" in english["cta"] and "Snoozed until" in english["cta_snoozed"]
    assert "Connect SSO" in english["plan"] and "No objectives yet." in english["plan_empty"]
    assert "No journeys yet" in english["journeys_none"] and "Kick-off" in english["journey"]
    assert (
        "No cadence set" in english["reviews_none"]
        and "No review scheduled for you." in english["reviews_mine"]
    )
    assert "Business review: Zeta Kft" in english["review"] and "Your sessions" in english["sessions"]
    data = DATA | set(tenant.user_emails.values()) | {u["name"] for u in api.get("/users").json()}
    data |= set(re.findall(r'<span class="workspace">([^<]+)</span>', account))
    alike = {lang: {m for x, m in SAME_WORD if x == lang} for lang in LANGUAGES}  # e.g. "Name" in German
    left = {
        f"{language} {name}": found
        for language in LANGUAGES[1:]
        for name, html in pages[language].items()
        if (found := untranslated(english[name], html, data | alike[language]))
    }
    assert not left, f"English left behind: {left}"
    for language in LANGUAGES[1:]:
        for html in pages[language].values():
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html

    # Words and formats of the locale: money, days, plural forms and the header's lifecycle stage
    de = " ".join(texts(pages["de"]["account"], {"subscriptions", "plans", "churn", "health"}))
    assert "12.345,00 $" in de.replace("\xa0", " ") and "Erfolgspläne" in de and "Kennzahl" in de
    assert ">Onboarding-Phase<" in pages["de"]["account"]  # the lifecycle stage in the header
    overdue = date.today() - timedelta(days=2)  # the CTA's due day, as Japanese writes it
    ja_ctas = " ".join(texts(pages["ja"]["account"], {"ctas"}))
    assert f"期限 {format_date(overdue, 'medium', locale='ja')}" in ja_ctas
    assert "Zeta Kft のサクセスプラン" in pages["ja"]["account"]  # the new plan's proposed title
    assert (
        "Kontakty (2)" in pages["pl"]["account"] and "Przegląd biznesowy: Zeta Kft" in pages["pl"]["review"]
    )
    assert "תוכניות הצלחה" in pages["he"]["account"] and "יעד" in pages["he"]["cta"]
    # The review pack's advocacy lines worded in the page's language (kind and contact, not the API's English)
    assert "Reference call by Ana Kovacs" in " ".join(texts(pages["en"]["review"], {"advocacy-done"}))
    assert "von Ana Kovacs" in " ".join(texts(pages["de"]["review"], {"advocacy-done"}))
    assert "Ana Kovacsによる" in " ".join(texts(pages["ja"]["review"], {"advocacy-done"}))
