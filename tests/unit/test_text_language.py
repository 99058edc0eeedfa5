"""Language detection on hand-written sentences (no database)."""

# ruff: noqa: RUF001  (Chinese and Japanese text uses full-width punctuation on purpose)

from __future__ import annotations

import pytest

from steward.analytics.text import detect_language

SENTENCES = [
    ("en", "The onboarding call was helpful and the team answered all our questions."),
    ("en", "We cannot export the monthly report since the last update."),
    ("de", "Der Kundendienst hat sich nach zwei Wochen immer noch nicht gemeldet."),
    ("de", "Die neue Version ist deutlich schneller und übersichtlicher."),
    ("fr", "Le tableau de bord est beaucoup plus clair depuis la mise à jour."),
    ("fr", "Nous attendons toujours une réponse du service client."),
    ("es", "La integración con nuestro CRM funciona muy bien desde el principio."),
    ("es", "El precio subió demasiado este año y estamos pensando en cancelar."),
    ("pl", "Aplikacja działa bardzo wolno i często się zawiesza."),
    ("pl", "Obsługa klienta szybko rozwiązała nasz problem, dziękujemy."),
    ("zh", "这个软件非常好用，客服回复也很及时。"),
    ("zh", "這個軟體的價格太貴了，我們考慮取消訂閱。"),
    ("ja", "このアプリはとても使いやすいですが、少し高いです。"),
    ("ja", "サポートの返信が遅くて困っています。"),
    ("he", "השירות היה מצוין והצוות עזר לנו מאוד."),
    ("he", "המערכת איטית מאוד ונתקעת כל הזמן."),
]


@pytest.mark.parametrize(("expected", "text"), SENTENCES)
def test_detects_language(expected: str, text: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "12345", "ok", "!!!", "+49 30 1234567", "https://example.com"])
def test_undetermined_when_too_little_text(text: str) -> None:
    assert detect_language(text) == "und"


def test_mentions_and_links_do_not_decide() -> None:
    assert detect_language("@support_team https://x.io Merci beaucoup pour votre aide rapide !") == "fr"
