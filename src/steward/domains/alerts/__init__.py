"""Alerts to chat tools (Slack, Microsoft Teams): channels, their outbox of deliveries, and the messages."""
