"""Outgoing webhooks: signed, retried with back-off, every delivery recorded."""
