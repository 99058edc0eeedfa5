"""Labels from Python that the account page and its neighbours (CTA, success plan, journeys, business
reviews) show through _(label): domain values as the `label` filter writes them ("past_due" -> "Past due")
or as stored ("year"), listed with N_() for the extraction. The domain keeps them English; unknown values
show as written."""

from __future__ import annotations

from steward.web.ui.i18n import N_

# domains/timeline ActivityKind, through `label`
ACTIVITY_KINDS = (
    N_("Note"), N_("Call"), N_("Meeting"), N_("Email"), N_("Milestone"), N_("Survey"), N_("Billing"),
)  # fmt: skip
# domains/advocacy Kind and Status, through `label`
ADVOCACY_KINDS = (
    N_("Referral"), N_("Review"), N_("Case study"), N_("Reference call"), N_("Testimonial"), N_("Speaking"),
)  # fmt: skip
ADVOCACY_STATUSES = (N_("Asked"), N_("Agreed"), N_("Completed"), N_("Declined"))
# domains/plans Status (plans and objectives), through `label`; item kinds as stored
PLAN_STATUSES = (N_("Done"), N_("Not started"), N_("On track"), N_("Behind"), N_("Stuck"))
PLAN_ITEM_KINDS = (N_("milestone"), N_("task"))
# domains/subscriptions Status through `label`, BillingPeriod as stored
SUBSCRIPTION_STATUSES = (N_("Trial"), N_("Active"), N_("Past due"), N_("Canceled"), N_("Expired"))
BILLING_PERIODS = (N_("month"), N_("quarter"), N_("year"))
# domains/ctas Status, through `label`
CTA_STATUSES = (N_("Open"), N_("In progress"), N_("Snoozed"), N_("Done"), N_("Cancelled"))
# domains/reviews Status through `label`, and where a review came from, as stored
REVIEW_STATUSES = (N_("Scheduled"), N_("Held"), N_("Cancelled"))
REVIEW_SOURCES = (N_("cadence"), N_("manual"))
# domains/renewals Forecast and Outcome, through `label`
RENEWAL_WORDS = (
    N_("Commit"), N_("Best case"), N_("At risk"), N_("Renewed"), N_("Upsell"), N_("Downsell"), N_("Churned"),
)  # fmt: skip
# Recurring issues' status (domains/tickets), through `label`
ISSUE_STATUSES = (N_("Open"), N_("Handed off"), N_("Resolved"))
# The contact roles the API documents (contacts/schemas.py), through `label`; others show as written
CONTACT_ROLES = (N_("Champion"), N_("Decision maker"), N_("User"), N_("Billing"), N_("Executive sponsor"))
# A survey answer's sentiment and an aspect's, as stored ("unread": not read yet)
SENTIMENTS = (N_("positive"), N_("negative"), N_("neutral"), N_("mixed"), N_("unread"))
# A health score's trend, as stored (the review pack)
TRENDS = (N_("up"), N_("down"), N_("same"))
# A yes/no measure's value (web/ui/measures.py)
YES_NO = (N_("yes"), N_("no"))
# Lifecycle stages through `label`, as the demo and the docs name them; a workspace's own show as written
LIFECYCLE_STAGES = (N_("Onboarding"), N_("Adoption"), N_("Growth"), N_("Renewal"), N_("Churned"))
