"""Deterministic demo workspace generator (used by `steward demo`)."""
