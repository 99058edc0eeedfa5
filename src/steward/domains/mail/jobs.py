"""E-mail in the background: deliver what is due."""

from __future__ import annotations

from steward.domains.mail import service


def deliver_due(*, smtp_url: str | None, sender: str) -> dict[str, int]:
    return service.deliver_due(smtp_url=smtp_url, sender=sender)
