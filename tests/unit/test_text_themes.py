"""Configured themes across languages and discovered themes on a planted corpus (no database)."""

from __future__ import annotations

import pytest

from steward.analytics.text import Theme, analyze, discover_themes, match_themes

PRICING = Theme("Pricing", ("too expensive", "price increase"))
SUPPORT = Theme("Support", ("support never answers", "slow response time"))
MOBILE = Theme("Mobile app", ("the iOS app", "android app"))


@pytest.mark.parametrize(
    "text",
    ["zu teuer", "trop cher", "demasiado caro", "太贵了", "太貴了", "za drogie", "יקר מדי", "値段が高すぎる"],
)
def test_pricing_matches_in_every_language(text: str) -> None:
    assert match_themes([text], [PRICING, SUPPORT]) == [("Pricing",)]


def test_support_across_languages() -> None:
    texts = [
        "Der Kundenservice antwortet nie",
        "客服回复太慢",
        "Obsługa klienta nie odpowiada",
        "השירות לקוחות גרוע",
    ]
    assert all(found[:1] == ("Support",) for found in match_themes(texts, [PRICING, SUPPORT]))


def test_unrelated_text_matches_nothing() -> None:
    assert match_themes(["The weather was lovely", "Wir treffen uns morgen"], [PRICING, SUPPORT]) == [(), ()]


def test_strongest_first_and_own_words() -> None:
    found = match_themes(["Support is slow, support never answers, and it is expensive"], [PRICING, SUPPORT])
    assert found == [("Support", "Pricing")]
    assert match_themes(["The mobile app logs me out"], [MOBILE]) == [("Mobile app",)]


def test_name_alone_uses_builtin_concept() -> None:
    found = match_themes(
        ["Die Rechnung war falsch", "App stürzt ständig ab"], [Theme("Billing"), Theme("Bugs")]
    )
    assert found == [("Billing",), ("Bugs",)]


def test_ngram_fallback_catches_spelling_variants() -> None:
    theme = Theme("Dark mode", ("please add a dark mode",))
    assert match_themes(["pls add dark-mode!"], [theme]) == [("Dark mode",)]


def test_analyze_reports_themes() -> None:
    (result,) = analyze(["Das ist viel zu teuer geworden."], [PRICING])
    assert result.themes == ("Pricing",)
    assert result.sentiment == "negative"


def test_discovers_planted_themes() -> None:
    login = ["The login page crashes every time I sign in", "Login crashes after the update",
             "App crashes on the login screen", "login page crashed again today"]  # fmt: skip
    invoices = ["Invoices are wrong every month", "Wrong invoice amount again", "The invoice was wrong",
                "Billing sent us a wrong invoice"]  # fmt: skip
    charts = [
        "Love the new dashboard charts",
        "New dashboard charts are great",
        "dashboard charts look great",
    ]
    noise = ["random thing", "the weather is nice", "hello there", "see you on Monday"]
    texts = login + invoices + charts + noise
    found = discover_themes(texts, max_themes=5, min_size=3)
    groups = [set(t.members) for t in found]
    assert set(range(4)) in groups
    assert set(range(4, 8)) in groups
    assert set(range(8, 11)) in groups
    by_members = {frozenset(t.members): t for t in found}
    assert "login" in by_members[frozenset(range(4))].key_phrases
    assert "invoice" in by_members[frozenset(range(4, 8))].label
    assert all(t.label == " / ".join(t.key_phrases) and 2 <= len(t.key_phrases) <= 3 for t in found)


def test_discover_handles_small_and_cjk_input() -> None:
    assert discover_themes(["one"], min_size=3) == []
    texts = ["登录页面崩溃", "登录后崩溃", "登录页面又崩溃了", "发票金额错误", "今天天气很好"]
    found = discover_themes(texts, min_size=3)
    assert found and set(found[0].members) == {0, 1, 2}
