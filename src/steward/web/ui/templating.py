"""Jinja2 environment (autoescaped) and display filters for money, dates and times, and QR codes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import segno
from fastapi.templating import Jinja2Templates

from steward.core.money import minor_exponent
from steward.web.ui import chart_words, churn_words, form_errors, i18n, icp_words
from steward.web.ui.measures import measure_label, measure_value_said

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
# Jinja2Templates autoescapes .html by default; keep it explicit because user data is rendered everywhere.
templates.env.autoescape = True
i18n.install(templates.env)  # _(), ngettext and the per-locale filters, in the request's UI language
chart_words.install(templates.env)  # charts' words and numbers in the page's language
churn_words.install(templates.env)  # the churn model's reasons in the page's language
icp_words.install(templates.env)  # the ideal customer profile's reasons, likewise
form_errors.install(templates.env)  # form and action errors, likewise


def money(minor: int | None, currency: str = "USD") -> str:
    if minor is None:
        return "—"
    digits = minor_exponent(currency)
    value = minor / (10**digits)
    return f"{value:,.{digits}f} {currency}"


def local_time(value: datetime | None, zone: str = "UTC") -> str:
    if value is None:
        return "—"
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def label(value: Any) -> str:
    return str(value).replace("_", " ").capitalize() if value else "—"


def qr_code(text: str) -> str:
    """An SVG QR code of the text as a data: URI for an <img> (drawn on the server: no script, and the page's
    CSP allows data: images)."""
    return str(segno.make(text, error="m").svg_data_uri(scale=4, border=2))


templates.env.filters.update(
    qr_code=qr_code,
    money=money,
    local_time=local_time,
    day=day,
    label=label,
    measure_label=measure_label,
    measure_value=measure_value_said,  # in the render's language (numbers, shares, days, yes/no)
)
