"""Configured themes matched by meaning across languages, sentiment per theme inside one comment, and
discovered themes as groups named in words (no database)."""

# ruff: noqa: RUF001  (Chinese and Japanese text uses full-width punctuation on purpose)

from __future__ import annotations

import pytest

from steward.analytics.text import Theme, ThemeIndex, analyze, cluster, embed
from steward.analytics.text.aspects import after_contrast, clauses

PRICING = Theme("Pricing", ("too expensive", "the price went up again", "we pay too much per seat"))
SUPPORT = Theme(
    "Support", ("support never answers", "slow response from the help desk", "great support team")
)
SSO = Theme("Single sign-on", ("Logowanie przez SSO nie działa", "błąd SAML przy logowaniu"))  # Polish only


@pytest.mark.parametrize(
    "text",
    ["Viel zu teuer geworden", "Le prix a encore augmenté", "价格太贵了", "המחיר יקר מדי", "値段が高すぎる"],
)
def test_pricing_matches_in_every_language(text: str) -> None:
    [result] = analyze([text], [PRICING, SUPPORT])
    assert result.themes[:1] == ("Pricing",)
    assert 0 < result.theme_scores[0] <= 1


def test_a_polish_example_finds_the_chinese_complaint() -> None:
    found = analyze(["单点登录一直报SAML错误，无法登录", "Das Dashboard lädt sehr schnell"], [SSO, PRICING])
    assert found[0].themes == ("Single sign-on",)
    assert "Single sign-on" not in found[1].themes


def test_unrelated_text_matches_nothing() -> None:
    results = analyze(
        ["Wir treffen uns morgen um zehn im Büro", "See you at the conference in May"], [PRICING]
    )
    assert [r.themes for r in results] == [(), ()]


def test_sentiment_per_theme_inside_one_comment() -> None:
    [r] = analyze(["Love the product, but support takes days to answer."], [PRICING, SUPPORT])
    by_theme = {a.theme: a for a in r.aspects}
    assert by_theme["Support"].sentiment == "negative"
    [r] = analyze(["Support is fantastic, but the price is far too high."], [PRICING, SUPPORT])
    by_theme = {a.theme: a for a in r.aspects}
    assert by_theme["Support"].sentiment == "positive" and by_theme["Pricing"].sentiment == "negative"


def test_theme_index_is_reused() -> None:
    index = ThemeIndex([PRICING], embed)
    assert [r.themes for r in analyze(["way too expensive"], index)] == [("Pricing",)]


def test_clauses_split_at_contrast_and_sentence_ends() -> None:
    assert clauses("Das Produkt ist toll, aber der Support ist langsam. Preis ok!") == [
        "Das Produkt ist toll", "aber der Support ist langsam", "Preis ok!"]  # fmt: skip
    assert clauses("产品很好，但是客服太慢了。") == ["产品很好", "但是客服太慢了"]
    assert clauses("製品は良いけど、サポートが遅い。") == ["製品は良いけど", "サポートが遅い"]
    assert clauses("no break here") == ["no break here"]
    assert after_contrast("Dobre narzędzie, ale cena za wysoka.") == "cena za wysoka."
    assert after_contrast("平台整体不错，但同步天天报错") == "同步天天报错"
    assert after_contrast("But why") is None


def test_discovered_groups_merge_languages_and_are_named_in_words() -> None:
    export = ["CSV export fails with a timeout error", "Export to CSV times out",
              "Der CSV-Export bricht mit einer Zeitüberschreitung ab",
              "Eksport do CSV kończy się timeoutem"]  # fmt: skip
    invoices = ["The invoice amount is wrong again", "Wrong total on our invoice this month",
                "La facture est fausse ce mois-ci"]  # fmt: skip
    noise = ["the weather is nice today", "see you on Monday", "our office moved to Berlin"]
    texts = export + invoices + noise
    found = cluster(texts, embed(texts), threshold=0.88, min_size=3)
    groups = [set(c.members) for c in found]
    assert set(range(4)) in groups and set(range(4, 7)) in groups
    export_group = next(c for c in found if set(c.members) == set(range(4)))
    assert export_group.label in export and len(export_group.central) == 3


def test_cluster_handles_small_input() -> None:
    assert cluster(["one"], embed(["one"]), threshold=0.88) == []
