"""The demo's health set-up: CSM sentiment driven by each customer's hidden health, and three scorecards
(a default, onboarding with letter grades, enterprise accounts with support's measures), with four weeks
of history."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.domains.accounts import service as accounts_service
from steward.domains.health import scoring as health_scoring
from steward.domains.health import service as health_service
from steward.domains.health.schemas import ScorecardCreate, SentimentCreate
from steward.domains.surveys.schemas import SURVEY_INPUTS
from steward.domains.tickets.schemas import SUPPORT_INPUTS

SAYINGS = {
    "low": (
        "Champion left; the new VP questions the spend", "Budget review lists us as a cut",
        "Adoption stalled after the pilot team moved on", "Escalated twice this quarter about exports",
    ),
    "mid": (
        "Usage steady, but the exec sponsor has gone quiet", "Happy with support, unsure about the roadmap",
        "Renewal likely, expansion unlikely this year", "New admin still finding their feet",
    ),
    "high": (
        "Exec sponsor presented our results to their board", "Asked about rolling out to a second team",
        "Strong QBR: goals met ahead of plan", "Champion is referring us to a peer company",
    ),
}  # fmt: skip
Said = tuple[int, int | None, SentimentCreate, datetime]

_ENGAGEMENT = {"key": "engagement", "weight": 45, "measures": [
    {"key": "activities_90d", "weight": 50, "mapping": {"poor": 2, "good": 12}},
    {"key": "days_since_activity", "weight": 30, "mapping": {"poor": 45, "good": 7}},
    {"key": "activity_trend", "weight": 20, "mapping": {"poor": 0.4, "good": 1.0}},
]}  # fmt: skip
_RISK = {"key": "risk", "weight": 25, "measures": [
    {"key": "churn_probability", "weight": 100, "mapping": {"poor": 0.5, "good": 0.05}},
]}  # fmt: skip

SCORECARDS: list[dict[str, Any]] = [
    {"name": "Customer health", "groups": [
        _ENGAGEMENT,
        {"key": "commercial", "weight": 30, "measures": [
            {"key": "arr_change_1y", "weight": 60,
             "mapping": {"kind": "grid", "bounds": [0, 0.95, 1.0, 1.1], "points": [0, 35, 70, 100]}},
            {"key": "contacts", "weight": 40, "mapping": {"poor": 1, "good": 8}},
        ]},
        _RISK,
    ]},
    # First match wins, so onboarding accounts of any segment get this one.
    {"name": "Onboarding", "rules": [{"field": "lifecycle_stage", "values": ["onboarding"]}],
     "grades": [{"label": "D", "low": 0, "high": 40}, {"label": "C", "low": 40, "high": 60},
                {"label": "B", "low": 60, "high": 80}, {"label": "A", "low": 80, "high": 100}],
     "groups": [
        {"key": "kickoff", "weight": 60, "measures": [
            {"key": "activities_30d", "weight": 40, "mapping": {"poor": 0, "good": 3}},
            {"key": "meetings_90d", "weight": 30, "mapping": {"poor": 0, "good": 2}},
            {"key": "contacts", "weight": 30, "mapping": {"poor": 1, "good": 4}},
        ]},
        {"key": "voice", "weight": 40, "measures": [
            {"key": "csm_sentiment", "weight": 100, "mapping": {"poor": 3, "good": 8},
             "stale_after_days": 30},
        ]},
    ]},
    {"name": "Enterprise health", "rules": [{"field": "segment", "values": ["Strategic", "Enterprise"]}],
     "groups": [
        {"key": "relationship", "weight": 30, "measures": [
            {"key": "csm_sentiment", "weight": 40, "mapping": {"poor": 3, "good": 8}},
            {"key": "nps_180d", "weight": 20, "mapping": {"poor": -20, "good": 50}},
            {"key": "meetings_90d", "weight": 20, "mapping": {"poor": 1, "good": 6}},
            {"key": "contacts", "weight": 20, "mapping": {"poor": 3, "good": 12}},
        ]},
        {**_ENGAGEMENT, "weight": 30},
        {"key": "commercial", "weight": 10, "measures": [
            {"key": "arr_change_1y", "weight": 100,
             "mapping": {"kind": "grid", "bounds": [0, 0.95, 1.0, 1.1], "points": [0, 35, 70, 100]}},
        ]},
        {**_RISK, "weight": 15},
        {"key": "support", "weight": 15, "measures": [
            {"key": "sla_breaches_90d", "weight": 40, "mapping": {"poor": 4, "good": 0}},
            {"key": "recurring_issues", "weight": 30, "mapping": {"poor": 2, "good": 0}},
            {"key": "csat_90d", "weight": 30, "mapping": {"poor": 60, "good": 95}},
        ]},
    ]},
]  # fmt: skip


def sentiments(rng: random.Random, customers: Sequence[tuple[int, int, float]], today: date) -> list[Said]:
    """For about 70% of current customers (account id, owner id, hidden health), the owner's read of the
    account within the last 150 days (so some are stale), 1-10 around the hidden health."""
    out: list[Said] = []
    for account_id, owner_id, health in customers:
        if rng.random() > 0.7:
            continue
        score = min(10, max(1, round(5.5 + 1.8 * health + rng.gauss(0, 1.2))))
        band = "low" if score <= 3 else "mid" if score <= 6 else "high"
        given = datetime.combine(today - timedelta(days=rng.randrange(150)), time(15), tzinfo=UTC)
        out.append(
            (account_id, owner_id, SentimentCreate(score=score, comment=rng.choice(SAYINGS[band])), given)
        )
    return out


def rescore_late_inputs(session: Session, workspace_id: int, today: date) -> int:
    """Score again the four weeks of the scorecards that read support's or surveys' measures, once the
    service desk and the surveys have their data (the demo builds them after the health step); returns the
    scores written."""
    support = {*SUPPORT_INPUTS, *SURVEY_INPUTS}
    written = 0
    for card in health_service.list_scorecards(session=session, workspace_id=workspace_id):
        if support & {m.key for g in card.groups for m in g.measures}:
            done = health_scoring.recompute(
                session=session,
                workspace_id=workspace_id,
                scorecard_id=card.id,
                today=today,
                backfill_days=28,
            )
            written += done.rows_written
    return written


def load_batch(
    session: Session,
    workspace_id: int,
    rng: random.Random,
    today: date,
    customers: Sequence[tuple[int, int, float]],
    state: dict[str, Any],
) -> float:
    """One piece of the health set-up (the background fill commits each alone: a scorecard's four weeks
    take seconds at 500 accounts): first the CSMs' sentiments, then one scorecard per call. `state` holds
    where it is and the counts; returns the share done."""
    if "card" not in state:
        said = sentiments(rng, customers, today)
        health_service.log_sentiments(session=session, workspace_id=workspace_id, items=said)
        state.update(card=0, counts={"sentiments": len(said), "health_scores": 0})
        return 0.1
    body = SCORECARDS[state["card"]]
    present = accounts_service.rule_values(session=session, workspace_id=workspace_id)
    rules = [
        {**r, "values": [v for v in r["values"] if v in present[r["field"]]]} for r in body.get("rules", [])
    ]
    if all(r["values"] for r in rules):  # a small demo may have no onboarding or enterprise account
        card = health_service.create_scorecard(
            session=session, workspace_id=workspace_id, data=ScorecardCreate(**{**body, "rules": rules})
        )
        done = health_scoring.recompute(
            session=session, workspace_id=workspace_id, scorecard_id=card.id, today=today, backfill_days=28
        )
        state["counts"]["health_scores"] += done.rows_written
    cards_done = state["card"] = int(state["card"]) + 1
    if cards_done < len(SCORECARDS):
        return 0.1 + 0.9 * cards_done / len(SCORECARDS)
    state["phase"] = "done"
    return 1.0
