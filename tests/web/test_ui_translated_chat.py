"""The agents' live chat page (catalogue part `chat`) in all nine languages, with no one chatting and with a
live conversation: nothing a non-English rendering shows is left as the English one, `<html lang dir>`
follows the language, the words chat-agent.js says come translated, and the ARR is written per locale."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.i18n import LANGUAGES
from steward.domains.chat import service as chat_service
from steward.domains.chat.schemas import CustomerMessage
from tests.factories import Tenant
from tests.web.chat_helpers import chat_world
from tests.web.test_ui import _csrf, login
from tests.web.test_ui_translated_pages import texts, untranslated

DATA = {"Acme Rockets", "Dana Customer", "Our export is stuck", "1"}


def _customer_writes(tenant: Tenant) -> None:
    world = chat_world(tenant)
    with unit_of_work() as s:
        visitor = chat_service.identify(
            session=s,
            public_key=world.key,
            user_id=world.user,
            hash_=chat_service.user_hash(world.secret, world.user),
        )
        chat_service.post_customer_message(
            session=s,
            visitor=visitor,
            data=CustomerMessage(type="message", body="Our export is stuck"),
            agents_online=True,
        )


@pytest.fixture
def pages(app_client: TestClient, tenant: Tenant) -> dict[str, dict[str, str]]:
    """The page in each language by the admin's own choice (their browser says English): empty, then live."""
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    heads = {"Accept-Language": "en"}
    out: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
    for state in ("empty", "live"):
        if state == "live":
            _customer_writes(tenant)
        for language in LANGUAGES:
            choice = {"language": language, "csrf_token": _csrf(browser.get("/account/sessions").text)}
            assert browser.post("/account/language", data=choice).status_code == 200
            page = browser.get("/chat", headers=heads)
            assert page.status_code == 200, page.text
            out[language][state] = page.text
    return out


def test_the_chat_page_leaves_no_english_behind(pages: dict[str, dict[str, str]], tenant: Tenant) -> None:
    english = pages["en"]
    assert "No one is chatting right now" in english["empty"] and "data-conversation=" not in english["empty"]
    assert "Our export is stuck" in english["live"] and "$12,000.00" in english["live"]
    assert "Open conversations" in english["live"] and "End chat" in english["live"]
    names = re.findall(
        r'<span class="workspace">([^<]+)</span>|<span>([^<]+) <small class="role">', english["live"]
    )
    data = DATA | {n.strip() for pair in names for n in pair if n} | set(tenant.user_emails.values())
    for language in LANGUAGES[1:]:
        for state, html in pages[language].items():
            left = untranslated(english[state], html, data)
            assert not left, f"{language} {state}: English left in {left}"
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html


def test_the_chat_page_speaks_each_language(pages: dict[str, dict[str, str]]) -> None:
    seen = {lang: " | ".join(texts(p["live"])) for lang, p in pages.items()}
    assert "Offene Unterhaltungen" in seen["de"] and "12.000,00" in seen["de"]
    assert "ライブチャット" in seen["ja"] and "チャットを終了" in seen["ja"]
    assert "צ'אט חי" in seen["he"] and "線上聊天" in seen["zh-Hant"]
    assert "Live chat" in seen["en"]  # the nav's item and the page's heading
    words = re.search(r"data-words='([^']*)'", pages["fr"]["live"])
    assert words is not None
    said = json.loads(unescape(words.group(1)))
    assert said["offline"] == "hors ligne : reconnexion…" and said["conversation"] == "Discussion"
