"""Labels from Python on the admin and set-up pages (rules, the rule builder, data sync, audit log): listed
with N_() so the extraction finds them; pages say them with _(label) and the domain stays English."""

from __future__ import annotations

from steward.web.ui.i18n import N_

# Rule trigger and action kinds as the `label` filter writes them ("health_grade" -> "Health grade")
RULE_KINDS = (
    N_("Health grade"), N_("Health drop"), N_("Renewal due"), N_("Churn risk"), N_("Usage drop"),
    N_("Seat utilisation"), N_("Activity logged"), N_("Schedule"),
    N_("Create cta"), N_("Set field"), N_("Assign owner"), N_("Send email"), N_("Call webhook"),
)  # fmt: skip
# The roles as the frame says them (base.html), for the people the builder lists
ROLES = {
    "admin": N_("admin"), "manager": N_("manager"), "csm": N_("CSM"), "agent": N_("agent"),
    "viewer": N_("viewer"),
}  # fmt: skip
# Why a rule ran (domains/rules/models.py RuleRun.cause)
RULE_CAUSES = {"change": N_("change"), "daily": N_("daily"), "manual": N_("manual")}
# The rule field registry (analytics/rules.py FIELDS) by the name the builder and the matches show
FIELD_LABELS = {
    "segment": N_("Segment"), "tier": N_("Tier"), "region": N_("Region"),
    "lifecycle_stage": N_("Lifecycle stage"), "grade": N_("Grade"), "owner_id": N_("Owner"), "arr": "ARR",
    "health": N_("Health"), "health_change_7d": N_("Health change (7 days)"),
    "churn_probability": N_("Churn probability"), "days_to_renewal": N_("Days to renewal"),
    "contacts": N_("Contacts"), "seats": N_("Seats"), "activities_30d": N_("Activities (30 days)"),
    "days_since_activity": N_("Days since activity"), "tenure_days": N_("Tenure days"),
    "product": N_("Product"),
    "days_since_note": N_("Days since note"), "days_since_call": N_("Days since call"),
    "days_since_meeting": N_("Days since meeting"), "days_since_email": N_("Days since email"),
    "days_since_milestone": N_("Days since milestone"), "active_users_30d": N_("Active users (30 days)"),
    "seat_utilisation": N_("Seat utilisation"), "usage_trend_30d": N_("Usage trend (30 days)"),
    "events_30d": N_("Events (30 days)"), "key_events_used": N_("Key events used"),
    "nps_180d": N_("NPS (180 days)"), "csat_180d": N_("CSAT (180 days)"),
    "survey_responses_180d": N_("Survey responses (180 days)"),
    "tickets_30d_email": N_("E-mail tickets (30 days)"), "tickets_30d_web": N_("Web tickets (30 days)"),
    "tickets_30d_api": N_("API tickets (30 days)"), "tickets_30d_chat": N_("Chat tickets (30 days)"),
    "articles_read_30d": N_("Articles read (30 days)"),
}  # fmt: skip
FIELD_KINDS = {"text": N_("text"), "number": N_("number")}
# Every English word rule-builder.js shows; the editor hands the script their translations ({x}: filled there)
BUILDER_WORDS = (
    N_("is"), N_("is not"), N_("is above"), N_("is at least"), N_("is below"), N_("is at most"),
    N_("is one of"), N_("is none of"), N_("is empty"), N_("is not empty"),
    N_("Health grade is"), N_("Grades"), N_("Health score drops in 7 days"), N_("by at least (points)"),
    N_("Renewal is due"), N_("within (days)"), N_("Churn risk is high"), N_("at least (%)"),
    N_("Usage falls"),
    N_("by at least (%, last 30 days vs the 30 before)"), N_("Seat utilisation is high"),
    N_("active users / seats at least (%)"), N_("An activity is logged"), N_("Kinds"),
    N_("within (days; 0: today)"), N_("Every day, for every account"),
    N_("Create a CTA"), N_("Type"), N_("Reason"), N_("Title (optional)"), N_("Priority"), N_("Due in (days)"),
    N_("Playbook id (optional)"), N_("Set an account field"), N_("Field"), N_("To"), N_("Assign an owner"),
    N_("Share among"), N_("How"), N_("Send an e-mail"), N_("Subject"),
    N_("Body ({account_name}, {days_to_renewal} and the like are filled in)"), N_("At most once in (days)"),
    N_("Call a webhook"), N_("Webhook id"),
    N_("red"), N_("yellow"), N_("green"), N_("note"), N_("call"), N_("meeting"), N_("email"), N_("milestone"),
    N_("Low"), N_("Medium"), N_("High"), N_("Urgent"), N_("Round robin"), N_("Lightest book"),
    N_("Account owner"), N_("The account's contacts"), N_("comma-separated"), N_("Remove"),
    N_("Remove action"), N_("When"),
    N_("If all of these hold"), N_("No condition: every account the trigger picks."), N_("Add condition"),
    N_("Then"), N_("Add action"), N_("Trigger"), N_("Operator"), N_("Value"), N_("Remove condition"),
    N_("Action"),
    N_("The JSON does not parse ({error}); fix it here to go back to the builder."),
    N_("Waiting for valid JSON."), N_("Not a complete rule yet: {problems}"), N_("{matched} of {checked}"),
    N_("The first {count}:"), N_("The preview could not be reached; it tries again on the next edit."),
)  # fmt: skip
# Data sync: source kinds (web/ui/sync_edit.py KINDS), run states and causes, targets, form field names
SYNC_KINDS = (N_("SQL database"), N_("Files (CSV or Parquet)"))
SYNC_STATUSES = {
    "running": N_("running"), "succeeded": N_("succeeded"), "failed": N_("failed"),
    "interrupted": N_("interrupted"),
}  # fmt: skip
SYNC_TRIGGERS = {"schedule": N_("schedule"), "ui": N_("ui"), "api": "API", "cli": N_("cli")}
SYNC_TARGETS = {  # targets, and the vendors' objects (domains/sync/schemas.py OBJECTS)
    "accounts": N_("accounts"), "contacts": N_("contacts"), "subscriptions": N_("subscriptions"),
    "invoices": N_("invoices"), "customers": N_("customers"), "companies": N_("companies"),
    "health": N_("health"),
}  # fmt: skip
# The names web/ui/sync_form.py LABELS gives a form's fields in its errors
SYNC_FIELDS = (
    N_("Name"), N_("Kind"), N_("Target"), N_("Object"), N_("Database URL"), N_("Table"), N_("Query"),
    N_("Path"), N_("Format"), N_("Cursor column"), N_("API key"), N_("API address"), N_("Schedule"),
    N_("Batch size"), N_("Mapping"), N_("Field owners"), N_("Source"),
)  # fmt: skip
