"""The staff UI's per-render language: _()/ngettext from the catalogues, <html lang dir> (Hebrew right to
left) and Babel's numbers, money, dates and relative times per locale."""

from __future__ import annotations

from datetime import date, timedelta

from steward.web.ui.templating import templates

TEMPLATE = (
    '<html lang="{{ html_lang() }}" dir="{{ html_dir() }}">{{ _("Log out") }}|{{ ngettext("%(num)s day", '
    '"%(num)s days", n) }}|{{ 1234567|currency("EUR") }}|{{ 1234.5|number(1) }}|{{ d|long_date }}|'
    "{{ d|relative(today) }}"
)


def _render(language: str, n: int = 3) -> str:
    page = templates.env.from_string(TEMPLATE)
    return page.render(ui_language=language, n=n, d=date(2027, 3, 5), today=date(2027, 1, 1))


def test_each_language_renders_its_own_words_and_formats() -> None:
    assert _render("en") == (
        '<html lang="en" dir="ltr">Log out|3 days|€12,345.67|1,234.5|Mar 5, 2027|in 2 months'
    )
    assert _render("de") == (
        '<html lang="de" dir="ltr">Abmelden|3 Tage|12.345,67\xa0€|1.234,5|05.03.2027|in 2 Monaten'
    )
    he = _render("he")
    assert he.startswith('<html lang="he" dir="rtl">') and "במרץ" in he and "English" not in he
    assert "2027年3月5日" in _render("zh-Hant") and "2027/03/05" in _render("ja")
    assert "1\xa0234,5" in _render("pl") and "1 dzień" in _render("pl", n=1)


def test_relative_times_and_empty_values() -> None:
    page = templates.env.from_string(
        "{{ a|relative(t) }}|{{ b|relative }}|{{ none|currency }}|{{ none|long_date }}"
    )
    said = page.render(ui_language="fr", a=date(2026, 12, 1), t=date(2026, 12, 15), b=timedelta(days=-1))
    assert said == "il y a 2 semaines|hier|—|—" or said.startswith("il y a 2 semaines|il y a 1 jour"), said


def test_a_request_follows_the_users_choice_before_the_browser() -> None:
    from starlette.requests import Request

    from steward.web.ui.i18n import language_of

    def request(accept: str) -> Request:
        return Request({"type": "http", "headers": [(b"accept-language", accept.encode())], "state": {}})

    class Chosen:
        language = "ja"

    assert language_of(request("pl, en;q=0.5")) == "pl"
    assert language_of(request("pl"), Chosen()) == "ja"
    assert language_of(request("pt-BR")) == "en"
