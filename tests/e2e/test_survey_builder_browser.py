"""In a real Chromium: a manager builds an NPS survey in the survey builder (question cards, a follow-up asked
only of detractors, a choice moved up, a Polish translation column), previews the respondent's page in Polish
at phone width, edits the same survey in its JSON view and back, is told which card a duplicate key is on,
and saves a draft whose stored questions, branch and translations are what the cards showed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.factories import PASSWORD, ApiClient, Tenant

pytestmark = pytest.mark.e2e
FIX_PL = "Co powinniśmy poprawić najpierw?"
ROLE_PL = "Jaka jest Twoja rola?"


def test_manager_builds_an_nps_survey_with_a_branch_and_polish(
    chromium: Any, server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    page = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server_url}/surveys/new")
    page.fill("input[name=email]", tenant.user_emails["admin"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/surveys/new")
    assert page.is_visible("#survey-builder") and not page.is_visible("#definition")
    assert not page.locator("#questions").count()  # the one-a-line box is only the no-script form
    assert page.input_value("#survey-form select[name=status]") == "draft"
    page.fill("#survey-form input[name=name]", "Quarterly NPS")

    page.click("#add-text")
    fix = page.locator(".q-card").nth(0)
    fix.locator("input[aria-label=key]").fill("fix_first")
    fix.locator("input[aria-label=prompt]").fill("What should we fix first?")
    fix.locator("input[aria-label='ask only for some scores']").check()
    fix.locator("input[aria-label='show if to']").fill("11")
    assert "The score runs 0-10" in fix.locator(".q-warning").inner_text()  # checked against the NPS scale
    fix.locator("input[aria-label='show if to']").fill("6")
    assert fix.locator(".q-warning").inner_text() == ""

    page.click("#add-choice")
    role = page.locator(".q-card").nth(1)
    role.locator("input[aria-label=key]").fill("role")
    role.locator("input[aria-label=prompt]").fill("What is your role?")
    role.locator("input[aria-label='option 1']").fill("Admin")
    role.locator("input[aria-label='option 2']").fill("User")
    page.click("button[aria-label='move question 2 up']")
    assert page.locator(".q-card").nth(0).locator("input[aria-label=key]").input_value() == "role"

    page.select_option("#add-language", "pl")  # a Polish column on every card
    cards = page.locator(".q-card")
    cards.nth(0).locator("input[data-lang=pl][data-text=prompt]").fill(ROLE_PL)
    cards.nth(0).locator("input[data-lang=pl][data-option='0']").fill("Administrator")
    cards.nth(0).locator("input[data-lang=pl][data-option='1']").fill("Użytkownik")
    cards.nth(1).locator("input[data-lang=pl][data-text=prompt]").fill(FIX_PL)

    page.select_option("#preview-lang", "pl")
    page.wait_for_selector("#survey-preview[data-shown=pl]")
    frame = page.locator("#preview-frame").element_handle().content_frame()
    assert frame is not None
    frame.wait_for_selector(f"text={ROLE_PL}")
    assert frame.evaluate("document.documentElement.lang") == "pl"
    assert frame.evaluate("document.documentElement.dir") == "ltr"
    assert frame.evaluate("document.documentElement.clientWidth") <= 375  # phone width
    assert frame.evaluate("document.documentElement.scrollWidth") <= frame.evaluate(
        "document.documentElement.clientWidth"
    )  # nothing wider than the phone
    assert "Send" not in frame.inner_text("#survey-submit")  # the Polish catalogue
    assert "Administrator" in frame.inner_text("#q-role") and "Użytkownik" in frame.inner_text("#q-role")
    assert frame.is_hidden("#q-fix_first")  # the branch works in the preview: only detractors are asked
    frame.click("#score label:has(input[value='3'])")
    assert frame.is_visible("#q-fix_first") and FIX_PL in frame.inner_text("#q-fix_first")
    page.select_option("#preview-lang", "he")
    page.wait_for_selector("#survey-preview[data-shown=he]")
    frame = page.locator("#preview-frame").element_handle().content_frame()
    frame.wait_for_function("document.documentElement.lang === 'he'")
    assert frame.evaluate("document.documentElement.dir") == "rtl"

    page.click("#mode-json")  # the advanced view holds the same survey
    survey = json.loads(page.input_value("#definition"))
    assert [q["key"] for q in survey["questions"]] == ["role", "fix_first"]
    assert survey["questions"][1]["show_if"] == {"score_min": 0, "score_max": 6}
    survey["questions"][0]["required"] = True
    survey["questions"][1]["key"] = "role"  # a mistake, to be named by its card
    page.fill("#definition", json.dumps(survey, indent=2, ensure_ascii=False))
    page.click("#mode-builder")  # and the cards read the edited JSON back
    assert page.locator(".q-card").nth(0).locator("input[aria-label=required]").is_checked()
    page.click("#survey-save")
    page.wait_for_selector("#survey-errors")
    assert "Question 2 (role), Key:" in page.inner_text("#survey-errors")
    assert "used twice" in page.locator(".q-card").nth(1).locator(".q-problems").inner_text()
    assert page.input_value("#survey-form input[name=name]") == "Quarterly NPS"  # kept as typed
    page.locator(".q-card").nth(1).locator("input[aria-label=key]").fill("fix_first")
    page.click("#survey-save")
    page.wait_for_selector("#survey-name >> text=Quarterly NPS")

    (stored,) = [s for s in api.get("/surveys").json() if s["name"] == "Quarterly NPS"]
    assert stored["status"] == "draft" and stored["kind"] == "nps"
    role_q, fix_q = stored["questions"]
    assert role_q == {
        "key": "role", "type": "choice", "prompt": "What is your role?", "prompts": {"pl": ROLE_PL},
        "options": ["Admin", "User"], "translated_options": {"pl": ["Administrator", "Użytkownik"]},
        "low": 1, "high": 5, "required": True,
    }  # fmt: skip
    assert fix_q["key"] == "fix_first" and fix_q["type"] == "text" and fix_q["prompts"] == {"pl": FIX_PL}
    assert fix_q["show_if"] == {"score_min": 0, "score_max": 6}
    assert refused == []
    page.context.close()
