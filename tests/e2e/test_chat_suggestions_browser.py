"""In real Chromium, on a customer's page with a strict Content-Security-Policy (no inline style or script):
the chat widget, in German, suggests the German translation of a help-center article while the first message
is typed, shows its title as text, opens it on the help center, and the visitor's "an article answered my
question" counts a deflection on the chat channel."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.domains.chat import service as chat_service
from steward.domains.helpcenter.models import HelpDeflection
from tests.domains.helpcenter.helpers import published, shelf
from tests.e2e.chat_pages import widget_page
from tests.factories import ApiClient, Tenant
from tests.web.chat_helpers import chat_world

pytestmark = pytest.mark.e2e


def strict_page(server_url: str, key: str, user: str, user_hash: str, lang: str) -> str:
    ws = "ws://" + urlsplit(server_url).netloc
    policy = (
        f"default-src 'none'; script-src {server_url}; connect-src {ws}; style-src 'none'; img-src 'none'"
    )
    head = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return widget_page(server_url, key, user, user_hash, lang, head=head)


def test_widget_suggests_articles_under_a_strict_policy(
    chromium: Any, server_url: str, app_client: TestClient, tenant: Tenant
) -> None:
    api = ApiClient(app_client, tenant.keys["admin"])
    section = shelf(api)
    source = published(
        api, section, "Reset your <b>password</b>", "Open Settings, then Security, press *Reset*."
    )
    german = api.post(
        f"/help/articles/{source['id']}/translations",
        json={"language": "de", "title": "Passwort <b>zurücksetzen</b>", "body": "Einstellungen, *Reset*."},
    )
    assert german.status_code == 201, german.text
    assert api.post(f"/help/articles/{german.json()['id']}/publish").status_code == 200
    world = chat_world(tenant)

    ctx = chromium.new_context(viewport={"width": 1000, "height": 800})
    page = ctx.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    hash_ = chat_service.user_hash(world.secret, world.user)
    page.set_content(strict_page(server_url, world.key, world.user, hash_, "de"))
    page.wait_for_selector("[data-steward-chat=open]")
    assert page.is_hidden("[role=dialog]")  # closed until the launcher is pressed
    assert page.eval_on_selector("[data-steward-chat=open]", "b => getComputedStyle(b).position") == "fixed"
    page.click("[data-steward-chat=open]")
    page.wait_for_selector("[data-steward-chat=status]:has-text('Wir sind gerade nicht da')")
    assert page.is_hidden("[data-steward-chat=suggestions]")

    page.locator("[data-steward-chat=input]").press_sequentially("reset password", delay=20)
    link = page.wait_for_selector("[data-steward-chat=suggestions] a[data-steward-chat=article]")
    assert link.inner_text() == "Passwort <b>zurücksetzen</b>"  # shown as text, never markup
    assert page.query_selector("[data-steward-chat=suggestions] b") is None
    assert "Diese Artikel beantworten Ihre Frage vielleicht" in page.inner_text(
        "[data-steward-chat=suggestions]"
    )
    href = link.get_attribute("href") or ""
    assert href.startswith(f"{server_url}/help/{tenant.slug}/de/articles/{source['id']}?deflect=")

    with ctx.expect_page() as opened:
        link.click()
    article = opened.value
    article.wait_for_load_state()
    assert "Passwort <b>zurücksetzen</b>" in article.inner_text("h1")
    with unit_of_work() as s:
        assert [tuple(r) for r in s.execute(select(HelpDeflection.channel, HelpDeflection.state))] == [
            ("chat", "read")
        ]

    page.click("[data-steward-chat=solved]:has-text('Ein Artikel hat meine Frage beantwortet')")
    page.wait_for_selector("[data-steward-chat=glad]:has-text('Schön, dass es geholfen hat')")
    with unit_of_work() as s:
        assert [tuple(r) for r in s.execute(select(HelpDeflection.channel, HelpDeflection.state))] == [
            ("chat", "solved")
        ]
    report = {a["title"]: a["deflected"] for a in api.get("/help/report").json()["articles"]}
    assert report["Passwort <b>zurücksetzen</b>"] == 1  # the German version was read

    # sending the message ends the suggestions
    page.fill("[data-steward-chat=input]", "reset password please")
    page.keyboard.press("Enter")
    page.wait_for_selector("li[data-author=customer]")
    page.wait_for_timeout(600)  # longer than the widget's pause before it asks
    assert page.is_hidden("[data-steward-chat=suggestions]")
    assert refused == []
    ctx.close()
