"""Article suggestions in the live chat widget: while the visitor types their first message, the socket
answers `suggest` frames with at most three published articles of the workspace (titled in the visitor's
language when translated), each linked to the public help center with a signed token of the chat channel.
Reading one and saying it answered the question, or reading one and leaving, counts as a deflection on the
chat channel; reading one and sending the message anyway does not. Over-long and foreign input is refused or
inert."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.helpcenter.models import HelpArticleView, HelpDeflection
from steward.domains.helpcenter.schemas import DEFLECTION_WAIT
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.chat_helpers import chat_world, until


@pytest.fixture
def api(app_client: TestClient, tenant: Tenant) -> ApiClient:
    return ApiClient(app_client, tenant.keys["admin"])


def _deflections() -> list[tuple[str, str]]:
    with unit_of_work() as s:
        rows = s.execute(select(HelpDeflection.channel, HelpDeflection.state).order_by(HelpDeflection.id))
        return [(str(c), str(st)) for c, st in rows]


def _suggest(customer: Any, text: str, language: str = "en") -> list[dict[str, str]]:
    # as a browser's JSON.stringify sends it (ASCII escapes)
    customer.send_text(json.dumps({"type": "suggest", "text": text, "language": language}))
    event = until(customer, "suggestions")
    assert event["text"] == text.strip()  # the widget sends it trimmed too
    return list(event["items"])


def test_widget_suggests_articles_and_counts_chat_deflections(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    section = shelf(api)
    reset = published(api, section, "Reset your password", "Open Settings, then Security, and press *Reset*.")
    german = api.post(
        f"/help/articles/{reset['id']}/translations",
        json={
            "language": "de",
            "title": "Passwort zurücksetzen",
            "body": "Einstellungen, Sicherheit, *Reset*.",
        },
    )
    assert german.status_code == 201, german.text
    assert api.post(f"/help/articles/{german.json()['id']}/publish").status_code == 200
    published(api, section, "Download invoices", "Invoices are under Billing.")
    for n in range(4):
        published(api, section, f"Password policy {n}", "Passwords need twelve characters.")
    draft = api.post("/help/articles", json={"section_id": section, "title": "Password draft", "body": "x"})
    assert draft.status_code == 201
    world = chat_world(tenant)
    browser = TestClient(app_client.app)  # the visitor's browser opening the links

    with app_client.websocket_connect(world.customer_url()) as customer:
        assert customer.receive_json()["type"] == "hello"
        # 1. suggested, read, then "this answered my question": deflected at once, on the chat channel
        items = _suggest(customer, "how do I reset my password")
        assert len(items) == 3 and items[0]["title"] == "Reset your password"  # of five matches
        assert "Password draft" not in [i["title"] for i in items]
        path = next(i["path"] for i in items if i["title"] == "Reset your password")
        assert path.startswith(f"/help/{tenant.slug}/en/articles/{reset['id']}?deflect=")
        assert _suggest(customer, "   ") == [] and _suggest(customer, "zebra migration") == []
        assert browser.get(path).status_code == 200
        assert browser.get(path).status_code == 200  # read twice: one reading
        assert _deflections() == [("chat", "read")]
        customer.send_json({"type": "solved"})
        assert until(customer, "solved") == {"type": "solved", "deflected": 1}
        assert _deflections() == [("chat", "solved")]
        with unit_of_work() as s:
            assert "chat" in {c for (c,) in s.execute(select(HelpArticleView.channel))}

        # 2. in German: the translation's title and page; read, then the message is sent anyway: no deflection
        item = next(
            i for i in _suggest(customer, "reset", language="de-AT") if f"/{reset['id']}?" in i["path"]
        )
        assert item["title"] == "Passwort zurücksetzen" and item["language"] == "de"
        assert item["path"].startswith(f"/help/{tenant.slug}/de/articles/{reset['id']}?deflect=")
        assert "Passwort zurücksetzen" in browser.get(item["path"]).text
        customer.send_json({"type": "message", "body": "Still stuck with my password"})
        until(customer, "message")
        assert _deflections()[-1] == ("chat", "submitted")

        # 3. read and left: counted once the wait is over
        [item] = _suggest(customer, "invoices")
        browser.get(item["path"])
        report = {a["title"]: a["deflected"] for a in api.get("/help/report").json()["articles"]}
        assert report["Download invoices"] == 0 and report["Reset your password"] == 1
        with unit_of_work() as s:
            s.execute(update(HelpDeflection).where(HelpDeflection.state == "read")
                      .values(created_at=now_utc() - DEFLECTION_WAIT - timedelta(minutes=1)))  # fmt: skip
        report = {a["title"]: a["deflected"] for a in api.get("/help/report").json()["articles"]}
        assert report["Download invoices"] == 1
        assert api.get("/help/report").json()["content_gaps"] == []  # suggestions are not searches made

        # bad input: too long or a cut emoji (refused), emoji only (inert), a token whose channel was changed
        customer.send_json({"type": "suggest", "text": "x" * 301})
        error = until(customer, "error")
        assert error["detail"][0]["loc"] == ["frame", "suggest", "text"]
        assert _suggest(customer, "😀😀😀") == []
        customer.send_text(json.dumps({"type": "suggest", "text": "invoices \ud83d"}))  # half an emoji
        assert until(customer, "error")["detail"][0]["type"] == "string_unicode"
        forged = item["path"].replace(".chat.", ".web.")
        assert forged != item["path"]
        before = _deflections()
        assert browser.get(forged).status_code == 200 and _deflections() == before
        customer.send_json({"type": "solved"})  # the invoices reading, already counted: counted once
        assert until(customer, "solved") == {"type": "solved", "deflected": 1}
        customer.send_json({"type": "solved"})  # nothing read since
        assert until(customer, "solved") == {"type": "solved", "deflected": 0}
        report = {a["title"]: a["deflected"] for a in api.get("/help/report").json()["articles"]}
        assert report["Download invoices"] == 1

    # another workspace's widget never sees these articles
    other = chat_world(make_tenant("Other"), user="u-9")
    with app_client.websocket_connect(other.customer_url()) as stranger:
        assert stranger.receive_json()["type"] == "hello"
        assert _suggest(stranger, "password") == []
