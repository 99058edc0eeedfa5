"""Text in unexpected scripts, mixed scripts, no words at all, or a language no model covers: every one gets a
language code (or "und"), and either a sentiment in range or none with the reason, never an error."""

from __future__ import annotations

import time

import pytest

from steward.analytics.text import analyze

ODD = [
    ("Всё сломалось, поддержка не отвечает", "ru"),
    ("المنتج سيء جدا ولا يعمل", "ar"),
    ("สวัสดีครับ ระบบช้ามาก", "th"),
    ("नमस्ते, सेवा बहुत धीमी है", "hi"),
    ("한국어 서비스가 좋아요", "ko"),
    ("Ελληνικά: η υπηρεσία είναι αργή", "el"),
    ("Всё отлично работает, спасибо!", "ru"),
    ("今天的iPhone update真的很差", "zh"),
]
NOTHING = [("12345", "no words or emoji to read"), ("", "empty text"), ("   \n\t ", "empty text"),
           ("?!…", "no words or emoji to read")]  # fmt: skip
UNCOVERED = [("ཁྱེད་རང་ག་འདྲ་ཡོད། ཞབས་ཞུ་ཡག་པོ་མི་འདུག", "bo"), ("ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎤᏬᏚ", "chr")]


@pytest.mark.parametrize(("text", "language"), ODD)
def test_unexpected_scripts_are_named_not_guessed(text: str, language: str) -> None:
    [result] = analyze([text])
    assert result.language == language
    assert result.sentiment in ("positive", "neutral", "negative")
    assert result.score is not None and -1.0 <= result.score <= 1.0


@pytest.mark.parametrize(("text", "reason"), NOTHING)
def test_nothing_to_read_says_so(text: str, reason: str) -> None:
    [result] = analyze([text])
    assert (result.language, result.sentiment, result.score, result.reason) == ("und", None, None, reason)


@pytest.mark.parametrize(("text", "language"), UNCOVERED)
def test_uncovered_language_is_named_and_not_guessed(text: str, language: str) -> None:
    [result] = analyze([text])
    assert result.language == language and result.sentiment is None and result.confidence is None
    assert result.reason and language in result.reason and "covers" in result.reason


def test_mixed_scripts_read_as_one_comment() -> None:
    [result] = analyze(["今天的iPhone update真的很差"])
    assert result.sentiment == "negative"


def test_emoji_only_and_very_long_texts() -> None:
    started = time.perf_counter()
    [long] = analyze(["The export keeps failing and support never answers. " * 2_000])  # 100 KB
    assert time.perf_counter() - started < 5  # only the opening is embedded
    assert long.language == "en" and long.sentiment == "negative"
    happy, angry = analyze(["🙂🙂🙂", "😡"])
    assert (happy.language, happy.sentiment) == ("und", "positive")
    assert angry.sentiment == "negative"
