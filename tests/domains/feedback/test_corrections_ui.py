"""Correcting a reading from the pages: the survey results and the feedback page show a correction form by
each example comment (for CSMs and up) and the line about the workspace's head; the form posts with the
CSRF token and comes back to the page; what customers wrote stays escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.feedback.schemas import ModelReport
from steward.domains.surveys import service as surveys_service
from steward.domains.surveys.models import SurveyResponse
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from steward.web.ui.templating import templates
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.factories.charts import chart_spec
from tests.web.test_ui import _csrf, login

EVIL = "<script>alert(1)</script> too expensive"


@pytest.fixture
def browser(app_client: TestClient, tenant: Tenant) -> TestClient:
    return login(TestClient(app_client.app), tenant.user_emails["admin"])


def _survey_with_comment(app_client: TestClient, api: ApiClient) -> tuple[int, int]:
    themes = [
        {"name": "Pricing", "examples": ["too expensive"]},
        {"name": "Dashboards", "examples": ["charts"]},
    ]
    api.put("/surveys/settings", json={"throttle_days": 30, "themes": themes})
    survey = api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()
    url = f"/api/v1/widget/surveys/{survey['public_key']}/responses"
    made = app_client.post(url, json={"score": 2, "comment": EVIL})
    assert made.status_code == 201, made.text
    return int(survey["id"]), int(made.json()["id"])


def test_correcting_from_the_survey_results(
    app_client: TestClient, api: ApiClient, browser: TestClient, tenant: Tenant
) -> None:
    survey_id, response_id = _survey_with_comment(app_client, api)
    ref = f"response:{response_id}"
    page = browser.get(f"/surveys/{survey_id}")
    assert page.status_code == 200
    assert EVIL not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    shown = 3 if 'id="unsure-list"' in page.text else 2  # also among the readings to check if unsure
    assert page.text.count(f'data-ref="{ref}"') == shown  # a theme's example and the latest answers
    assert 'action="/feedback/corrections"' in page.text
    assert "Correct 5 readings to teach Steward your workspace's language: 5 more needed." in page.text

    form = {"csrf_token": _csrf(page.text), "ref": ref, "sentiment": "positive", "themes": ["Dashboards"],
            "themes_shown": "1", "next": f"/surveys/{survey_id}"}  # fmt: skip
    assert browser.post("/feedback/corrections", data={**form, "csrf_token": ""}).status_code == 403
    done = browser.post("/feedback/corrections", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == f"/surveys/{survey_id}?corrected={quote(ref, safe='')}"
    back = browser.get(done.headers["location"])
    assert f"Reading of {ref} corrected." in back.text and "4 more needed" in back.text
    [corrected] = api.get("/survey-responses").json()
    assert (corrected["sentiment"], corrected["sentiment_source"]) == ("positive", "analyst")
    assert corrected["themes"] == ["Dashboards"]

    # Unticking every theme says the comment speaks of none of them.
    browser.post("/feedback/corrections", data={**form, "themes": []})
    assert api.get("/survey-responses").json()[0]["themes"] == []

    forged = browser.post(
        "/feedback/corrections", data={**form, "themes": ["Weather"], "next": "https://evil.test/x"},
        follow_redirects=False,
    )  # fmt: skip
    location = forged.headers["location"]
    assert forged.status_code == 303 and location.startswith("/") and "error=" in location
    assert "Weather" in browser.get(location).text

    viewer = login(TestClient(app_client.app), _viewer(tenant))
    seen = viewer.get(f"/surveys/{survey_id}")
    assert 'action="/feedback/corrections"' not in seen.text and 'id="reading-model"' in seen.text
    assert (
        viewer.post("/feedback/corrections", data={**form, "csrf_token": _csrf(seen.text)}).status_code == 403
    )


def _readings(
    workspace_id: int, survey_id: int, readings: list[tuple[str, str | None, float | None, str]]
) -> None:
    """Answers with the given (comment, sentiment, confidence, source) readings, the first the newest."""
    now = datetime.now(UTC)
    with unit_of_work() as s:
        for n, (comment, sentiment, confidence, source) in enumerate(readings):
            s.add(SurveyResponse(
                workspace_id=workspace_id, survey_id=survey_id, channel="import", score=7, answers={},
                verdict="passive", comment=comment, language="en", sentiment=sentiment,
                sentiment_confidence=confidence, sentiment_source=source if sentiment else None,
                responded_at=now - timedelta(minutes=n),
            ))  # fmt: skip


def test_unsure_readings_are_listed_for_checking(api: ApiClient, browser: TestClient, tenant: Tenant) -> None:
    """Readings too unsure to act on (they open no CTA) are listed least sure first and marked among the
    latest answers; a correction takes one off the list; a confident, corrected or unread comment is never on
    it, nor another workspace's."""
    survey_id = int(api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()["id"])
    _readings(tenant.id, survey_id, [
        ("Leans negative", "negative", 0.41, "model"),
        ("Leans positive", "positive", 0.35, "workspace"),
        ("Leans negative", "negative", 0.41, "model"),  # two answers, one comment
        ("Surely negative", "negative", 0.92, "model"),
        ("Settled by an analyst", "neutral", 1.0, "analyst"),
        ("ཁྱེད་རང་", None, None, "model"),
    ])  # fmt: skip
    other = make_tenant("Other Co")
    other_survey = ApiClient(api.client, other.keys["admin"]).post(
        "/surveys", json={"name": "NPS", "kind": "nps"}
    )
    _readings(
        other.id, int(other_survey.json()["id"]), [("Another workspace's doubt", "negative", 0.3, "model")]
    )

    page = browser.get(f"/surveys/{survey_id}").text
    card = page[page.index('id="unsure"') : page.index('id="responses"')]
    assert "Steward was unsure how to read 3 comments" in card
    assert card.index("Leans positive") < card.index("Leans negative")  # the least sure first
    assert "35%" in card and "41%" in card
    assert card.count("Leans negative") == 1 and "2 answers say this" in card  # identical ones as one
    for absent in ("Surely negative", "Settled by an analyst", "ཁྱེད་རང་", "Another workspace"):
        assert absent not in card
    latest = page[page.index('id="responses"') :]
    assert latest.count('class="sub unsure"') == 3
    assert 'title="41% sure: not sure enough to open a CTA"' in latest

    listed = api.get("/survey-responses", params={"unsure": "true", "survey_id": survey_id}).json()
    assert [(r["comment"], r["sentiment_confidence"]) for r in listed] == [
        ("Leans positive", 0.35),
        ("Leans negative", 0.41),
        ("Leans negative", 0.41),
    ]  # fmt: skip: each answer, for its own correction
    assert api.get("/survey-responses", params={"unsure": "maybe"}).status_code == 422
    ref = listed[0]["id"]
    form = {"csrf_token": _csrf(page), "ref": f"response:{ref}", "sentiment": "neutral",
            "next": f"/surveys/{survey_id}"}  # fmt: skip
    assert browser.post("/feedback/corrections", data=form, follow_redirects=False).status_code == 303
    page = browser.get(f"/surveys/{survey_id}").text
    card = page[page.index('id="unsure"') : page.index('id="responses"')]
    assert "Steward was unsure how to read 2 comments" in card and "Leans positive" not in card

    account = api.post("/accounts", json={"external_id": "doubtful", "name": "Doubtful Ltd"}).json()["id"]
    with unit_of_work() as s:  # the account's voice card marks the unsure reading too
        s.execute(
            update(SurveyResponse).where(SurveyResponse.comment.like("Leans %")).values(account_id=account)
        )
    by_account = api.get("/survey-responses", params={"unsure": "true", "account_id": account}).json()
    assert [r["comment"] for r in by_account] == ["Leans negative"] * 2  # the other one is corrected now
    voice = browser.get(f"/accounts/{account}").text
    voice = voice[voice.index('id="voice-answers"') :]
    assert voice.count('class="sub unsure"') == 2  # not the corrected one
    assert 'title="41% sure: not sure enough to open a CTA"' in voice

    empty = int(api.post("/surveys", json={"name": "CSAT", "kind": "csat"}).json()["id"])
    assert 'id="unsure-empty"' in browser.get(f"/surveys/{empty}").text

    # The Feedback page lists them across surveys (tickets and notes are read on request: no list there).
    everywhere = browser.get("/feedback").text
    card = everywhere[everywhere.index('id="unsure"') :]
    assert "Steward was unsure how to read 2 comments" in card and "2 answers say this" in card
    assert 'id="unsure"' not in browser.get("/feedback", params={"source": "tickets"}).text


def test_a_correction_made_while_the_unsure_are_read_again_stands(api: ApiClient, tenant: Tenant) -> None:
    """The background job reads the unsure comments again in one transaction and stores the readings in
    another: an analyst's correction committed in between is not overwritten, nor is another workspace."""
    survey_id = int(api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()["id"])
    _readings(tenant.id, survey_id, [("Leans negative", "negative", 0.41, "model"),
                                     ("Leans positive", "positive", 0.35, "model")])  # fmt: skip
    with unit_of_work() as s:
        readings = surveys_service.unsure_rereadings(session=s, workspace_id=tenant.id)
    ids = {r["comment"]: r["id"] for r in api.get("/survey-responses").json()}
    assert sorted(readings) == sorted(ids.values())
    made = api.post(
        "/feedback/corrections", json={"ref": f"response:{ids['Leans positive']}", "sentiment": "neutral"}
    )
    assert made.status_code == 201, made.text
    other = make_tenant("Elsewhere").id
    with unit_of_work() as s:
        assert surveys_service.store_rereadings(session=s, workspace_id=other, readings=readings) == 0
        assert surveys_service.store_rereadings(session=s, workspace_id=tenant.id, readings=readings) == 1
    after = {r["comment"]: r for r in api.get("/survey-responses").json()}
    assert (after["Leans positive"]["sentiment"], after["Leans positive"]["sentiment_source"]) == (
        "neutral",
        "analyst",
    )
    reread = after["Leans negative"]
    assert reread["sentiment_source"] == "model" and reread["sentiment_confidence"] != 0.41  # read for real


def test_the_feedback_page(app_client: TestClient, api: ApiClient, browser: TestClient) -> None:
    _, response_id = _survey_with_comment(app_client, api)
    page = browser.get("/feedback")
    assert page.status_code == 200 and 'id="reading-model"' in page.text
    assert f'data-ref="response:{response_id}"' in page.text
    assert EVIL not in page.text and "&lt;script&gt;" in page.text
    assert re.search(r'<input type="checkbox" name="themes" value="Pricing"\s+checked>', page.text)
    themes = chart_spec(page.text, "themes-chart")  # one stacked bar per theme, by sentiment
    assert "Pricing" in themes["labels"] and [s["name"] for s in themes["series"]] == [
        "Positive",
        "Neutral",
        "Negative",
    ]
    for source in ("tickets", "notes", "nonsense"):
        assert browser.get("/feedback", params={"source": source}).status_code == 200
    form = {"csrf_token": _csrf(page.text), "ref": f"response:{response_id}", "sentiment": "neutral",
            "next": "/feedback?source=surveys&corrected=x"}  # fmt: skip
    done = browser.post("/feedback/corrections", data=form, follow_redirects=False)
    assert done.headers["location"] == f"/feedback?source=surveys&corrected=response%3A{response_id}"
    assert api.get("/survey-responses").json()[0]["themes"] == ["Pricing"]  # no themes_shown: unchanged


def test_the_line_about_a_learned_head() -> None:
    line = templates.env.get_template("_correction.html").module.model_line  # type: ignore[attr-defined]
    report = ModelReport(
        corrections=37, agreement=0.912, builtin_agreement=0.74, active=True, needed=0, summary=""
    )
    said = str(line(report))
    assert "Reading learned from 37 corrections; agreement 0.91 in cross-validation (built-in 0.74)." in said
    assert "Learning from the latest" not in said
    assert "Learning from the latest corrections now." in str(
        line(report.model_copy(update={"training": True}))
    )
    pending = ModelReport(corrections=5, agreement=None, builtin_agreement=None, active=False, needed=0,
                          training=True, summary="")  # fmt: skip
    assert "learning your workspace's language from 5 corrections now" in str(line(pending))


def _viewer(tenant: Tenant) -> str:
    """A viewer who can log in (a test tenant's users other than the admin have no password)."""
    email = f"viewer-feedback-{tenant.id}@example.com"
    with unit_of_work() as s:
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(email=email, name="Viewer", role=Role.viewer, password=PASSWORD),
        )
    return email
