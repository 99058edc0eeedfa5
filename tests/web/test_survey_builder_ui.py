"""The survey builder over HTTP: the question cards' JSON posted as the whole survey (translations of prompts
and options kept), every error named by its card and field, the edit page opening on the stored survey, and
the live preview endpoint (CSRF header, managers only, the real respondent page in each language, Hebrew
right to left); respondents see translated options and answer with the option itself."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from steward.core.roles import Role
from steward.web.ui.survey_definition import definition_body
from steward.web.ui.survey_form import survey_body
from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.test_surveys_ui import _user
from tests.web.test_ui import _csrf, login

ROLE = {
    "key": "role", "type": "choice", "prompt": "What is your role?",
    "prompts": {"pl": "Jaka jest Twoja rola?"}, "options": ["Admin", "User"],
    "translated_options": {"pl": ["Administrator", "Użytkownik"]},
}  # fmt: skip
FIX = {"key": "fix_first", "type": "text", "prompt": "What should we fix first?",
       "show_if": {"score_min": 0, "score_max": 6}}  # fmt: skip
SURVEY: dict[str, Any] = {
    "name": "Quarterly NPS", "kind": "nps", "purpose": "relationship", "points": 5, "status": "draft",
    "recurrence_days": None, "reminder_days": 3, "expires_days": 14,
    "audience": {"segments": [], "tiers": [], "roles": [], "account_fields": {}},
    "questions": [ROLE, FIX],
}  # fmt: skip
PREVIEW = "/surveys/builder/preview"


@pytest.fixture
def browser(app_client: TestClient, tenant: Tenant) -> TestClient:
    return login(TestClient(app_client.app), tenant.user_emails["admin"])


def _post(browser: TestClient, survey: Any, path: str = "/surveys/new") -> Any:
    token = _csrf(browser.get(path).text)
    text = survey if isinstance(survey, str) else json.dumps(survey)
    return browser.post(path, data={"definition": text, "csrf_token": token}, follow_redirects=False)


def _errors(page: Any) -> list[str]:
    assert page.status_code == 422, page.text[:300]
    shown = page.text.split('id="survey-errors"')[1].split("</div>")[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", e)) for e in re.findall(r"<li>(.*?)</li>", shown)]


def test_cards_json_creates_the_whole_survey(browser: TestClient, api: ApiClient) -> None:
    made = _post(browser, SURVEY)
    assert made.status_code == 303, made.text[:500]
    stored = api.get(f"/surveys/{made.headers['location'].rsplit('/', 1)[1]}").json()
    assert stored["status"] == "draft" and stored["kind"] == "nps"
    assert stored["questions"][0]["translated_options"] == {"pl": ["Administrator", "Użytkownik"]}
    assert stored["questions"][0]["prompts"] == {"pl": "Jaka jest Twoja rola?"}
    assert stored["questions"][1]["show_if"] == {"score_min": 0, "score_max": 6}

    edit = browser.get(f"/surveys/{stored['id']}/edit").text  # the cards open on the stored survey
    shown = re.search(r'<textarea name="definition"[^>]*disabled>(.*?)</textarea>', edit, re.S)
    assert shown and json.loads(html.unescape(shown.group(1)))["questions"] == stored["questions"]
    again = {**SURVEY, "audience": {**SURVEY["audience"], "account_fields": {"plan": ["pro"]}}}
    again["questions"] = [FIX, {**ROLE, "required": True}]  # reordered
    saved = _post(browser, again, f"/surveys/{stored['id']}/edit")
    assert saved.status_code == 303
    after = api.get(f"/surveys/{stored['id']}").json()
    assert [q["key"] for q in after["questions"]] == ["fix_first", "role"] and after["questions"][1][
        "required"
    ]
    assert after["audience"]["account_fields"] == {"plan": ["pro"]}


def test_errors_name_the_card_and_the_field(browser: TestClient, api: ApiClient) -> None:
    off_scale = {**FIX, "show_if": {"score_min": 0, "score_max": 11}}
    errors = _errors(_post(browser, {**SURVEY, "questions": [ROLE, off_scale]}))
    assert errors == [
        "Question 2 (fix_first), Show if: question 'fix_first' branches on a score outside 0-10"
    ]
    half = {**ROLE, "translated_options": {"pl": ["Administrator"]}}
    assert _errors(_post(browser, {**SURVEY, "questions": [half]})) == [
        "Question 1 (role), Options in: question 'role' translates 1 of its 2 options into 'pl':"
        " translate every option or none"
    ]
    empty = {**ROLE, "options": ["Admin", ""], "prompts": {"pl": ""}}
    assert _errors(_post(browser, {**SURVEY, "questions": [empty]})) == [
        "Question 1 (role), Prompt in Polski: String should have at least 1 character",
        "Question 1 (role), Options, option 2: String should have at least 1 character",
    ]
    page = _post(browser, {**SURVEY, "questions": [ROLE, {**FIX, "key": "role"}], "expires_days": 200})
    assert _errors(page) == [
        "Expiry days: Input should be less than or equal to 90",
    ]  # field errors first: the survey-wide checks run on a survey whose fields are valid
    page = _post(browser, {**SURVEY, "questions": [ROLE, {**FIX, "key": "role"}]})
    assert _errors(page) == [
        "Question 2 (role), Key: question key 'role' is used twice (score and comment are taken)"
    ]
    problems = re.search(r"data-problems='([^']*)'", page.text)
    assert (
        problems and json.loads(html.unescape(problems.group(1)))[0]["card"] == 1
    )  # the script marks the card
    assert "&#34;Quarterly NPS&#34;" in page.text  # the JSON comes back as typed, for the cards to reopen
    assert _errors(_post(browser, '{"name": "x",')) == [
        "Advanced (JSON): line 1 column 14: Expecting property name enclosed in double quotes"
    ]
    assert _errors(_post(browser, "[1]")) == ["Advanced (JSON): the survey is a JSON object ({...})"]
    assert api.get("/surveys").json() == []


def test_definition_errors_without_a_server() -> None:
    data, problems, _ = definition_body(json.dumps({**SURVEY, "questions": [{**ROLE, "type": "rating"}]}))
    assert data is None and [(p.card, p.field) for p in problems] == [(0, "Options")]


def test_the_one_a_line_form_keeps_translated_options() -> None:
    lines = "role | choice | What is your role? | Admin; User\nteam | choice | Team? | A; B"
    form = {"name": "N", "kind": "nps", "purpose": "relationship", "status": "draft", "questions": lines}
    team = {"key": "team", "type": "choice", "prompt": "Team?", "options": ["A", "C"],
            "translated_options": {"pl": ["A", "C"]}}  # fmt: skip
    data, errors = survey_body(form, {"questions": [ROLE, team]})
    assert errors == [] and data is not None
    assert data.questions[0].translated_options == ROLE["translated_options"]
    assert data.questions[1].translated_options == {}  # its options changed: their translations are gone


def test_live_preview(app_client: TestClient, browser: TestClient, tenant: Tenant) -> None:
    token = _csrf(browser.get("/surveys/new").text)
    headers = {"X-CSRF-Token": token}
    evil = "<script>alert(1)</script>"
    body = {**SURVEY, "name": "", "questions": [{**ROLE, "prompt": evil}, FIX]}
    polish = browser.post(PREVIEW, params={"lang": "pl"}, json=body, headers=headers)
    assert polish.status_code == 200, polish.text[:300]
    text = polish.text
    assert '<html lang="pl" dir="ltr">' in text and "Jaka jest Twoja rola?" in text
    assert 'value="Admin"> <bdi>Administrator</bdi>' in text and 'value="User"> <bdi>Użytkownik</bdi>' in text
    assert 'id="q-fix_first" data-min="0" data-max="6"' in text
    assert 'class="languages"' not in text and re.search(r'id="survey-submit"\s+disabled', text)
    assert "Acme Success" in text and evil not in text  # the workspace's name; nothing unescaped
    english = browser.post(PREVIEW, json=body, headers=headers).text
    assert "&lt;script&gt;" in english and 'value="Admin"> <bdi>Admin<' in english
    hebrew = browser.post(PREVIEW, params={"lang": "he"}, json=body, headers=headers)
    assert '<html lang="he" dir="rtl">' in hebrew.text

    assert browser.post(PREVIEW, json=body).status_code == 403  # no token
    assert browser.post(PREVIEW, json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    wrong = browser.post(PREVIEW, params={"lang": "xx"}, json=body, headers=headers)
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["query", "lang"]
    bad = browser.post(PREVIEW, json={**SURVEY, "questions": [{**FIX, "type": "nope"}]}, headers=headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:3] == ["body", "questions", 0]
    assert browser.post(PREVIEW, json=[1], headers=headers).status_code == 422
    csm = login(TestClient(app_client.app), _user(tenant, Role.csm))
    csm_token = _csrf(csm.get("/surveys").text)
    assert csm.post(PREVIEW, json=body, headers={"X-CSRF-Token": csm_token}).status_code == 403
    other = login(TestClient(app_client.app), make_tenant("Elsewhere Ltd").user_emails["admin"])
    theirs = other.post(PREVIEW, json=body, headers={"X-CSRF-Token": _csrf(other.get("/surveys/new").text)})
    assert "Elsewhere Ltd" in theirs.text and "Acme Success" not in theirs.text


def test_respondents_see_translated_options(app_client: TestClient, api: ApiClient) -> None:
    survey = api.post("/surveys", json={**SURVEY, "status": "active"}).json()
    key = survey["public_key"]
    page = app_client.get(f"/s/p/{key}", params={"lang": "pl"})
    assert 'value="Admin"> <bdi>Administrator</bdi>' in page.text and "Jaka jest Twoja rola?" in page.text
    assert 'value="Admin"> <bdi>Admin<' in app_client.get(f"/s/p/{key}", params={"lang": "de"}).text
    answered = app_client.post(f"/s/p/{key}", data={"lang": "pl", "score": "9", "q_role": "Admin"})
    assert answered.status_code == 200 and 'id="survey-done"' in answered.text
    (response,) = api.get("/survey-responses", params={"survey_id": survey["id"]}).json()
    assert response["answers"] == {"role": "Admin"}  # stored as the option, whatever the page's language
    refused = api.post(
        "/surveys", json={**SURVEY, "questions": [{**ROLE, "translated_options": {"pl": ["A"]}}]}
    )
    assert refused.status_code == 422 and "translate every option or none" in refused.text
    unknown = api.post(
        "/surveys", json={**SURVEY, "questions": [{**ROLE, "translated_options": {"xx": ["A", "B"]}}]}
    )
    assert unknown.status_code == 422 and "not a survey language" in unknown.text
