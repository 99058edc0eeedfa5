"""Jinja2 environment (autoescaped) and display filters for money, dates and times."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates

from steward.core.money import minor_exponent
from steward.web.ui.measures import measure_label, measure_value

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
# Jinja2Templates autoescapes .html by default; keep it explicit because user data is rendered everywhere.
templates.env.autoescape = True


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


templates.env.filters.update(
    money=money,
    local_time=local_time,
    day=day,
    label=label,
    measure_label=measure_label,
    measure_value=measure_value,
)
