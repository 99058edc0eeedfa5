"""Offline text analytics for customer feedback: language, sentiment and themes, in any common language.

Everything runs locally from data shipped in this package or in its dependencies' wheels (py3langid's
model); no text leaves the server and nothing is downloaded at run time. See README.md beside this file
for the approach and its measured accuracy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from steward.analytics.text import english_model
from steward.analytics.text.discover import DiscoveredTheme, discover_themes
from steward.analytics.text.language import LANGUAGES, UNDETERMINED, detect_language
from steward.analytics.text.lexicon import lexicon_score, squash
from steward.analytics.text.themes import Theme, match_themes

__all__ = [
    "LANGUAGES",
    "DiscoveredTheme",
    "TextAnalysis",
    "Theme",
    "analyze",
    "detect_language",
    "discover_themes",
    "match_themes",
    "sentiment",
]

# |score| below this is "neutral": one weak sentiment word squashes to about 0.45, two opposite ones to 0.
NEUTRAL_BAND: Final = 0.2


@dataclass(frozen=True)
class TextAnalysis:
    language: str
    sentiment: str
    score: float
    themes: tuple[str, ...]


def label(score: float) -> str:
    if score >= NEUTRAL_BAND:
        return "positive"
    if score <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def sentiment(text: str, language: str | None = None) -> tuple[str, float]:
    """("positive" | "neutral" | "negative", score in [-1, 1]); the language is detected when not given."""
    lang = language or detect_language(text)
    if lang in ("en", UNDETERMINED):
        score = english_model.load().blend(text) if text.strip() else 0.0
    else:
        score = squash(lexicon_score(text, lang)[0])
    score = max(-1.0, min(1.0, score))
    return label(score), round(score, 4)


def analyze(texts: Sequence[str], themes: Sequence[Theme] = ()) -> list[TextAnalysis]:
    """Language, sentiment and matched themes for each text, in input order."""
    matched = match_themes(texts, themes) if themes else [() for _ in texts]
    out = []
    for text, found in zip(texts, matched, strict=True):
        lang = detect_language(text)
        name, score = sentiment(text, lang)
        out.append(TextAnalysis(lang, name, score, found))
    return out
