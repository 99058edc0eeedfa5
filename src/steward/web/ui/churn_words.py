"""The churn model's reasons said in the page's language: the domain keeps (feature, value) and an English
text for the API; here each feature has a msgid with named placeholders and Babel writes the numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from steward.web.ui.i18n import N_, gettext_in, html_lang

# The features' names (analytics/churn_snapshots.LABELS), for a reason whose value is unknown.
LABELS = {
    "arr_change_1y": N_("ARR change over a year"), "subscriptions": N_("subscriptions"),
    "seats": N_("seats"), "tenure_days": N_("customer age"), "days_to_renewal": N_("days to renewal"),
    "auto_renew": N_("auto-renew"), "notice_days": N_("notice period"), "contacts": N_("contacts"),
    "activities_30d": N_("activities in 30 days"), "activities_90d": N_("activities in 90 days"),
    "activities_365d": N_("activities in a year"), "meetings_90d": N_("calls and meetings in 90 days"),
    "days_since_activity": N_("days since last activity"), "activity_trend": N_("activity trend"),
    "segment": N_("segment"), "tier": N_("tier"), "industry": N_("industry"), "region": N_("region"),
    "plan": N_("plan"), "billing_period": N_("billing period"),
    "usage_active_users_30d": N_("daily active users (30-day mean)"),
    "usage_active_users_change": N_("active users over the last 30 days"),
    "usage_seat_utilisation": N_("seat utilisation"), "usage_key_adoption_30d": N_("key-feature adoption"),
    "usage_days_since_use": N_("days since last product use"), "usage_trend_30d": N_("product usage trend"),
    "support_tickets_90d": N_("tickets in 90 days"), "support_open_tickets": N_("open tickets"),
    "support_breaches_90d": N_("SLA breaches in 90 days"), "support_csat_90d": N_("CSAT in 90 days"),
    "support_recurring_issues": N_("recurring issues"), "voice_nps_change_90d": N_("NPS change"),
    "voice_detractors_180d": N_("detractor answers"),
    "voice_negative_share_180d": N_("negative comments"), "voice_nonresponse_180d": N_("survey non-response"),
    "health_score": N_("health score"), "health_change_30d": N_("health score change"),
    "health_grade": N_("health grade"),
}  # fmt: skip

# Said whole where the name is an abbreviation every language keeps.
UNKNOWN = {"arr": N_("ARR unknown"), "voice_nps_180d": N_("NPS unknown")}
# A whole number of something: {num}.
COUNTS = {
    "days_to_renewal": N_("renewal in %(num)s days"),
    "days_since_activity": N_("no activity for %(num)s days"),
    "tenure_days": N_("customer for %(num)s days"),
    "activities_30d": N_("%(num)s activities in 30 days"),
    "activities_90d": N_("%(num)s activities in 90 days"),
    "activities_365d": N_("%(num)s activities in a year"),
    "meetings_90d": N_("%(num)s calls or meetings in 90 days"),
    "contacts": N_("%(num)s contacts"),
    "subscriptions": N_("%(num)s subscriptions"),
    "seats": N_("%(num)s seats"),
    "notice_days": N_("%(num)s-day notice period"),
    "arr": N_("ARR %(num)s"),
    "usage_days_since_use": N_("no product use for %(num)s days"),
    "support_tickets_90d": N_("%(num)s tickets in 90 days"),
    "support_open_tickets": N_("%(num)s open tickets"),
    "support_breaches_90d": N_("%(num)s SLA breaches in 90 days"),
    "support_recurring_issues": N_("caught in %(num)s recurring issues"),
    "voice_detractors_180d": N_("%(num)s detractor answers in 180 days"),
    "health_score": N_("health score %(num)s"),
}
# A share (0.4 = 40%): {pct}.
SHARES = {
    "activity_trend": N_("activity at %(pct)s of its yearly pace"),
    "usage_seat_utilisation": N_("%(pct)s of seats in use"),
    "usage_key_adoption_30d": N_("key features %(pct)s of use"),
    "voice_negative_share_180d": N_("%(pct)s of comments negative"),
    "voice_nonresponse_180d": N_("%(pct)s of surveys unanswered"),
}
# A change, up or down: {pct} (a share) or {num} (points).
CHANGES = {
    "arr_change_1y": (N_("ARR up %(pct)s over a year"), N_("ARR down %(pct)s over a year")),
    "usage_active_users_change": (
        N_("active users up %(pct)s in 30 days"),
        N_("active users down %(pct)s in 30 days"),
    ),
    "usage_trend_30d": (
        N_("product usage up %(pct)s on the previous 30 days"),
        N_("product usage down %(pct)s on the previous 30 days"),
    ),
    "voice_nps_change_90d": (
        N_("NPS up %(num)s points in 90 days"),
        N_("NPS down %(num)s points in 90 days"),
    ),
    "health_change_30d": (
        N_("health score up %(num)s points in 30 days"),
        N_("health score down %(num)s points in 30 days"),
    ),
}
# A category's value as written in the data: {value}.
CATEGORIES = {
    "segment": N_("segment %(value)s"),
    "tier": N_("tier %(value)s"),
    "industry": N_("industry %(value)s"),
    "region": N_("region %(value)s"),
    "plan": N_("plan %(value)s"),
    "billing_period": N_("billing period %(value)s"),
    "health_grade": N_("health grade %(value)s"),
}
OTHERS = (
    N_("%(what)s unknown"),
    N_("(blank)"),
    N_("(none)"),
    N_("auto-renew off"),
    N_("auto-renew on"),
    N_("%(num)s daily active users"),
    N_("CSAT %(pct)s in 90 days"),
    N_("NPS %(num)s"),
)


def reason_said(
    _: Callable[[str], str], locale: Locale, feature: str, value: float | str | None
) -> str | None:
    """The reason in the locale's words, or None for a feature this file does not know (then the domain's
    English text is shown, marked lang="en")."""

    def num(v: float, pattern: str = "#,##0") -> str:
        return format_decimal(v, format=pattern, locale=locale)

    def pct(v: float) -> str:
        return format_percent(v, locale=locale)  # the locale's own pattern: "40 %" in German

    if value is None:
        if feature in UNKNOWN:
            return _(UNKNOWN[feature])
        return _("%(what)s unknown") % {"what": _(LABELS[feature])} if feature in LABELS else None
    if isinstance(value, str):
        if feature not in CATEGORIES:
            return None
        blank = _("(none)") if feature == "health_grade" else _("(blank)")
        return _(CATEGORIES[feature]) % {"value": value or blank}
    if feature in COUNTS:
        return _(COUNTS[feature]) % {"num": num(value)}
    if feature in SHARES:
        return _(SHARES[feature]) % {"pct": pct(value)}
    if feature in CHANGES:
        up, down = CHANGES[feature]
        if feature == "arr_change_1y":  # a ratio to last year's ARR
            return _(up if value >= 1 else down) % {"pct": pct(abs(value - 1))}
        said = {"pct": pct(abs(value))} if "%(pct)s" in up else {"num": num(abs(value))}
        return _(up if value >= 0 else down) % said
    if feature == "auto_renew":
        return _("auto-renew off") if value < 0.5 else _("auto-renew on")
    if feature == "usage_active_users_30d":
        return _("%(num)s daily active users") % {"num": num(value, "#,##0.0")}
    if feature == "support_csat_90d":  # held in percentage points
        return _("CSAT %(pct)s in 90 days") % {"pct": pct(value / 100)}
    if feature == "voice_nps_180d":
        return _("NPS %(num)s") % {"num": num(value, "+#,##0;-#,##0")}
    return None


@pass_context
def churn_reason(ctx: Context, reason: Any) -> str | None:
    """A churn reason (feature, value) in this render's language; None: show its English text."""
    locale = Locale.parse(html_lang(ctx).replace("-", "_"))
    if isinstance(reason, dict):
        return reason_said(gettext_in(ctx), locale, str(reason.get("feature")), reason.get("value"))
    return reason_said(gettext_in(ctx), locale, str(reason.feature), reason.value)


def install(env: Environment) -> None:
    env.filters["churn_reason"] = churn_reason
