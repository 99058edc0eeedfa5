"""Self-service words said outside the By channel card, in the `channels` catalogue part: the health input
of articles read (web/ui/measures.py names it without N_, so the account part does not take it too)."""

from __future__ import annotations

from steward.web.ui.i18n import N_

ARTICLES_READ = N_("Help articles read, 30 days")
