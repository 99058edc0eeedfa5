"""The review pack: one account's story since its last review, from live data: health and its reasons,
activity, success plan outcomes, renewals, open work, support and advocacy, with the CSM's notes."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.domains.accounts import service as accounts_service
from steward.domains.advocacy import service as advocacy_service
from steward.domains.ctas import service as ctas_service
from steward.domains.health import service as health_service
from steward.domains.plans import service as plans_service
from steward.domains.renewals import service as renewals_service
from steward.domains.revenue import service as revenue_service
from steward.domains.reviews import service
from steward.domains.reviews.schemas import (
    AdvocacyPart,
    HealthPart,
    Measure,
    ObjectivePart,
    PlanPart,
    RenewalPart,
    ReviewPack,
)
from steward.domains.tickets import service as tickets_service
from steward.domains.timeline import service as timeline_service
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service

DEFAULT_PERIOD_DAYS = 90  # without an earlier review, the pack looks back this far
SHOWN = 3


def review_pack(*, session: Session, workspace_id: int, review_id: int) -> ReviewPack:
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    review = service.get_review(**scope, review_id=review_id)
    account = accounts_service.get_account(**scope, account_id=review.account_id)
    end = review.held_on or review.due_date
    start = service.previous_held(**scope, account_id=account.id, before=end) or end - timedelta(
        DEFAULT_PERIOD_DAYS
    )
    owners = users_service.names_by_id(**scope, ids=[account.owner_id] if account.owner_id else [])
    logged = [
        (at.date(), kind)
        for _, at, kind in timeline_service.model_activities(**scope, account_ids=[account.id])
    ]
    kinds = Counter(kind for day, kind in logged if start <= day <= end)
    last = max((day for day, _ in logged if day <= end), default=None)
    arr_now, arr_before = revenue_service.account_arr(
        **scope, account_id=account.id, days=[end, end - timedelta(days=365)]
    )
    closed = ctas_service.list_ctas(**scope, account_id=account.id, status="closed", limit=200).items
    advocacy = [
        AdvocacyPart(kind=r.kind, contact_name=r.contact_name)
        for r in advocacy_service.list_requests(**scope, account_id=account.id, status="completed")
        if r.completed_at and start <= r.completed_at.date() <= end
    ]
    return ReviewPack(
        review=review,
        period_start=start,
        period_end=end,
        owner_name=owners.get(account.owner_id or -1),
        segment=account.segment,
        currency=workspaces_service.get_workspace(**scope).currency,
        arr_minor=arr_now,
        arr_year_ago_minor=arr_before,
        health=_health(session, workspace_id, account.id),
        activities=dict(kinds.most_common()),
        last_activity=last,
        plans=_plans(session, workspace_id, account.id),
        renewals=[
            RenewalPart(**r.model_dump(include=set(RenewalPart.model_fields)))
            for r in renewals_service.list_renewals(
                **scope, account_id=account.id, status="all", limit=10
            ).items
        ],
        open_ctas=dict(
            Counter(c.type for c in ctas_service.list_ctas(**scope, account_id=account.id, limit=200).items)
        ),
        ctas_closed_in_period=sum(1 for c in closed if c.closed_at and start <= c.closed_at.date() <= end),
        support=tickets_service.account_support(**scope, account_id=account.id, start=start, end=end),
        advocacy_completed=[f"{a.kind.replace('_', ' ')} by {a.contact_name}" for a in advocacy],
        advocacy=advocacy,
    )


def _health(session: Session, workspace_id: int, account_id: int) -> HealthPart | None:
    h = health_service.account_health(session=session, workspace_id=workspace_id, account_id=account_id)
    if h is None:
        return None
    present = [m for m in h.measures if not m.missing]
    return HealthPart(
        overall=h.overall,
        grade=h.grade,
        trend=h.trend,
        scorecard=h.scorecard,
        strongest=[_measure(m) for m in sorted(present, key=lambda m: -m.contribution)[:SHOWN]],
        weakest=[_measure(m) for m in sorted(present, key=lambda m: m.score or 0.0)[:SHOWN]],
        sentiment=f"{h.sentiment.score}/10: {h.sentiment.comment}" if h.sentiment else None,
    )


def _measure(m: Any) -> Measure:
    return Measure(**m.model_dump(include=set(Measure.model_fields)))


def _plans(session: Session, workspace_id: int, account_id: int) -> list[PlanPart]:
    out = []
    for summary in plans_service.list_plans(
        session=session, workspace_id=workspace_id, account_id=account_id
    ):
        plan = plans_service.get_plan(session=session, workspace_id=workspace_id, plan_id=summary.id)
        out.append(
            PlanPart(
                id=plan.id,
                title=plan.title,
                status=plan.status,
                progress=plan.progress,
                objectives=[
                    ObjectivePart(title=o.title, status=o.status, progress=o.progress, due_date=o.due_date)
                    for o in plan.objectives
                ],
            )
        )
    return out
