"""In a real Chromium at 1280 px: the navigation, grouped by job, fits one row and works from the keyboard;
each role lands on its own home after signing in; no page asks for a missing favicon."""

from __future__ import annotations

from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, Tenant

pytestmark = pytest.mark.e2e
GROUPS = ["Success", "Support", "Experience", "Insights", "Admin"]


def test_grouped_nav_one_row_keyboard_and_role_homes(chromium: Any, server_url: str, tenant: Tenant) -> None:
    with unit_of_work() as s:
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(email="agent-nav@example.com", name="Ada", role=Role.agent, password=PASSWORD),
        )
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    _sign_in(page, server_url, tenant.user_emails["admin"])
    page.wait_for_url(f"{server_url}/portfolio")  # an admin starts on the portfolio

    summaries = page.locator("nav.groups summary")
    assert summaries.all_inner_texts() == GROUPS
    tops = {round(box["y"]) for box in (s.bounding_box() for s in summaries.all()) if box}
    assert len(tops) == 1, "the five groups sit on one row"
    bar = page.locator("header.topbar").bounding_box()
    assert bar and bar["height"] < 60 and page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert "active" in (page.locator("#nav-success summary").get_attribute("class") or "")

    page.focus("#nav-support summary")
    page.keyboard.press("Enter")
    assert page.locator("#nav-support .menu").is_visible()
    assert page.locator("#nav-success .menu").is_hidden()
    page.keyboard.press("Escape")
    assert page.locator("#nav-support .menu").is_hidden()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the first entry, "Ticket queue"
    with page.expect_navigation(url="**/tickets"):
        page.keyboard.press("Enter")
    assert "active" in (page.locator("#nav-support summary").get_attribute("class") or "")
    assert missing == [], missing  # the favicon included
    context.close()

    agent = chromium.new_context(viewport={"width": 1280, "height": 800}).new_page()
    _sign_in(agent, server_url, "agent-nav@example.com")
    agent.wait_for_url(f"{server_url}/tickets")  # an agent starts on the queue
    agent.context.close()


def _sign_in(page: Any, server_url: str, email: str) -> None:
    page.goto(f"{server_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
