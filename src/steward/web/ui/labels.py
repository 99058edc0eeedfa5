"""Labels that come from Python (domain constants) and appear on translated pages: listed here with N_() so
the extraction finds them; templates translate them at render time with _(label), the domain stays English.
A workspace's own CTA type names are not in the catalogue and show as written."""

from __future__ import annotations

from steward.web.ui.i18n import N_

# domains/ctas/worklist.py SORTS, the cockpit's sort names
CTA_SORTS = (
    N_("Due date (soonest first)"),
    N_("Priority (urgent first)"),
    N_("Account ARR (largest first)"),
    N_("Account health (lowest first)"),
    N_("Created (newest first)"),
)
# domains/ctas/schemas.py DEFAULT_TYPES, the five CTA types a workspace starts with
CTA_TYPES = (N_("Risk"), N_("Opportunity"), N_("Lifecycle"), N_("Activity"), N_("Objective"))
# CTA and ticket priorities as the `label` filter writes them ("urgent" -> "Urgent")
PRIORITIES = (N_("Urgent"), N_("High"), N_("Medium"), N_("Normal"), N_("Low"))
# domains/tickets/schemas.py DEFAULT_STATUSES, the ticket statuses a workspace starts with
TICKET_STATUSES = (N_("New"), N_("Open"), N_("Waiting on customer"), N_("On hold"), N_("Solved"))
# The ticket page: channels (domains/tickets/schemas.py Channel, through `label`), SLA metrics and clock
# states, who made a change (actor), CSAT scales
TICKET_CHANNELS = (N_("Email"), N_("Web"), N_("Api"), N_("Chat"))
SLA_METRICS = (N_("First response"), N_("Next response"), N_("Periodic update"), N_("Resolution"))
SLA_STATES = (N_("running"), N_("met"), N_("breached"))
ACTORS = (N_("Agent"), N_("Customer"), N_("Rule"))
CSAT_SCALES = (N_("five"), N_("thumbs"), N_("emoji"))
