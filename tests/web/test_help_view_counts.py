"""Public help-center views are counted once per article, visitor (address) and day: a loop of requests,
even one changing its browser name and dropping cookies, adds one row; another address, another article or
the next day counts again."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from steward.core.db import unit_of_work
from steward.domains.helpcenter.models import HelpArticle, HelpArticleView
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant


def _views(article_id: int) -> tuple[int, int]:
    """(rows in help_article_views, the article's view counter)."""
    with unit_of_work() as s:
        rows = s.scalar(select(func.count()).where(HelpArticleView.article_id == article_id))
        counter = s.scalar(select(HelpArticle.views).where(HelpArticle.id == article_id))
    return int(rows or 0), int(counter or 0)


def test_a_loop_of_requests_counts_one_view_a_day(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    section = shelf(api)
    first = published(api, section, "Change your password", "Open Settings.")
    second = published(api, section, "Download an invoice", "Open Billing.")
    loop = TestClient(app_client.app, client=("203.0.113.7", 40000))
    for i in range(30):
        page = loop.get(f"/help/{tenant.slug}/en/articles/{first['id']}", headers={"user-agent": f"bot/{i}"})
        assert page.status_code == 200
        loop.cookies.clear()
    assert _views(first["id"]) == (1, 1)

    loop.get(f"/help/{tenant.slug}/en/articles/{second['id']}")  # another article
    neighbour = TestClient(app_client.app, client=("198.51.100.9", 40000))  # another address
    neighbour.get(f"/help/{tenant.slug}/en/articles/{first['id']}")
    neighbour.get(f"/help/{tenant.slug}/en/articles/{first['id']}")
    assert _views(first["id"]) == (2, 2) and _views(second["id"]) == (1, 1)

    with unit_of_work() as s:  # the views were yesterday's: today counts again, once
        s.execute(update(HelpArticleView).values(day=HelpArticleView.day - timedelta(days=1)))
    for _ in range(3):
        loop.get(f"/help/{tenant.slug}/en/articles/{first['id']}")
    assert _views(first["id"]) == (3, 3)
    report = api.get("/help/report").json()
    assert {a["article_id"]: a["views"] for a in report["articles"]}[first["id"]] == 3

    with unit_of_work() as s:  # the address itself is never stored
        stored = list(s.scalars(select(HelpArticleView.visitor).where(HelpArticleView.visitor.is_not(None))))
    assert len(stored) == 4 and all(len(v) == 64 and "203.0.113" not in v for v in stored)
