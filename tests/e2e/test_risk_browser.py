"""In a real Chromium: the At risk page ranks accounts, and an account's churn card explains its risk."""

from __future__ import annotations

import re
from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.demo.churn_signals import rescore_today
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.churn import service as churn_service
from steward.domains.churn.schemas import ChurnTrain
from tests.factories.demo_cache import DEMO_100, demo_workspace

pytestmark = pytest.mark.e2e


def test_at_risk_ranking_and_account_card(chromium: Any, server_url: str) -> None:
    ctx = demo_workspace(DEMO_100)
    with unit_of_work() as s:  # what the full demo's last step does: the first model, then today's scores
        churn_service.train_model(
            session=s, workspace_id=ctx.workspace_id, data=ChurnTrain(), today=ctx.today
        )
        rescore_today(s, ctx.workspace_id, ctx.today)
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server_url}/risk")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server_url}/risk")
    rows = page.locator("#at-risk tbody tr")
    assert rows.count() >= 10 and page.locator("#at-risk meter").count() == rows.count()
    amounts = page.locator("#at-risk td.num strong").all_inner_texts()  # "$12,345.00", in the locale's way
    risk = [float(re.sub(r"[^\d.]", "", v)) for v in amounts]
    assert risk == sorted(risk, reverse=True)  # ranked by ARR at risk
    name = rows.first.locator("a").inner_text()
    rows.first.locator("a").click()
    page.wait_for_selector("#churn")
    assert page.locator("h1").inner_text() == name
    card = page.locator("#churn").inner_text()
    assert "What raises the risk" in card and "points" in card and "Lifetime value" in card
    page.click("text=All accounts at risk")
    page.click("text=probability")
    assert "sort=probability" in page.url and page.locator("#at-risk tbody tr").count() >= 10
