"""A CSM's or a team's book of business through health: accounts and ARR by grade, ARR at risk, the
week's biggest drops in health and the renewals coming up with their health."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.core.clock import today_utc
from steward.domains.accounts import service as accounts_service
from steward.domains.churn import service as churn_service
from steward.domains.health import queries
from steward.domains.health.schemas import GradeBucket, GradeChart, PortfolioAccount, PortfolioRead
from steward.domains.health.scoring import current_scores
from steward.domains.workspaces import service as workspaces_service

UNSCORED = "unscored"


def portfolio(
    *,
    session: Session,
    workspace_id: int,
    owner_ids: Collection[int] | None = None,
    renewal_days: int = 90,
    limit: int = 10,
    today: date | None = None,
) -> PortfolioRead:
    """Each account is read under its own scorecard (see ScorecardCreate.rules), on the latest scored day."""
    today = today or today_utc()
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    accounts = accounts_service.owned_by(**scope, owner_ids=owner_ids)
    cards = queries.scorecards(session, workspace_id)
    scores = current_scores(session, workspace_id, accounts)
    risk = churn_service.probabilities(**scope)
    rows = []
    for a in accounts:
        now = scores.get(a.id)
        rows.append(PortfolioAccount(
            account_id=a.id, name=a.name, owner_id=a.owner_id, arr_minor=a.arr_minor,
            renewal_date=a.next_renewal_date, scorecard=now.scorecard if now else None,
            overall=now.overall if now else None, grade=now.grade if now else None,
            week_ago=now.before if now else None, change=now.change if now else None,
            churn_probability=risk.get(a.id),
        ))  # fmt: skip
    lowest = {c.name: min(c.definition["grades"], key=lambda g: g["low"])["label"] for c in cards}
    at_risk = [r for r in rows if r.grade is not None and r.grade == lowest.get(r.scorecard or "")]
    horizon = today + timedelta(days=renewal_days)
    due = [r for r in rows if r.renewal_date and today <= r.renewal_date <= horizon]
    fell = [r for r in rows if r.change is not None and r.change < 0]
    return PortfolioRead(
        day=queries.latest_day(session, workspace_id),
        currency=workspaces_service.get_workspace(**scope).currency,
        accounts=len(rows), arr_minor=sum(r.arr_minor for r in rows),
        grades=_buckets(rows, [g["label"] for c in cards for g in c.definition["grades"]]),
        charts=grade_charts(rows, {c.name: c.definition["grades"] for c in cards}),
        unscored_accounts=sum(1 for r in rows if r.grade is None),
        at_risk_accounts=len(at_risk), at_risk_arr_minor=sum(r.arr_minor for r in at_risk),
        expected_churn_arr_minor=_expected_loss(rows) if risk else None,
        drops=sorted(fell, key=lambda r: (r.change or 0.0, -r.arr_minor))[:limit],
        renewals=sorted(due, key=lambda r: (r.renewal_date or today, -r.arr_minor))[:limit],
    )  # fmt: skip


def _buckets(rows: list[PortfolioAccount], labels: list[str]) -> list[GradeBucket]:
    """Grades in the order the scorecards list them, then the unscored accounts."""
    order = list(dict.fromkeys([*labels, UNSCORED]))
    counts = {label: [0, 0] for label in order}
    for r in rows:
        bucket = counts.setdefault(r.grade or UNSCORED, [0, 0])
        bucket[0] += 1
        bucket[1] += r.arr_minor
    return [GradeBucket(label=k, accounts=n, arr_minor=arr) for k, (n, arr) in counts.items()]


def grade_charts(rows: list[PortfolioAccount], grades: dict[str, list[dict[str, Any]]]) -> list[GradeChart]:
    """One chart per scorecard with accounts, its grades in the order it lists them, each toned by rank."""
    charts = []
    for name, listed in grades.items():
        mine = [r for r in rows if r.scorecard == name and r.grade is not None]
        if not mine:
            continue
        by_low = sorted(g["low"] for g in listed)
        buckets = []
        for g in listed:
            rank = by_low.index(g["low"])
            tone = "bad" if rank == 0 else "good" if rank == len(by_low) - 1 else "mid"
            same = [r for r in mine if r.grade == g["label"]]
            buckets.append(GradeBucket(label=g["label"], accounts=len(same),
                                       arr_minor=sum(r.arr_minor for r in same), tone=tone))  # fmt: skip
        charts.append(GradeChart(scorecard=name, grades=buckets))
    return charts


def _expected_loss(rows: list[PortfolioAccount]) -> int:
    return round(sum(r.arr_minor * (r.churn_probability or 0.0) for r in rows))
