"""Survey comments read in the background: an answer is stored at once and its comment shows as being read
(survey results and the account's voice card); the queued job "survey-comments" reads it (the in-process
runner of `steward serve`, woken by the commit, within a second), then opens the work-list CTA its reading
calls for, once."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core import wakeups
from steward.core.db import unit_of_work
from steward.domains.surveys import jobs as surveys_jobs
from steward.domains.surveys.models import SurveyResponse
from steward.domains.surveys.respond import READ_JOB
from steward.worker import reading
from tests.factories import ApiClient, Tenant
from tests.web.test_ui import login


def _setup(api: ApiClient) -> tuple[int, dict[str, Any]]:
    account = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()["id"]
    api.post("/contacts", json={"external_id": "dana", "email": "dana@acme.test", "account_id": account})
    api.put(
        "/surveys/settings",
        json={"themes": [{"name": "Support", "examples": ["slow support replies", "support never answers"]}]},
    )
    survey = api.post("/surveys", json={"name": "In-app NPS", "kind": "nps"}).json()
    secret = api.get(f"/surveys/{survey['id']}/widget-secret").json()["widget_secret"]
    survey["hash"] = hmac.new(secret.encode(), b"dana", hashlib.sha256).hexdigest()
    return int(account), survey


@pytest.fixture
def queued() -> Iterator[None]:
    """Something listens for the job (as `steward serve` does), but nothing runs it until the test does."""
    unsubscribe = wakeups.subscribe(READ_JOB, lambda: None)
    yield
    unsubscribe()


def _read(survey_id: int) -> bool:
    with unit_of_work() as s:
        found = s.scalars(select(SurveyResponse.sentiment).where(SurveyResponse.survey_id == survey_id))
        return any(v is not None for v in found)


def _answer(app_client: TestClient, survey: dict[str, Any], score: int, comment: str) -> None:
    """Dana answers in the in-app widget (identified: her account gets the CTA)."""
    url = f"/api/v1/widget/surveys/{survey['public_key']}/responses"
    body = {"score": score, "comment": comment, "user_id": "dana", "user_hash": survey["hash"]}
    assert app_client.post(url, json=body).status_code == 201


def test_a_comment_waits_for_the_job_then_opens_its_cta(
    app_client: TestClient, api: ApiClient, tenant: Tenant, queued: None
) -> None:
    account, survey = _setup(api)
    web = login(TestClient(app_client.app), tenant.user_emails["admin"])
    _answer(app_client, survey, 8, "Support never answers our tickets, we waited a week. Very disappointing.")
    [row] = api.get("/survey-responses", params={"survey_id": survey["id"]}).json()
    assert row["sentiment"] is None and row["language"] is None and row["themes"] == []
    page = web.get(f"/surveys/{survey['id']}")
    assert page.status_code == 200 and "being read" in page.text
    assert "being read" in web.get(f"/accounts/{account}").text  # the account's voice card
    assert api.get("/ctas", params={"account_id": account}).json()["items"] == []  # not before the reading

    assert surveys_jobs.read_comments() == 1
    assert surveys_jobs.read_comments() == 0  # read once
    [row] = api.get("/survey-responses", params={"survey_id": survey["id"]}).json()
    assert (row["language"], row["sentiment"], row["themes"]) == ("en", "negative", ["Support"])
    assert row["sentiment_confidence"] >= 0.6
    assert "being read" not in web.get(f"/surveys/{survey['id']}").text
    assert "being read" not in web.get(f"/accounts/{account}").text
    ctas = api.get("/ctas", params={"account_id": account}).json()["items"]
    assert [c["type"] for c in ctas] == ["risk"] and "Negative comment" in ctas[0]["title"]


def test_the_in_process_runner_reads_one_comment_within_a_second(
    app_client: TestClient, api: ApiClient
) -> None:
    account, survey = _setup(api)
    runner = reading.runner()
    runner.start()
    unsubscribe = wakeups.subscribe(READ_JOB, runner.wake)
    try:
        deadline = time.monotonic() + 300
        while runner.runs < 1 and time.monotonic() < deadline:  # the encoder loads once, at start
            time.sleep(0.05)
        assert runner.runs >= 1
        started = time.monotonic()
        _answer(app_client, survey, 10, "Fantastic product, the whole team loves it. Worth every cent!")
        answered = time.monotonic() - started
        while time.monotonic() - started < 10 and not _read(survey["id"]):
            time.sleep(0.02)  # read-only looks: API requests write (key last use) and hold the runner up
        # From the answer stored (its request returned) to the reading committed. The run goes on after
        # the commit: the CTA's account is rescored inline in the tests (on a thread in steward serve).
        read = time.monotonic() - started - answered
        [row] = api.get("/survey-responses", params={"survey_id": survey["id"]}).json()
        assert row["sentiment"] == "positive"
        assert read < 1.0, f"read {read:.2f} s after the answer was stored (request: {answered:.2f} s)"
        ctas = api.get("/ctas", params={"account_id": account}).json()["items"]
        assert [c["type"] for c in ctas] == ["opportunity"]
    finally:
        unsubscribe()
        runner.stop()
