"""The experience and support staff pages (surveys, survey results, the builder, feedback, the CSAT page, the
support report, its drill-down, SLA policies, canned responses and the help-center admin pages) rendered in
all nine languages: nothing a non-English rendering shows may be left as the English text, <html lang dir>
follows the user's choice (Hebrew right to left), and amounts and dates follow the locale."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.i18n import LANGUAGES
from steward.domains.surveys import respond
from steward.domains.surveys.models import Survey
from steward.domains.surveys.schemas import Answer
from steward.web.ui import csat as csat_page
from steward.web.ui import experience_labels
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant
from tests.unit.test_catalogues import SAME_WORD
from tests.web.test_ui import login
from tests.web.test_ui_translated_pages import KEPT, in_every_language, texts, untranslated

# kept in every language
ACRONYMS = {"CSAT", "CES", "JSON", "HMAC-SHA256", "p90", "CSV", "Markdown", "HTML", "px"}


@pytest.fixture
def pages(app_client: TestClient, api: ApiClient, tenant: Tenant) -> dict[str, dict[str, str]]:
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    empty = in_every_language(
        browser,
        {
            "surveys_empty": "/surveys",
            "support_empty": "/support",
            "survey_new": "/surveys/new",
            "policies_empty": "/support/policies",
            "canned_empty": "/support/canned",
            "help_empty": "/help-center",
            "help_report_empty": "/help-center/report",
            "article_new": "/help-center/articles/new",
        },
    )
    zeta = {"external_id": "zeta", "name": "Zeta Kft", "segment": "Enterprise"}
    account = api.post("/accounts", json=zeta).json()["id"]
    themes = [{"name": "Exports", "examples": ["the export is broken", "export fails"]}]
    api.put("/surveys/settings", json={"throttle_days": 30, "themes": themes})  # a themes table and chart
    made = api.post("/surveys", json={"name": "Pulse Q4", "kind": "nps", "recurrence_days": 90})
    assert made.status_code == 201, made.text
    survey_id = made.json()["id"]
    quiet = api.post("/surveys", json={"name": "Quiet one", "kind": "csat", "status": "draft"}).json()["id"]
    with unit_of_work() as s:
        survey = s.get(Survey, survey_id)
        assert survey is not None
        for score, comment in ((3, "Der Export ist seit Wochen kaputt."), (10, "Great team."), (8, None)):
            answer = Answer(score=score, comment=comment)
            respond.record(s, survey, answer, channel="email", account_id=account)
    section = shelf(api)
    article = published(api, section, "Change your password", "Zeta Kft.")
    api.post(f"/help/articles/{article['id']}/translations", json={"language": "de", "title": "Passwort"})
    visitor = TestClient(app_client.app)
    visitor.get(f"/help/{tenant.slug}/en/search", params={"q": "quantum refund"})  # a content gap
    visitor.get(f"/help/{tenant.slug}/en/articles/{article['id']}")  # a view
    hours = {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]}
    calendar = api.post("/sla/calendars", json={"name": "Berlin office", "time_zone": "Europe/Berlin",
                                                "hours": hours, "holidays": ["2026-12-25"]})  # fmt: skip
    assert calendar.status_code == 201, calendar.text
    targets = {"urgent": {"first_response": 30, "resolution": 480}}
    policy = {"name": "Gold care", "filter": {"segments": ["Enterprise"]}, "targets": targets,
              "calendar_id": calendar.json()["id"]}  # fmt: skip
    made_policy = api.post("/sla/policies", json=policy)
    assert made_policy.status_code == 201, made_policy.text
    reply = {
        "title": "Password reset",
        "body": "Hi {{ contact.first_name }}, use the link.",
        "language": "en",
    }
    canned = api.post("/canned-responses", json=reply)
    assert canned.status_code == 201, canned.text
    solved = api.as_key(tenant.keys["agent"]).post(
        "/tickets", json={"subject": "Printer on fire", "status": "solved", "requester_email": "x@y.test"}
    )
    link = api.as_key(tenant.keys["agent"]).post(f"/tickets/{solved.json()['id']}/csat").json()
    csat_path = link["url"].removeprefix("http://testserver")
    urgent = {"subject": "Server down", "priority": "urgent", "account_id": account}
    assert api.post("/tickets", json=urgent).status_code == 201
    window = f"start={date.today() - timedelta(days=30)}&end={date.today() + timedelta(days=1)}"
    filled = in_every_language(
        browser,
        {
            "surveys": "/surveys",
            "results": f"/surveys/{survey_id}",
            "results_empty": f"/surveys/{quiet}",
            "survey_edit": f"/surveys/{survey_id}/edit",
            "results_sent": f"/surveys/{survey_id}?sent=wave:2,invited:1,throttled:2&corrected=response:1",
            "feedback": "/feedback",
            "feedback_error": "/feedback?error=no+reading+with+ref+x",  # the domain's words stay English
            "policies_error": "/support/policies?error=no+account+has+the+segment",
            "feedback_notes": "/feedback?source=notes",
            "policies": "/support/policies",
            "support": "/support",
            "drill": f"/support/drill?by=priority&key=urgent&{window}",
            "drill_metric": f"/support/drill?by=metric&key=first_response&state=running&{window}",
            "drill_empty": f"/support/drill?by=agent&key=none&state=breached&{window}",
            "canned": "/support/canned",
            "canned_edit": f"/support/canned?edit={canned.json()['id']}",
            "help": "/help-center",
            "help_report": "/help-center/report",
            "article": f"/help-center/articles/{article['id']}",
        },
    )
    csat: dict[str, dict[str, str]] = {}  # the customer's page: the browser's language, no staff user
    for language in LANGUAGES:
        customer = TestClient(app_client.app, headers={"Accept-Language": language})
        csat[language] = {"csat": customer.get(csat_path).text, "csat_bad": customer.get("/csat/x").text}
    return {lang: {**empty[lang], **filled[lang], **csat[lang]} for lang in LANGUAGES}


def test_the_experience_pages_leave_no_english_behind(
    pages: dict[str, dict[str, str]], tenant: Tenant, api: ApiClient
) -> None:
    data = {
        "Zeta Kft", "Pulse Q4", "Quiet one", "Der Export ist seit Wochen kaputt.", "Great team.", "Exports",
        "Change your password", "Passwort", "Billing", "Invoices", "quantum refund", "Berlin office",
        "Europe/Berlin", "Gold care", "Enterprise", "Password reset",
        "Printer on fire", "Server down", "Hi {{ contact.first_name }}, use the link.", "admin key",
        "en", "de",  # the language tags of the comments
        f"/help/{tenant.slug}", *ACRONYMS, *KEPT, *tenant.user_emails.values(),
        *(u["name"] for u in api.get("/users").json()),
        *re.findall(r'<span class="workspace">([^<]+)</span>', pages["en"]["surveys"]),
    }  # fmt: skip
    english = pages["en"]
    assert "No surveys yet" in english["surveys_empty"] and "Survey fatigue" in english["surveys"]
    assert "3 answers" in english["surveys"] and "every 90 days" in english["surveys"]
    assert 'id="themes-chart"' in english["results"] and 'name="themes_shown"' in english["feedback"]
    for language in LANGUAGES[1:]:
        for name, html in pages[language].items():
            same = {msgid for lang, msgid in SAME_WORD if lang == language}  # a word spelt alike in both
            left = untranslated(english[name], html, data | same)
            assert not left, f"{language} {name}: English left in {left}"
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html
    assert "No policy yet" in english["policies_empty"] and "Around the clock" in english["policies"]
    assert (
        "No canned responses yet." in english["canned_empty"] and "the requester's name" in english["canned"]
    )
    assert "No article yet." in english["help_empty"] and "Content gaps" in english["help_report"]
    assert "quantum refund" in english["help_report"] and "Submit for review" not in english["article"]
    assert "1 · Very dissatisfied" in english["csat"] and "cannot be used" in english["csat_bad"]
    de, ja, he = pages["de"], pages["ja"], pages["he"]
    assert "Umfragemüdigkeit" in de["surveys"] and "alle 90 Tage" in de["surveys"]
    assert "アンケート疲れ" in ja["surveys"] and "ヘルプセンターのレポート" in ja["help_report"]
    assert (
        "Running SLAs, metric First response" in english["drill_metric"] and "Server down" in english["drill"]
    )
    assert (
        "No tickets behind this figure." in english["drill_empty"]
        and "SLAs met by metric" in english["support"]
    )
    assert "Laufende SLAs, Kennzahl Erste Antwort" in de["drill_metric"] and "サポート" in ja["support"]
    builder_words = re.search(r'id="builder-words">([^<]+)<', de["survey_new"])  # what survey-builder.js says
    assert builder_words and '"Question %(n)s": "Frage %(n)s"' in builder_words.group(1)
    assert "Wie schreibe" not in de["survey_new"] and "So schreiben Sie Fragen" in de["survey_edit"]
    # words that mean something else on other pages, told apart by msgctxt: a reply's title, a survey's status
    assert "<th>タイトル</th>" in ja["canned"] and "Ticketstatus" not in de["surveys"]
    assert "Aufschlüsseln nach" in de["results"] and "<th>Bezeichnung</th>" in de["surveys"]
    assert "Rund um die Uhr" in de["policies"] and "1 Feiertag" in de["policies"]
    assert "Sehr unzufrieden" in de["csat"] and "תודה" not in he["csat"] and 'dir="rtl"' in he["csat"]


def test_the_csat_options_with_words_are_listed_for_extraction() -> None:
    worded = {
        text
        for scale in csat_page.LABELS.values()
        for text in scale.values()
        if any(c.isalpha() for c in text)
    }
    assert worded == set(experience_labels.CSAT_OPTIONS)


def test_the_experience_pages_format_per_locale(pages: dict[str, dict[str, str]]) -> None:
    """Times, shares and counts as each locale writes them (the answers' times, the help center's gaps)."""
    today = date.today()
    for language in ("en", "de", "ja"):
        assert format_date(today, "medium", locale=language) in pages[language]["results"], language
    assert re.search(r"\b\d\d\.\d\d\.\d{4}, \d\d:\d\d\b", " ".join(texts(pages["de"]["help_report"])))
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", " ".join(texts(pages["zh-Hans"]["help_report"])))
