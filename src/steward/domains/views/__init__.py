"""Saved views: a user's named query strings of one list page (cockpit, tickets, renewals, accounts, risk)."""
