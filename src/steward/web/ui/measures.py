"""One registry of the measures the UI shows (health inputs, account figures): a human label with its
window, and the unit that says how a raw value is written ("nps_180d" -> "NPS, 180 days"; a share of 0.01
-> "1%"). Pages and filters read labels and units from here instead of spelling them out each time. Labels are
marked with N_() for the `account` catalogue; translated pages say them with _(label)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from babel import Locale
from babel.numbers import format_decimal, format_percent
from jinja2 import pass_context
from jinja2.runtime import Context

from steward.core.i18n import translations
from steward.web.ui.i18n import N_, html_lang

Unit = Literal["count", "days", "share", "percent", "ratio_change", "score", "money", "yes_no", "per_day"]


@dataclass(frozen=True)
class Measure:
    label: str
    unit: Unit


MEASURES: dict[str, Measure] = {
    "arr": Measure("ARR", "money"),  # the same word in every language
    "arr_change_1y": Measure(N_("ARR change, 1 year"), "ratio_change"),  # stored as ARR now / ARR a year ago
    "subscriptions": Measure(N_("Subscriptions"), "count"),
    "seats": Measure(N_("Seats"), "count"),
    "tenure_days": Measure(N_("Customer for"), "days"),
    "days_to_renewal": Measure(N_("Days to renewal"), "days"),
    "auto_renew": Measure(N_("Renews automatically"), "yes_no"),
    "notice_days": Measure(N_("Notice period"), "days"),
    "contacts": Measure(N_("Contacts"), "count"),
    "activities_30d": Measure(N_("Activities, 30 days"), "count"),
    "activities_90d": Measure(N_("Activities, 90 days"), "count"),
    "activities_365d": Measure(N_("Activities, 1 year"), "count"),
    "meetings_90d": Measure(N_("Calls and meetings, 90 days"), "count"),
    "days_since_activity": Measure(N_("Since the last activity"), "days"),
    "activity_trend": Measure(N_("Activity, 90 days vs 1 year"), "ratio_change"),  # daily rate, 90 d / 365 d
    "tickets_90d": Measure(N_("Tickets, 90 days"), "count"),
    "open_tickets": Measure(N_("Open tickets"), "count"),
    "sla_breaches_90d": Measure(N_("SLA breaches, 90 days"), "count"),
    "recurring_issues": Measure(N_("Recurring issues"), "count"),
    "csat_90d": Measure(N_("Support CSAT, 90 days"), "percent"),
    "nps_180d": Measure(N_("NPS, 180 days"), "score"),
    "csat_180d": Measure(N_("Survey CSAT, 180 days"), "percent"),
    "survey_responses_180d": Measure(N_("Survey answers, 180 days"), "count"),
    # translated in the `channels` part (web/ui/self_service_labels.py), with the other self-service words
    "articles_read_30d": Measure("Help articles read, 30 days", "count"),
    "churn_probability": Measure(N_("Churn risk"), "share"),
    "csm_sentiment": Measure(N_("CSM sentiment (1-10)"), "score"),
    "stickiness": Measure(N_("Stickiness (DAU / MAU)"), "share"),
    "seat_utilisation": Measure(N_("Seats in use"), "share"),
}


def measure_label(key: str) -> str:
    """The registry's label; a custom attribute ("custom_nps_goal") or an unknown key reads as words."""
    known = MEASURES.get(key)
    if known is not None:
        return known.label
    return key.removeprefix("custom_").replace("_", " ").capitalize() or "—"


def measure_value(value: float | None, key: str) -> str:
    """A raw value in the measure's unit: shares and ratios as whole percents, days with their unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    unit = MEASURES[key].unit if key in MEASURES else None
    if unit == "share":
        return f"{value * 100:.0f}%"
    if unit == "percent":
        return f"{value:.0f}%"
    if unit == "ratio_change":
        return f"{(value - 1) * 100:+.0f}%"
    if unit == "days":
        return f"{value:,.0f} days" if value != 1 else "1 day"
    if unit == "yes_no":
        return "yes" if value else "no"
    if unit == "money":
        return f"{value:,.0f}"
    if unit in ("count", "score") or float(value).is_integer():
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:,.2f}"


@pass_context
def measure_value_said(ctx: Context, value: float | None, key: str) -> str:
    """measure_value in the render's language: numbers, shares and days as the locale writes them."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    language = html_lang(ctx)
    locale, said = Locale.parse(language.replace("-", "_")), translations(language)
    unit = MEASURES[key].unit if key in MEASURES else None
    if unit == "share":
        return format_percent(value, locale=locale)
    if unit == "percent":
        return format_percent(value / 100, locale=locale)
    if unit == "ratio_change":
        return format_percent(value - 1, format="+#,##0%;-#,##0%", locale=locale)
    if unit == "days":
        days = round(value)
        return said.ngettext("%(num)s day", "%(num)s days", days) % {
            "num": format_decimal(days, locale=locale)
        }
    if unit == "yes_no":
        return said.gettext("yes") if value else said.gettext("no")
    whole = float(value).is_integer()
    if unit in ("count", "score", "money") or whole:
        return format_decimal(value, format="#,##0" if whole or unit == "money" else "#,##0.0", locale=locale)
    return format_decimal(value, format="#,##0.00", locale=locale)
