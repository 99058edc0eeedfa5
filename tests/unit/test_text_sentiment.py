"""Sentiment direction on hand-written sentences in eight languages, with negation (no database)."""

# ruff: noqa: RUF001  (Chinese and Japanese text uses full-width punctuation on purpose)

from __future__ import annotations

import pytest

from steward.analytics.text import analyze, sentiment

# (language, positive, negative, negated positive -> not positive)
CASES = [
    ("en", "The support team was fantastic and really helpful.", "The app is slow and keeps crashing.",
     "The new release is not good at all."),
    ("de", "Der Support war hervorragend und sehr hilfreich.", "Die App ist langsam und stürzt ständig ab.",
     "Das neue Update gefällt mir nicht."),
    ("fr", "Le service client est excellent et très rapide.", "L'application est lente et plante souvent.",
     "Je n'aime pas du tout la nouvelle interface."),
    ("es", "El equipo de soporte fue excelente y muy amable.", "La aplicación es lenta y falla siempre.",
     "No me gusta nada la nueva versión."),
    ("pl", "Obsługa klienta jest świetna i bardzo pomocna.", "Aplikacja jest wolna i ciągle się zawiesza.",
     "Nie polecam tego programu."),
    ("zh", "这个软件非常好用，客服也很专业。", "这个软件太慢了，经常崩溃，很失望。", "这个版本不好用。"),
    ("zh", "這個軟體非常好用，客服也很專業。", "這個軟體太慢了，經常閃退，很失望。", "這個版本不好用。"),
    ("ja", "このアプリはとても使いやすくて満足しています。", "サポートの対応が遅くて最悪です。",
     "新しいデザインは好きじゃない。"),
    ("he", "השירות היה מצוין ואני ממליץ בחום.", "המערכת איטית מאוד ויש הרבה תקלות.", "השירות לא טוב."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "pos", "neg", "negated"), CASES)
def test_direction(lang: str, pos: str, neg: str, negated: str) -> None:
    assert sentiment(pos, lang)[0] == "positive"
    assert sentiment(neg, lang)[0] == "negative"
    label, score = sentiment(negated, lang)
    assert label == "negative", (negated, score)


@pytest.mark.parametrize(("lang", "pos", "neg", "negated"), CASES)
def test_detects_language_when_not_given(lang: str, pos: str, neg: str, negated: str) -> None:
    assert sentiment(pos)[1] > 0 > sentiment(neg)[1]


def test_negated_negative_is_not_negative() -> None:
    assert sentiment("Not bad at all, the team was not unhelpful.", "en")[0] != "negative"
    assert sentiment("nicht schlecht", "de")[1] > 0


def test_neutral_and_bounds() -> None:
    assert sentiment("The meeting is on Tuesday at 10.", "en")[0] == "neutral"
    assert sentiment("Die Rechnung kommt am Montag.", "de")[0] == "neutral"
    assert sentiment("", "en") == ("neutral", 0.0)
    for text in ["love love love amazing perfect best excellent!!!", "worst awful horrible terrible hate"]:
        assert -1.0 <= sentiment(text)[1] <= 1.0


def test_emoji_count_in_any_language() -> None:
    assert sentiment("Neue Version 👍👍", "de")[0] == "positive"
    assert sentiment("新版本 😡", "zh")[0] == "negative"


def test_analyze_batch() -> None:
    results = analyze(["Great support, thanks!", "Zu teuer und zu langsam.", "12345"])
    assert [r.language for r in results] == ["en", "de", "und"]
    assert [r.sentiment for r in results] == ["positive", "negative", "neutral"]
    assert all(r.themes == () for r in results)
