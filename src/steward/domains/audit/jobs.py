"""Scheduled job of the audit log: drop the records past each workspace's retention."""

from __future__ import annotations

from steward.core.db import unit_of_work
from steward.domains.audit import service


def purge_daily() -> int:
    with unit_of_work() as session:
        return service.purge_expired(session=session)
