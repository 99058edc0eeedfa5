"""Which channel warns before each demo churner leaves: for a quarter of them the timeline goes quiet, for
another quarter product usage falls, for another tickets and SLA breaches rise, for the rest NPS turns.
So each signal family carries warnings the others lack, and the churn backtest can show what each adds."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from steward.domains.health import scoring as health_scoring
from steward.domains.health import service as health_service

CHANNELS = ("activity", "usage", "support", "voice")
HISTORY_DAYS = 400  # usage and tickets go this far back, so a backtest's training days have them too
WARNING_DAYS = 150  # the warning starts this long before the customer leaves


def channel(external_id: str) -> str:
    """The one channel that warns before this customer leaves (stable across runs)."""
    return CHANNELS[sum((i + 1) * ord(c) for i, c in enumerate(external_id)) % len(CHANNELS)]


def warning_from(external_id: str, leaves_on: date | None, family: str) -> date | None:
    """The day this family starts to warn of the customer's leaving (None: it does not warn of it)."""
    if leaves_on is None or channel(external_id) != family:
        return None
    return leaves_on - timedelta(days=WARNING_DAYS)


def rescore_today(session: Session, workspace_id: int, today: date) -> None:
    """Today's health scores again once the churn model has scored (the demo trains it last, when every
    signal is in; the scorecards' churn-risk measure reads its probabilities)."""
    for card in health_service.list_scorecards(session=session, workspace_id=workspace_id):
        health_scoring.recompute(
            session=session, workspace_id=workspace_id, scorecard_id=card.id, today=today, backfill_days=0
        )
