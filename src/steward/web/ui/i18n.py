"""The staff UI's language per request: the user's own choice, else the browser's Accept-Language. Templates
get `_()`/`ngettext` (Jinja's i18n extension, bound per render to that language through the render context)
and Babel filters that write numbers, money, dates and relative times the way that locale does."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from babel.numbers import format_currency, format_decimal, format_percent
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from steward.core.clock import today_utc
from steward.core.i18n import RTL, negotiate, translations
from steward.core.money import minor_exponent


def N_(message: str) -> str:  # gettext's name for "extract now, translate where shown"
    return message


# Labels from the measure registry (web/ui/measures.py) that translated pages show through _(label).
MEASURE_LABELS = (N_("Churn risk"), N_("NPS, 180 days"))


def language_of(request: Any, user: Any = None) -> str:
    """The UI language of this request, worked out once and kept on the request."""
    state = getattr(request, "state", None)
    cached = getattr(state, "ui_language", None) if state is not None else None
    if cached:
        return str(cached)
    headers = getattr(request, "headers", None) or {}
    chosen = getattr(user, "language", None) or getattr(state, "user_language", None)
    found = negotiate(chosen, accept_language=headers.get("accept-language"))
    if state is not None:
        state.ui_language = found
    return found


def gettext_for(request: Any, user: Any = None) -> Callable[[str], str]:
    """The catalogue's gettext in this request's UI language, for text a handler puts on a page."""
    return translations(language_of(request, user)).gettext


def wait_for(request: Any, seconds: int) -> str:
    """A wait said in this request's UI language: '5 minutes', '5 Minuten', '5 分钟'."""
    locale = Locale.parse(language_of(request).replace("-", "_"))
    return format_timedelta(timedelta(seconds=seconds), threshold=1.5, locale=locale)


def _language(ctx: Context) -> str:
    forced = ctx.get("ui_language")  # a render without a request (tests, e-mails) may name it
    if forced:
        return str(forced)
    request = ctx.get("request")
    return language_of(request, ctx.get("user")) if request is not None else "en"


def _locale(ctx: Context) -> Locale:
    return Locale.parse(_language(ctx).replace("-", "_"))


def gettext_in(ctx: Context) -> Callable[[str], str]:
    """The catalogue's gettext in the language of this render, for a template helper written in Python."""
    return translations(_language(ctx)).gettext


@pass_context
def _gettext(ctx: Context, message: str) -> str:
    return translations(_language(ctx)).gettext(message)


@pass_context
def _ngettext(ctx: Context, singular: str, plural: str, n: int) -> str:
    return translations(_language(ctx)).ngettext(singular, plural, n)


@pass_context
def _pgettext(ctx: Context, context: str, message: str) -> str:
    """A word that means something else elsewhere ("Title" of an article, not a person's) by its msgctxt."""
    return translations(_language(ctx)).pgettext(context, message)


class Words:
    """One language's gettext, ngettext and pgettext with its Babel locale: what code that words a structured
    value for a page (web/ui/icp_words.py, form_errors.py) builds its sentences from."""

    def __init__(self, language: str) -> None:
        said = translations(language)
        self._, self.ngettext, self.pgettext = said.gettext, said.ngettext, said.pgettext
        self.locale = Locale.parse(language.replace("-", "_"))
        self.english = language == "en"


@pass_context
def html_lang(ctx: Context) -> str:
    return _language(ctx)


@pass_context
def html_dir(ctx: Context) -> str:
    return "rtl" if _language(ctx) in RTL else "ltr"


@pass_context
def number(ctx: Context, value: float | int | None, digits: int = 0) -> str:
    """1234.5 -> '1,235' (en), '1.235' (de), '1 235' (fr, pl)."""
    if value is None:
        return "—"
    return format_decimal(value, format=f"#,##0{'.' + '0' * digits if digits else ''}", locale=_locale(ctx))


@pass_context
def currency(ctx: Context, minor: int | None, code: str = "USD") -> str:
    """Minor units in the locale's own way: 1234500 USD -> '$12,345.00' (en), '12.345,00 $' (de)."""
    if minor is None:
        return "—"
    return format_currency(minor / 10 ** minor_exponent(code), code, locale=_locale(ctx))


@pass_context
def percent(ctx: Context, share: float | None, digits: int = 0) -> str:
    """0.873 -> '87%' (en), '87 %' (de, fr), '87%' (ja); with digits=1, '87.3%'."""
    if share is None:
        return "—"
    if digits:  # the locale's own pattern with that many decimals: '87,3 %' (de)
        locale = _locale(ctx)
        pattern = re.sub(r"0(\s*%)", "0." + "0" * digits + r"\1", str(locale.percent_formats[None].pattern))
        return format_percent(share, format=pattern, locale=locale)
    return format_percent(share, locale=_locale(ctx))


@pass_context
def long_date(ctx: Context, value: date | datetime | None) -> str:
    """A day as the locale writes it: 'Mar 5, 2027' (en), '05.03.2027' (de), '2027年3月5日' (ja)."""
    if value is None:
        return "—"
    return format_date(value, format="medium", locale=_locale(ctx))


@pass_context
def moment(ctx: Context, value: datetime | None, zone: str = "UTC") -> str:
    """A time in the user's zone as the locale writes it: 'Dec 7, 2026, 8:38 AM' (en), '07.12.2026, 08:38'."""
    if value is None:
        return "—"
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    local, locale = value.astimezone(tz), _locale(ctx)
    day, clock = format_date(local, "medium", locale=locale), format_time(local, "short", locale=locale)
    joined = str(locale.datetime_formats["medium"])  # how the locale joins a day and a time: "{1}, {0}"
    return joined.replace("{1}", day).replace("{0}", clock)


@pass_context
def relative(ctx: Context, value: date | datetime | timedelta | None, today: date | None = None) -> str:
    """How far away a day is, said in the locale: 'in 3 months', 'vor 2 Wochen', '3か月後'."""
    if value is None:
        return "—"
    if isinstance(value, timedelta):
        delta = value
    else:
        day = value.date() if isinstance(value, datetime) else value
        delta = timedelta(days=(day - (today or today_utc())).days)
    return format_timedelta(delta, add_direction=True, granularity="day", locale=_locale(ctx))


def install(env: Environment) -> None:
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext
    )
    env.globals.update(html_lang=html_lang, html_dir=html_dir)
    env.filters.update(
        number=number,
        currency=currency,
        percent=percent,
        long_date=long_date,
        moment=moment,
        relative=relative,
    )
