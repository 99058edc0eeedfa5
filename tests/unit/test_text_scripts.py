"""Text in scripts the sentiment lexicons do not cover, and texts with no words at all: every one gets a
language code (or "und"), a sentiment in range and no error."""

from __future__ import annotations

import pytest

from steward.analytics.text import analyze

ODD = [
    ("Всё сломалось, поддержка не отвечает", "ru"),
    ("المنتج سيء جدا ولا يعمل", "ar"),
    ("สวัสดีครับ ระบบช้ามาก", "th"),
    ("नमस्ते, सेवा बहुत धीमी है", "hi"),
    ("한국어 서비스가 좋아요", "ko"),
    ("Ελληνικά: η υπηρεσία είναι αργή", "el"),
    ("12345", "und"),
    ("", "und"),
    ("   \n\t ", "und"),
    ("?!…", "und"),
]


@pytest.mark.parametrize(("text", "language"), ODD)
def test_unexpected_scripts_are_named_not_guessed(text: str, language: str) -> None:
    [result] = analyze([text])
    assert result.language == language
    assert result.sentiment in ("positive", "neutral", "negative") and -1.0 <= result.score <= 1.0


def test_emoji_only_and_very_long_texts() -> None:
    happy, angry, long = analyze(["🙂🙂🙂", "😡", "slow " * 20_000])
    assert (happy.language, happy.sentiment) == ("und", "positive")
    assert angry.sentiment == "negative"
    assert long.language == "en" and -1.0 <= long.score <= 1.0
