"""The alert sender `steward serve` runs every few seconds."""

from __future__ import annotations

from steward.domains.alerts import service


def deliver_due(*, secret: str, allow_private: bool, public_url: str | None) -> dict[str, int]:
    return service.deliver_due(secret=secret, allow_private=allow_private, public_url=public_url)
