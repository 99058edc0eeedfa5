"""Theme statistics over read feedback: counts per sentiment, the mean, and distinct examples that show both
sides (the most negative first, then the most positive)."""

from __future__ import annotations

from steward.analytics.feedback import Said, theme_stats


def _said(n: int, text: str, sentiment: str, score: float, themes: tuple[str, ...] = ("Pricing",)) -> Said:
    return Said(ref=f"r:{n}", text=text, language="en", sentiment=sentiment, score=score, themes=themes)


def test_counts_mean_and_distinct_examples() -> None:
    items = [
        _said(1, "Too expensive.", "negative", -0.8),
        _said(2, "Too expensive.", "negative", -0.8),  # the same words twice: one example
        _said(3, "Price went up again, annoying.", "negative", -0.6),
        _said(4, "Fair price for what we get.", "positive", 0.5),
        _said(5, "The price is fine.", "neutral", 0.1),
        _said(6, "Support answered fast.", "positive", 0.7, ("Support",)),
    ]
    stats = {t.name: t for t in theme_stats(items)}
    pricing = stats["Pricing"]
    assert (pricing.count, pricing.positive, pricing.neutral, pricing.negative) == (5, 1, 1, 3)
    assert pricing.mean_sentiment == round((-0.8 - 0.8 - 0.6 + 0.5 + 0.1) / 5, 4)
    assert [e.text for e in pricing.examples] == [
        "Too expensive.",
        "Price went up again, annoying.",
        "Fair price for what we get.",
    ]
    assert list(stats) == ["Pricing", "Support"]  # biggest first
