"""The demo's help center: fourteen articles published in all their languages, one source edited after its
translations (out of date), and views, votes and searches in the report, some searches finding nothing."""

from __future__ import annotations

import random

from steward.core.db import unit_of_work
from steward.demo.help_center import seed_help_center
from tests.factories import ApiClient, Tenant


def test_seeded_help_center(api: ApiClient, tenant: Tenant) -> None:
    with unit_of_work() as s:
        sources = seed_help_center(session=s, workspace_id=tenant.id, rng=random.Random(3))
    articles = api.get("/help/articles", params={"status": "published"}).json()
    assert len(sources) == 14 and len(articles) == 54
    stale = {a["language"] for a in articles if a["out_of_date"]}
    assert stale == {"zh-Hans", "ja", "he"}  # the card article's translations
    report = api.get("/help/report").json()
    assert sum(a["views"] for a in report["articles"]) > 54 * 3 - 1
    assert sum(a["helpful"] + a["not_helpful"] for a in report["articles"]) > 0
    assert {"SSO", "SAML", "発送"} <= {g["query"] for g in report["content_gaps"]}
    assert "invoice" not in {g["query"] for g in report["content_gaps"]}
