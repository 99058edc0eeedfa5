"""Steward's previous feedback reader (hand-written lexicons, and for English a logistic regression over
lexicon features trained on the restaurant sentences), kept only as the baseline bench/feedback_text.py
measures the learned model against. Not part of the product."""

from __future__ import annotations

from lexicon_reader import english_model
from lexicon_reader.lexicon import lexicon_score, squash
from steward.analytics.text.language import UNDETERMINED, detect_language

NEUTRAL_BAND = 0.2


def sentiment(text: str, language: str | None = None) -> str:
    lang = language or detect_language(text)
    if lang in ("en", UNDETERMINED):
        score = english_model.load().blend(text) if text.strip() else 0.0
    else:
        score = squash(lexicon_score(text, lang)[0])
    return "positive" if score >= NEUTRAL_BAND else "negative" if score <= -NEUTRAL_BAND else "neutral"
