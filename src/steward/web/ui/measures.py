"""One registry of the measures the UI shows (health inputs, account figures): a human label with its
window, and the unit that says how a raw value is written ("nps_180d" -> "NPS, 180 days"; a share of 0.01
-> "1%"). Pages and filters read labels and units from here instead of spelling them out each time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Unit = Literal["count", "days", "share", "percent", "ratio_change", "score", "money", "yes_no", "per_day"]


@dataclass(frozen=True)
class Measure:
    label: str
    unit: Unit


MEASURES: dict[str, Measure] = {
    "arr": Measure("ARR", "money"),
    "arr_change_1y": Measure("ARR change, 1 year", "ratio_change"),  # stored as ARR now / ARR a year ago
    "subscriptions": Measure("Subscriptions", "count"),
    "seats": Measure("Seats", "count"),
    "tenure_days": Measure("Customer for", "days"),
    "days_to_renewal": Measure("Days to renewal", "days"),
    "auto_renew": Measure("Renews automatically", "yes_no"),
    "notice_days": Measure("Notice period", "days"),
    "contacts": Measure("Contacts", "count"),
    "activities_30d": Measure("Activities, 30 days", "count"),
    "activities_90d": Measure("Activities, 90 days", "count"),
    "activities_365d": Measure("Activities, 1 year", "count"),
    "meetings_90d": Measure("Calls and meetings, 90 days", "count"),
    "days_since_activity": Measure("Since the last activity", "days"),
    "activity_trend": Measure("Activity, 90 days vs 1 year", "ratio_change"),  # daily rate, 90 d / 365 d
    "tickets_90d": Measure("Tickets, 90 days", "count"),
    "open_tickets": Measure("Open tickets", "count"),
    "sla_breaches_90d": Measure("SLA breaches, 90 days", "count"),
    "recurring_issues": Measure("Recurring issues", "count"),
    "csat_90d": Measure("Support CSAT, 90 days", "percent"),
    "nps_180d": Measure("NPS, 180 days", "score"),
    "csat_180d": Measure("Survey CSAT, 180 days", "percent"),
    "survey_responses_180d": Measure("Survey answers, 180 days", "count"),
    "churn_probability": Measure("Churn risk", "share"),
    "csm_sentiment": Measure("CSM sentiment (1-10)", "score"),
    "stickiness": Measure("Stickiness (DAU / MAU)", "share"),
    "seat_utilisation": Measure("Seats in use", "share"),
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
