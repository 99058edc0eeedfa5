"""In a real Chromium: a manager builds an NPS survey with a follow-up asked only of detractors and sends it
to a Hebrew-speaking contact; the contact answers through the signed link on a right-to-left page where the
follow-up appears only after a low score; the manager sees the answer, settles an unsure reading of it from
"Readings to check", and the account gets its Risk CTA.
On a phone-sized screen the 0-10 buttons wrap instead of scrolling sideways."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.surveys import respond
from steward.domains.surveys.models import CommentToRead, SurveyInvite, SurveyResponse
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from steward.settings import get_settings
from tests.factories import PASSWORD, ApiClient, Tenant

pytestmark = pytest.mark.e2e
HEBREW = re.compile("[\u0590-\u05ff]")
COMMENT = "הייצוא לא עובד כבר שבועות והתמיכה לא עונה. מאוד מאכזב."


def test_manager_builds_sends_and_a_hebrew_contact_answers(
    chromium: Any, server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    account = api.post("/accounts", json={"external_id": "acme", "name": "Acme Ltd", "segment": "SMB"}).json()
    contact = api.post(
        "/contacts",
        json={"external_id": "noa", "account_id": account["id"], "name": "Noa Levi",
              "email": "noa@x.test", "language": "he"},
    ).json()  # fmt: skip
    with unit_of_work() as s:
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(email="lead@x.test", name="Maya Manager", role=Role.manager, password=PASSWORD),
        )

    manager = chromium.new_context(viewport={"width": 1300, "height": 900}).new_page()
    manager.goto(f"{server_url}/surveys/new")
    manager.fill("input[name=email]", "lead@x.test")
    manager.fill("input[name=password]", PASSWORD)
    manager.click("button[type=submit]")
    manager.wait_for_url(f"{server_url}/surveys/new")
    manager.fill("#survey-form input[name=name]", "Quarterly NPS")
    manager.select_option("#survey-form select[name=kind]", "nps")
    manager.click("#add-text")  # a follow-up card, asked only of detractors
    card = manager.locator(".q-card").first
    card.locator("input[aria-label=key]").fill("fix_first")
    card.locator("input[aria-label=prompt]").fill("What should we fix first?")
    card.locator("input[aria-label='ask only for some scores']").check()
    card.locator("input[aria-label='show if to']").fill("6")
    manager.click("#survey-save")
    manager.wait_for_selector("#survey-name >> text=Quarterly NPS")
    survey_id = int(manager.url.split("#")[0].rstrip("/").rsplit("/", 1)[1])
    assert "draft" in manager.inner_text("#survey-inactive")  # the builder's safe default
    manager.click("#activate-button")
    manager.wait_for_selector("#send-form")
    manager.fill("#send-form input[name=contact_ids]", str(contact["id"]))
    manager.click("#send-button")
    manager.wait_for_selector("#send-result")
    assert "1 invited" in manager.inner_text("#send-result")

    with unit_of_work() as s:
        invite = s.scalars(select(SurveyInvite).where(SurveyInvite.survey_id == survey_id)).one()
        assert invite.language == "he"
        link = respond.link(invite, get_settings().secret_key, server_url)

    customer = chromium.new_context().new_page()  # no session
    customer.goto(link)
    assert customer.evaluate("document.documentElement.dir") == "rtl"
    assert customer.evaluate("document.documentElement.lang") == "he"
    assert HEBREW.search(customer.inner_text("#survey-submit"))  # the Hebrew catalogue, not "Send"
    assert customer.is_hidden("#q-fix_first")
    customer.click("#score label:has(input[value='9'])")
    assert customer.is_hidden("#q-fix_first")
    customer.click("#score label:has(input[value='3'])")
    assert customer.is_visible("#q-fix_first")
    customer.fill("#comment", COMMENT)
    customer.fill("#q_fix_first", "ייצוא")
    customer.click("#survey-submit")
    customer.wait_for_selector("#survey-done")
    assert HEBREW.search(customer.inner_text("#survey-done"))

    manager.goto(f"{server_url}/surveys/{survey_id}")
    responses = manager.inner_text("#responses")
    assert COMMENT in responses and "Noa Levi" in responses and "detractor" in responses
    assert manager.inner_text("#survey-score").strip() == "-100"
    given = json.loads(manager.get_attribute("#distribution-chart", "data-chart") or "{}")
    (answers,) = given["series"]
    three = given["labels"].index("3")
    assert answers["values"][three] == 1 and answers["tones"][three] == "red"  # one detractor
    assert manager.locator("#distribution-chart.chart-drawn canvas").count() == 1

    # An unsure reading of the comment (as a weaker head might leave it) waits under "Readings to check";
    # the manager settles it from there and the list empties.
    for _ in range(100):  # the comment is read in the background first: its reading must not overwrite this
        with unit_of_work() as s:
            if not s.scalars(select(CommentToRead)).first():
                break
        time.sleep(0.1)
    with unit_of_work() as s:
        row = s.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id)).one()
        assert row.sentiment is not None  # read
        row.sentiment, row.sentiment_confidence, row.sentiment_source = "neutral", 0.42, "model"
    manager.reload()
    assert "42%" in manager.inner_text("#unsure-list") and manager.is_visible("#responses .unsure")
    manager.click("#unsure-list details.correct summary")
    manager.select_option("#unsure-list select[name=sentiment]", "negative")
    manager.click("#unsure-list .correct-form button[type=submit]")
    manager.wait_for_selector("#correction-saved")
    assert manager.is_visible("#unsure-empty") and manager.locator("#responses .unsure").count() == 0
    manager.click(f"#responses a[href='/accounts/{account['id']}']")
    manager.wait_for_selector("#ctas")
    assert "Detractor: NPS 3 from Noa Levi" in manager.inner_text("#ctas")

    phone = chromium.new_context(viewport={"width": 375, "height": 700}).new_page()
    public_key = api.get(f"/surveys/{survey_id}").json()["public_key"]
    phone.goto(f"{server_url}/s/p/{public_key}?lang=he")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    rows = phone.evaluate(
        "new Set([...document.querySelectorAll('#score .scale-options label')].map(l => l.offsetTop)).size"
    )
    assert rows >= 2  # 11 buttons of 2.6rem do not fit on one line: they wrap
    for context in (manager.context, customer.context, phone.context):
        context.close()
