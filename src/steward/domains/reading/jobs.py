"""The reading domain in the background: every few seconds, the workspaces whose analysts changed their
sentiment corrections get their head refitted, and their unsure survey readings are read again with it. The
fit (one to two seconds, more as the training set and the corrections grow) runs between two short
transactions, read then store, never holding a write lock."""

from __future__ import annotations

import logging

from steward.core.db import unit_of_work
from steward.domains.reading import service
from steward.domains.surveys import service as surveys_service

log = logging.getLogger(__name__)


def refit_wanted() -> int:
    """Refit each requested workspace head, the oldest request first; returns how many were stored. A
    workspace that fails is logged and keeps its request (tried again next time)."""
    with unit_of_work() as s:
        wanted = service.wanted(session=s)
    done = 0
    for workspace_id, requested_at in wanted:
        try:
            with unit_of_work() as s:
                fitted = service.fit_head(session=s, workspace_id=workspace_id)
            with unit_of_work() as s:
                service.store_head(
                    session=s, workspace_id=workspace_id, fitted=fitted, requested_at=requested_at
                )
            with unit_of_work() as s:  # what the new head learned may settle readings it was unsure of
                readings = surveys_service.unsure_rereadings(session=s, workspace_id=workspace_id)
            with unit_of_work() as s:
                surveys_service.store_rereadings(session=s, workspace_id=workspace_id, readings=readings)
            done += 1
        except Exception:  # one workspace's failure must not starve the others
            log.exception("refitting the sentiment head of workspace %s failed", workspace_id)
    return done
