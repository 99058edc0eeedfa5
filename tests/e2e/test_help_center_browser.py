"""In a real Chromium: a customer searches a workspace's public help center in Chinese and in Hebrew (the
page right to left), finds the article, reads it and says it did not help, with a comment."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant

pytestmark = pytest.mark.e2e


def test_customer_searches_in_chinese_and_hebrew(
    chromium: Any, server_url: str, app_client: TestClient, tenant: Tenant
) -> None:
    api = ApiClient(app_client, tenant.keys["admin"])
    section_id = shelf(api)
    source = published(api, section_id, "Download your invoices", "Open Settings, then Billing.")
    for language, title, body in (
        ("zh-Hans", "如何下载发票", "登录后打开设置页面，您可以在这里下载所有的账单和发票。"),  # noqa: RUF001
        ("he", "הורדת חשבוניות", "פותחים את ההגדרות בחשבון ומורידים את החשבוניות."),
    ):
        made = api.post(f"/help/articles/{source['id']}/translations",
                        json={"language": language, "title": title, "body": body}).json()  # fmt: skip
        api.post(f"/help/articles/{made['id']}/publish")

    page = chromium.new_context(viewport={"width": 1200, "height": 800}, locale="zh-CN").new_page()
    page.goto(f"{server_url}/help/{tenant.slug}")
    page.wait_for_url(f"{server_url}/help/{tenant.slug}/zh-Hans")
    page.fill("#help-q", "账单")
    page.press("#help-q", "Enter")
    page.wait_for_selector("#results")
    assert page.locator("#results mark").first.inner_text() == "账单"
    page.locator("#results a").first.click()
    assert page.locator("#article-title").inner_text() == "如何下载发票"

    page.goto(f"{server_url}/help/{tenant.slug}/he")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.fill("#help-q", "חשבוניות")
    page.press("#help-q", "Enter")
    page.wait_for_selector("#results")
    page.locator("#results a").first.click()
    assert page.locator("#article-title").inner_text() == "הורדת חשבוניות"
    page.fill("#vote-comment", "<script>alert(1)</script> לא מצאתי")
    page.click("#vote-no")
    page.wait_for_selector("#vote-thanks")
    assert api.get("/help/report").json()["comments"] == [
        "הורדת חשבוניות: <script>alert(1)</script> לא מצאתי"
    ]
