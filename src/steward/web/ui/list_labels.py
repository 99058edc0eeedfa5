"""Labels from Python on the lists, portfolio and revenue pages (the `lists` catalogue part): listed here
with N_() so the extraction finds them; templates say them with _(label) and the domain stays English. A
workspace's own lifecycle stages and churn reasons show as written unless they are the defaults below."""

from __future__ import annotations

from steward.web.ui.i18n import N_

# web/ui/accounts.py SORTS, the accounts list's sort names
ACCOUNT_SORTS = (N_("Name"), N_("ARR (highest first)"), N_("Renewal (soonest first)"), N_("Recently updated"))
# domains/renewals/worklist.py SORTS, the renewals list's sort names
RENEWAL_SORTS = (
    N_("Due date (soonest first)"),
    N_("Current ARR (largest first)"),
    N_("Expected ARR (largest first)"),
    N_("Forecast (at risk first)"),
)
# domains/events/schemas.py USAGE_SORTS, keyed as the Usage page links them
USAGE_SORTS = {
    "trend": N_("trend"),
    "utilisation": N_("utilisation"),
    "mau": N_("MAU"),
    "events": N_("events"),
    "name": N_("name"),
}
# domains/renewals/schemas.py Forecast, Outcome, the renewal's status and DEFAULT_REASONS, through `label`
FORECASTS = (N_("Commit"), N_("Best case"), N_("At risk"))
OUTCOMES = (N_("Renewed"), N_("Upsell"), N_("Downsell"), N_("Churned"))
RENEWAL_STATUSES = (N_("Open"), N_("Closed"))
CHURN_REASONS = (
    N_("Price"),
    N_("Budget"),
    N_("Competitor"),
    N_("Product gap"),
    N_("Low adoption"),
    N_("Champion left"),
    N_("Acquired"),
    N_("Support"),
    N_("Other"),
)
# domains/workspaces/models.py DEFAULT_LIFECYCLE_STAGES, through `label`
LIFECYCLE_STAGES = (N_("Onboarding"), N_("Adoption"), N_("Growth"), N_("Renewal"), N_("Churned"))
# domains/renewals/worklist.py DONE, what a bulk change did
RENEWAL_BULK_DONE = (N_("forecast set"), N_("assigned"))
# analytics/churn.py algorithm_, through `label`
CHURN_ALGORITHMS = (N_("Boosting"), N_("Logistic"), N_("Blend"))
# domains/icp/schemas.py effect and nrr_effect
ICP_EFFECTS = (N_("lifts"), N_("sinks"), N_("no clear difference"), N_("too few to tell"))
# domains/icp/service.py LABELS, the firmographics the ideal customer profile weighs
ICP_ATTRIBUTES = (N_("Segment"), N_("Tier"), N_("Industry"), N_("Region"), N_("Plan"), N_("Seats"))
