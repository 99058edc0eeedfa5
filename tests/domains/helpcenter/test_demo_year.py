"""The demo's full help center: forty articles in nine languages with translations, and a year of reading:
views spread over the year (public help center, and the portal's ticket form by demo contacts, counted for
their accounts), deflections, votes and searches, some of which find nothing; the report, the measures by
channel and the articles-read input agree with what was written."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select

from steward.core.clock import start_of_day, today_utc
from steward.core.db import unit_of_work
from steward.demo.help_articles import ARTICLES
from steward.demo.help_articles_more import MORE_ARTICLES
from steward.demo.help_center import seed_help_center
from steward.domains.helpcenter import service as helpcenter_service
from steward.domains.helpcenter.models import HelpArticleView, HelpSearch
from tests.factories import ApiClient, Tenant


def test_forty_articles_and_a_year_of_reading(api: ApiClient, tenant: Tenant) -> None:
    readers = []
    for i in range(6):
        account = api.post("/accounts", json={"external_id": f"a{i}", "name": f"Account {i}"}).json()
        body = {"external_id": f"c{i}", "account_id": account["id"], "email": f"c{i}@example.test"}
        readers.append((api.post("/contacts", json=body).json()["id"], account["id"]))
    today = today_utc()
    with unit_of_work() as s:
        every = [*ARTICLES, *MORE_ARTICLES]
        sources = seed_help_center(session=s, workspace_id=tenant.id, rng=random.Random(5), articles=every,
                                   readers=readers, today=today)  # fmt: skip
    assert len(sources) == 40
    articles = api.get("/help/articles", params={"status": "published", "limit": 500}).json()
    assert len(articles) >= 120
    assert {a["language"] for a in articles} == {
        "en",
        "zh-Hans",
        "zh-Hant",
        "ja",
        "he",
        "de",
        "es",
        "fr",
        "pl",
    }
    report = api.get("/help/report").json()
    with unit_of_work() as s:
        V = HelpArticleView
        rows = s.execute(select(V.channel, V.contact_id, V.account_id, V.viewed_at)).all()
        search_days = s.scalar(select(func.count(func.distinct(func.date(HelpSearch.created_at)))))
        year = start_of_day(today - timedelta(days=365)), start_of_day(today + timedelta(days=1))
        by_channel = helpcenter_service.self_service_by_channel(
            session=s, workspace_id=tenant.id, start=year[0], end=year[1]
        )
        read = helpcenter_service.articles_read(session=s, workspace_id=tenant.id, days=[today])[today]
    assert sum(a["views"] for a in report["articles"]) == len(rows) > 40 * 25
    assert all(year[0] <= at < year[1] for *_, at in rows)
    assert len({at.date() for *_, at in rows}) > 250  # spread over the year
    assert search_days is not None and search_days > 50
    web = [(c, a) for channel, c, a, _ in rows if channel == "web"]
    assert web and set(web) <= set(readers)
    assert {channel for channel, *_ in rows} == {"help_center", "web"}
    assert by_channel["web"][0] == len(web) and by_channel["web"][1] > 0  # some readings deflected
    assert by_channel["help_center"] == (len(rows) - len(web), 0)
    assert sum(a["deflected"] for a in report["articles"]) == by_channel["web"][1]
    assert sum(a["helpful"] + a["not_helpful"] for a in report["articles"]) > 40
    assert 0 < len(read) <= len(readers) and read.min() >= 1
    gaps = {g["query"] for g in report["content_gaps"]}
    # 離線 (offline): the offline article has no Chinese version
    assert {"SSO", "SAML", "発送", "dark mode", "carrito", "離線"} <= gaps
    assert not gaps & {"invoice", "发票", "Rechnung", "webhook", "Slack", "refund"}
