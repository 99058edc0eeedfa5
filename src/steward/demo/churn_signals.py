"""Which channel warns before each demo churner leaves: for a quarter of them the timeline goes quiet, for
another quarter product usage falls, for another tickets and SLA breaches rise, for the rest NPS turns.
So each signal family carries warnings the others lack, and the churn backtest can show what each adds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.core.errors import Invalid
from steward.domains.churn import service as churn_service
from steward.domains.churn.schemas import ChurnTrain
from steward.domains.health import scoring as health_scoring
from steward.domains.health import service as health_service

CHANNELS = ("activity", "usage", "support", "voice")
HISTORY_DAYS = 400  # usage and tickets go this far back, so a backtest's training days have them too
WARNING_DAYS = 150  # the warning starts this long before the customer leaves


def channel(external_id: str) -> str:
    """The one channel that warns before this customer leaves (stable across runs)."""
    return CHANNELS[sum((i + 1) * ord(c) for i, c in enumerate(external_id)) % len(CHANNELS)]


def leaves_on(acc: Any) -> date | None:
    """The day a demo account (generator.DemoAccount) left, or the renewal it will not make."""
    left: date | None = acc.churn_date or (acc.terms[-1][1] if acc.leaves_at_next_renewal else None)
    return left


def warns(acc: Any, family: str) -> bool:
    """Whether this family warns before the account leaves (only one does, for each churner)."""
    return channel(acc.external_id) == family


def warning_from(acc: Any, family: str) -> date | None:
    """The day this family starts to warn of the account's leaving (None: it does not warn of it)."""
    leaving = leaves_on(acc)
    if leaving is None or not warns(acc, family):
        return None
    return leaving - timedelta(days=WARNING_DAYS)


def step_churn_model(ctx: Any) -> None:
    """Train the demo workspace's first churn model (generator.DemoContext) so the account pages and the
    at-risk list have scores; then today's health scores again, which read its probabilities."""
    if not ctx.scale.churn_model:
        ctx.counts["churn_scores"] = 0
        return
    try:
        model = churn_service.train_model(
            session=ctx.session, workspace_id=ctx.workspace_id, data=ChurnTrain(), today=ctx.today
        )
    except Invalid:  # a very small demo has too little history; the UI then explains how to train
        ctx.counts["churn_scores"] = 0
        return
    ctx.counts["churn_scores"] = model.accounts_scored
    rescore_today(ctx.session, ctx.workspace_id, ctx.today)


def rescore_today(session: Session, workspace_id: int, today: date) -> None:
    """Today's health scores again once the churn model has scored (the demo trains it last, when every
    signal is in; the scorecards' churn-risk measure reads its probabilities)."""
    for card in health_service.list_scorecards(session=session, workspace_id=workspace_id):
        health_scoring.recompute(
            session=session, workspace_id=workspace_id, scorecard_id=card.id, today=today, backfill_days=0
        )
