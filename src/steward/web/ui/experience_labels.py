"""Labels from Python on the experience and support pages (surveys, feedback, SLA reports, help-center
admin): listed here with N_() so the extraction finds them; templates say them with _(label), the domain
stays English."""

from __future__ import annotations

from steward.web.ui.i18n import N_

# domains/surveys/schemas.py Status as stored (badges) and as the `label` filter writes it (the builder)
SURVEY_STATUSES = (N_("draft"), N_("active"), N_("paused"), N_("archived"))
SURVEY_STATUS_LABELS = (N_("Draft"), N_("Active"), N_("Paused"), N_("Archived"))
# domains/surveys/schemas.py Purpose through `label`
PURPOSES = (N_("Relationship"), N_("Transactional"))
# Why a contact was not invited (domains/surveys/service.py), through `label|lower`
SKIP_REASONS = (N_("unsubscribed"), N_("asked this period"), N_("throttled"), N_("no email"))
# A response's verdict band and a reading's sentiment, as stored
VERDICTS = (N_("detractor"), N_("passive"), N_("promoter"))
SENTIMENTS = (N_("positive"), N_("neutral"), N_("negative"))
# A recurring issue's status through `label` (domains/tickets recurring issues)
ISSUE_STATUSES = (N_("Open"), N_("Handed off"), N_("Resolved"))
# Ticket priorities as stored (SLA tables), weekdays of a business-hours calendar
PRIORITY_KEYS = (N_("urgent"), N_("high"), N_("normal"), N_("low"))
WEEKDAYS = (N_("mon"), N_("tue"), N_("wed"), N_("thu"), N_("fri"), N_("sat"), N_("sun"))
# domains/helpcenter/schemas.py Status as stored
ARTICLE_STATUSES = (N_("draft"), N_("review"), N_("published"))
# A breakdown's group without a value (domains/surveys/reports.py), and a survey answer's channel
NO_GROUP = (N_("No plan"), N_("No account"), N_("No CSM"), N_("No segment"), N_("No tier"))
ANSWER_CHANNELS = (N_("email"), N_("link"), N_("widget"), N_("import"))
# What each canned-response placeholder stands for (domains/tickets/canned_schemas.py PLACEHOLDERS)
CANNED_PLACEHOLDERS = (
    N_("the requester's name"),
    N_("the requester's first name"),
    N_("the customer's account"),
    N_("the agent who sends the reply"),
    N_("the ticket number"),
    N_("the ticket's subject"),
)
# The worded options of the CSAT page's scales (web/ui/csat.py LABELS; digits and emoji need no words)
CSAT_OPTIONS = (N_("1 · Very dissatisfied"), N_("5 · Very satisfied"), N_("👍 Good"), N_("👎 Bad"))
# An SLA policy's filter keys through `label`
POLICY_FILTERS = (N_("Segments"), N_("Tiers"), N_("Channels"))
# The first-response buckets of the Support page's chart (domains/tickets/reports.py BUCKETS) that are words
FIRST_RESPONSE_BUCKETS = (N_("under 1 h"), N_("over 24 h"))
