"""The webhook sender `steward serve` runs every few seconds."""

from __future__ import annotations

from steward.domains.webhooks import service


def deliver_due(*, allow_private: bool) -> dict[str, int]:
    return service.deliver_due(allow_private=allow_private)
