"""The back-off shared by everything Steward delivers to other systems (webhooks, e-mail)."""

from __future__ import annotations

from datetime import timedelta

# Waits after failed attempts 1, 2, ...; after the last one the delivery is given up as failed.
BACKOFF = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1


def wait_after(attempts: int) -> timedelta | None:
    """How long to wait after this many failed attempts; None once the attempts are used up."""
    return BACKOFF[attempts - 1] if 0 < attempts < MAX_ATTEMPTS else None
