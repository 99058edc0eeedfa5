"""Scheduled churn work: retrain a workspace's model when it is older than the retraining period, and
otherwise rescore its accounts once a day so ranks follow renewals, revenue and engagement."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.domains.churn import queries, service
from steward.domains.churn.schemas import ChurnTrain

log = logging.getLogger(__name__)


@dataclass
class RefreshReport:
    retrained: list[int] = field(default_factory=list)
    rescored: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


def _precision(summary: dict[str, Any]) -> float:
    """The precision the workspace chose when it trained: a scheduled retrain keeps it."""
    lead_time = (summary.get("backtest") or {}).get("lead_time") or [{}]
    return float(lead_time[0].get("precision_target") or ChurnTrain().flag_precision)


def refresh_models(*, retrain_days: int, now: datetime | None = None) -> RefreshReport:
    """One pass over the workspaces that have trained a model (the first model is an explicit action);
    each workspace in its own transaction, so one failure does not hold back the others."""
    now = now or now_utc()
    report = RefreshReport()
    with unit_of_work() as s:
        workspace_ids = queries.workspaces_with_models(s)
    for workspace_id in workspace_ids:
        try:
            with unit_of_work() as s:
                model = queries.current_model(s, workspace_id)
                assert model is not None
                if retrain_days and now - model.created_at >= timedelta(days=retrain_days):
                    settings = ChurnTrain(
                        horizon_days=model.horizon_days, flag_precision=_precision(model.summary)
                    )
                    service.train_model(session=s, workspace_id=workspace_id, today=now.date(), data=settings)
                    report.retrained.append(workspace_id)
                elif (last := queries.last_scored(s, model.id)) is None or now - last >= timedelta(days=1):
                    service.rescore(session=s, workspace_id=workspace_id, today=now.date())
                    report.rescored.append(workspace_id)
        except DomainError as exc:
            log.warning("churn refresh of workspace %s failed: %s", workspace_id, exc.msg)
            report.failed[workspace_id] = exc.msg
        except Exception as exc:  # a bug or a database error in one workspace must not starve the others
            log.exception("churn refresh of workspace %s failed", workspace_id)
            report.failed[workspace_id] = f"{type(exc).__name__}: {exc}"
    return report
