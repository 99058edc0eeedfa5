"""The managers' survey pages over HTTP: the empty list, the builder (a custom survey with a branching
question; errors named by line and kept as typed), sending, roles, escaping, the results page after a few
answers, and workspace isolation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.surveys import respond
from steward.domains.surveys.models import Survey, SurveyInvite
from steward.domains.surveys.schemas import Answer
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from steward.web.ui.survey_form import parse_questions, questions_text, survey_body
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.factories.charts import chart_spec
from tests.web.test_ui import _csrf, login

BUILDER = {
    "name": "Onboarding check",
    "kind": "custom",
    "purpose": "transactional",
    "points": "5",
    "recurrence_days": "",
    "reminder_days": "3",
    "expires_days": "14",
    "status": "active",
    "segments": "",
    "tiers": "",
    "roles": "",
}
QUESTIONS = """# key | type | prompt | options | show if | required
ease | rating | How easy was onboarding? | 1-5 | | required
what_hard | text | What was hard? | | <=2 |
role | choice | Your role? | Admin; User"""


@pytest.fixture
def browser(app_client: TestClient, tenant: Tenant) -> TestClient:
    return login(TestClient(app_client.app), tenant.user_emails["admin"])


def _user(tenant: Tenant, role: Role) -> str:
    email = f"{role.value}-surveys-{tenant.id}@example.com"
    with unit_of_work() as s:
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(email=email, name=f"{role.value} person", role=role, password=PASSWORD),
        )
    return email


def _create(browser: TestClient, form: dict[str, str]) -> Any:
    token = _csrf(browser.get("/surveys/new").text)
    return browser.post("/surveys/new", data={**form, "csrf_token": token}, follow_redirects=False)


def test_syntax_round_trip() -> None:
    parsed = parse_questions(QUESTIONS)
    assert parsed.errors == [] and parsed.lines == [2, 3, 4]
    assert parsed.questions[1]["show_if"] == {"score_max": 2}
    assert parsed.questions[0]["required"] and (parsed.questions[0]["low"], parsed.questions[0]["high"]) == (
        1,
        5,
    )
    again = parse_questions(questions_text(parsed.questions))
    assert again.questions == parsed.questions
    assert parse_questions("a | text | Why? | | 7-8").questions[0]["show_if"] == {
        "score_min": 7,
        "score_max": 8,
    }
    bad = parse_questions(
        "ok | text | Fine\nBad Key | text | x\nz | rating | x | five\nw | text | x | | soon"
    )
    assert [e.split(":")[0] for e in bad.errors] == ["Line 2", "Line 3", "Line 4"]


def test_empty_list_then_builder_creates_a_branching_custom_survey(
    browser: TestClient, api: ApiClient
) -> None:
    page = browser.get("/surveys")
    assert (
        page.status_code == 200 and 'id="surveys-empty"' in page.text and 'href="/surveys/new"' in page.text
    )
    assert 'href="/surveys" class="active"' in page.text
    made = _create(browser, {**BUILDER, "questions": QUESTIONS})
    assert made.status_code == 303, made.text
    survey_id = int(made.headers["location"].rsplit("/", 1)[1])
    stored = api.get(f"/surveys/{survey_id}").json()
    assert [q["key"] for q in stored["questions"]] == ["ease", "what_hard", "role"]
    assert stored["questions"][1]["show_if"]["score_max"] == 2 and stored["purpose"] == "transactional"
    results = browser.get(f"/surveys/{survey_id}")
    assert results.status_code == 200 and 'id="responses-empty"' in results.text
    assert f"/s/p/{stored['public_key']}" in results.text
    with unit_of_work() as s:
        row = s.get(Survey, survey_id)
        assert row is not None
        secret = row.widget_secret
    assert f'id="widget-secret">{secret}<' in results.text  # admins see it, to sign user ids
    embed = "&lt;script src=&#34;http://testserver/static/steward-widget.js&#34;"  # the host asked
    assert embed in results.text and f"data-survey=&#34;{stored['public_key']}&#34;" in results.text
    listing = browser.get("/surveys")
    assert "Onboarding check" in listing.text and 'id="surveys"' in listing.text

    edit = browser.get(f"/surveys/{survey_id}/edit")
    assert "what_hard | text | What was hard? |  | &lt;=2" in edit.text
    form = {**BUILDER, "name": "Onboarding check v2", "questions": QUESTIONS, "csrf_token": _csrf(edit.text)}
    saved = browser.post(f"/surveys/{survey_id}/edit", data=form, follow_redirects=False)
    assert (
        saved.status_code == 303 and api.get(f"/surveys/{survey_id}").json()["name"] == "Onboarding check v2"
    )


def test_builder_errors_name_the_line_and_keep_the_input(browser: TestClient, api: ApiClient) -> None:
    typed = "fix_first | text | What should we fix first? | | <=6\nwhy | txt | Why?"
    bad = _create(browser, {**BUILDER, "kind": "nps", "questions": typed})
    assert bad.status_code == 422 and 'id="survey-errors"' in bad.text
    assert "Line 2: type must be rating, choice or text, not &#39;txt&#39;" in bad.text
    assert "why | txt | Why?" in bad.text and 'value="Onboarding check"' in bad.text  # kept as typed
    off_scale = _create(browser, {**BUILDER, "kind": "nps", "questions": "\n\nlow | text | Why? | | <=11"})
    assert "Line 3: question &#39;low&#39; branches on a score outside 0-10" in off_scale.text
    twice = _create(browser, {**BUILDER, "questions": "a | rating | A?\nb | text | B?\na | text | Again?"})
    assert "Line 3: question key &#39;a&#39; is used twice" in twice.text
    fields = _create(browser, {**BUILDER, "name": "", "kind": "csat", "points": "4", "recurrence_days": "3"})
    assert (
        fields.status_code == 422 and "Recurrence days: Must be at least 7" in fields.text
    )  # worded on the page
    assert "Name: Required" in fields.text
    not_a_number = _create(browser, {**BUILDER, "expires_days": "two weeks", "questions": QUESTIONS})
    assert "Expiry days: a whole number, not &#39;two weeks&#39;" in not_a_number.text
    empty_custom = _create(browser, {**BUILDER, "questions": "# only a comment"})
    assert "a custom survey needs at least one question" in empty_custom.text
    assert api.get("/surveys").json() == []


def test_roles_csrf_and_escaping(app_client: TestClient, browser: TestClient, tenant: Tenant) -> None:
    viewer = login(TestClient(app_client.app), _user(tenant, Role.viewer))
    assert viewer.get("/surveys").status_code == 200
    assert 'href="/surveys/new"' not in viewer.get("/surveys").text
    assert viewer.get("/surveys/new").status_code == 403
    token = _csrf(viewer.get("/surveys").text)
    assert viewer.post("/surveys/new", data={**BUILDER, "csrf_token": token}).status_code == 403
    assert (
        browser.post("/surveys/new", data={**BUILDER, "questions": QUESTIONS}).status_code == 403
    )  # no token

    evil = "<script>alert(1)</script>"
    made = _create(browser, {**BUILDER, "name": evil, "questions": f"q | choice | {evil} | <b>A</b>; B"})
    survey_id = int(made.headers["location"].rsplit("/", 1)[1])
    for path in ("/surveys", f"/surveys/{survey_id}", f"/surveys/{survey_id}/edit"):
        text = browser.get(path).text
        assert evil not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text, path
    assert viewer.get(f"/surveys/{survey_id}").status_code == 200
    assert 'id="widget-secret"' not in viewer.get(f"/surveys/{survey_id}").text  # admins only
    assert viewer.get(f"/surveys/{survey_id}/edit").status_code == 403
    assert viewer.post(f"/surveys/{survey_id}/send", data={"csrf_token": token}).status_code == 403

    stranger = login(TestClient(app_client.app), make_tenant("Other").user_emails["admin"])
    assert stranger.get(f"/surveys/{survey_id}").status_code == 404
    assert stranger.get(f"/surveys/{survey_id}/edit").status_code == 404
    other_token = _csrf(stranger.get("/surveys").text)
    assert stranger.post(f"/surveys/{survey_id}/send", data={"csrf_token": other_token}).status_code == 404


def test_send_and_results_after_answers(browser: TestClient, api: ApiClient, tenant: Tenant) -> None:
    accounts = {
        ext: api.post("/accounts", json={"external_id": ext, "name": ext.title(), "segment": seg}).json()[
            "id"
        ]
        for ext, seg in (("acme", "Enterprise"), ("tiny", "SMB"))
    }
    contacts = {}
    for ext, account, lang in (("dana", "acme", "de"), ("eli", "acme", "en"), ("sam", "tiny", "en")):
        body = {
            "external_id": ext,
            "account_id": accounts[account],
            "name": ext.title(),
            "email": f"{ext}@x.test",
            "language": lang,
        }
        contacts[ext] = api.post("/contacts", json=body).json()["id"]
    nps_form = {
        **BUILDER,
        "name": "Quarterly NPS",
        "kind": "nps",
        "purpose": "relationship",
        "questions": "fix_first | text | What should we fix first? | | <=6",
    }
    survey_id = int(_create(browser, nps_form).headers["location"].rsplit("/", 1)[1])
    page = browser.get(f"/surveys/{survey_id}")
    token = _csrf(page.text)
    wrong = browser.post(f"/surveys/{survey_id}/send", data={"contact_ids": "1, x", "csrf_token": token})
    assert 'id="survey-error"' in wrong.text and "whole numbers" in wrong.text
    unknown = browser.post(f"/surveys/{survey_id}/send", data={"contact_ids": "999999", "csrf_token": token})
    assert "no contact with id 999999" in unknown.text
    ids = f"{contacts['dana']}, {contacts['eli']}, {contacts['sam']}"
    sent = browser.post(f"/surveys/{survey_id}/send", data={"contact_ids": ids, "csrf_token": token})
    assert re.search(r'id="send-result">Wave 1: <strong>3</strong> invited', sent.text), sent.text
    again = browser.post(f"/surveys/{survey_id}/send", data={"contact_ids": ids, "csrf_token": token})
    assert "<strong>0</strong> invited; skipped: 3 throttled" in again.text

    with unit_of_work() as s:
        survey = s.get(Survey, survey_id)
        assert survey is not None
        invites = {i.contact_id: i for i in s.scalars(select(SurveyInvite))}
        answers = (
            ("dana", 3, "Der Export ist seit Wochen kaputt und niemand hilft uns. Sehr enttäuschend."),
            ("eli", 10, "Great product, the team is wonderful."),
            ("sam", 8, None),
        )
        for name, score, comment in answers:
            invite = invites[contacts[name]]
            extra = {"fix_first": "Export"} if score <= 6 else {}
            respond.record(
                s,
                survey,
                Answer(score=score, comment=comment, answers=extra),
                channel="email",
                contact_id=invite.contact_id,
                account_id=invite.account_id,
                wave=invite.wave,
            )
    results = browser.get(f"/surveys/{survey_id}")
    assert results.status_code == 200
    assert 'id="survey-score">+0<' in results.text  # one promoter, one passive, one detractor
    given = chart_spec(results.text, "distribution-chart")
    assert given["labels"] == [str(n) for n in range(11)]
    (answers,) = given["series"]
    assert answers["tones"] == ["red"] * 7 + ["amber"] * 2 + ["green"] * 2  # detractors 0-6, promoters 9-10
    assert sum(answers["values"]) == 3
    assert f'href="/accounts/{accounts["acme"]}"' in results.text and "Dana" in results.text
    assert 'dir="auto" lang="de">Der Export' in results.text and "fix_first: Export" in results.text
    assert "<td>Enterprise</td>" in results.text and "<td>Wave 1</td>" in results.text
    by_account = browser.get(f"/surveys/{survey_id}", params={"by": "account"})
    assert f'<a href="/accounts/{accounts["tiny"]}">Tiny</a>' in by_account.text
    assert browser.get(f"/surveys/{survey_id}", params={"by": "nonsense"}).status_code == 200
    listing = browser.get("/surveys")
    assert re.search(r'id="headline-nps"><span>NPS</span><strong>\+0</strong>', listing.text)


def test_editing_keeps_what_the_form_does_not_show() -> None:
    previous = {
        "points": 7,
        "questions": [
            {"key": "why", "type": "text", "prompt": "Why?", "prompts": {"he": "למה?"}},
            {"key": "how", "type": "text", "prompt": "How?", "prompts": {"de": "Wie?"}},
        ],
        "audience": {"account_fields": {"region": ["EU"]}},
    }
    form = {
        "name": "N",
        "kind": "nps",
        "purpose": "relationship",
        "status": "active",
        "questions": "why | text | Why?\nhow | text | How exactly?",
    }
    data, errors = survey_body(form, previous)
    assert errors == [] and data is not None
    assert data.questions[0].prompts == {"he": "למה?"} and data.questions[1].prompts == {}  # prompt changed
    assert data.audience.account_fields == {"region": ["EU"]} and data.points == 7


def test_account_page_shows_the_voice_of_the_customer(browser: TestClient, api: ApiClient) -> None:
    account = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()["id"]
    contact = api.post(
        "/contacts", json={"external_id": "dana", "account_id": account, "email": "d@acme.test"}
    )
    empty = browser.get(f"/accounts/{account}").text
    assert "No survey answers from this account yet" in empty
    survey = api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()
    with unit_of_work() as s:
        row = s.get(Survey, survey["id"])
        assert row is not None
        for score, comment in (
            (10, None),
            (3, "Die Synchronisierung mit <Salesforce> schlägt ständig fehl."),
        ):
            respond.record(
                s,
                row,
                Answer(score=score, comment=comment),
                channel="email",
                contact_id=contact.json()["id"],
                account_id=account,
            )
    page = browser.get(f"/accounts/{account}").text
    assert re.search(r'id="voice-nps">\+0<', page), "one promoter and one detractor: NPS 0"
    assert 'lang="de"' in page and "&lt;Salesforce&gt;" in page and "<Salesforce>" not in page


def test_voice_card_shows_sentiment_per_theme(browser: TestClient, api: ApiClient) -> None:
    account = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()["id"]
    themes = [
        {"name": "Product", "examples": ["the product is great", "love the features"]},
        {"name": "Support", "examples": ["support takes days to answer", "slow support replies"]},
    ]
    api.put("/surveys/settings", json={"throttle_days": 30, "themes": themes})
    survey = api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()
    comment = "Love the product and its features, but support takes days to answer our tickets."
    with unit_of_work() as s:
        row = s.get(Survey, survey["id"])
        assert row is not None
        answer = respond.record(s, row, Answer(score=7, comment=comment), channel="email", account_id=account)
        aspects = {a["theme"]: a["sentiment"] for a in answer.aspects}
    assert aspects == {"Product": "positive", "Support": "negative"}
    page = browser.get(f"/accounts/{account}").text
    assert "Product: positive" in page and "Support: negative" in page


def test_account_page_with_only_old_answers(browser: TestClient, api: ApiClient) -> None:
    from datetime import timedelta

    from steward.core.clock import now_utc

    account = api.post("/accounts", json={"external_id": "old", "name": "Old Co"}).json()["id"]
    survey = api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()
    with unit_of_work() as s:
        row = s.get(Survey, survey["id"])
        assert row is not None
        respond.record(
            s,
            row,
            Answer(score=4, comment="Slow."),
            channel="email",
            account_id=account,
            at=now_utc() - timedelta(days=200),
            work_list=False,
        )
    page = browser.get(f"/accounts/{account}")
    assert (
        page.status_code == 200 and "No answers in the last 180 days." in page.text and "Slow." in page.text
    )
