"""Renewal opportunities: opened a set number of days before each revenue term ends with a first forecast
from health and churn risk, worked (forecast, expected amount, owner, notes), and closed with an outcome.
A renewal, upsell or downsell writes the next term, so the revenue metrics (NRR, GRR) see it; a churn
switches the term's auto-renew off."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.analytics import renewals as maths
from steward.analytics.revenue import PERIODS_PER_YEAR, arr_minor
from steward.core.clock import now_utc, today_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountFilter
from steward.domains.churn import service as churn_service
from steward.domains.health import service as health_service
from steward.domains.renewals import queries
from steward.domains.renewals.models import RenewalOpportunity
from steward.domains.renewals.schemas import (
    OpenDueResult,
    OutcomeReport,
    OutcomeRow,
    PipelineCell,
    PipelineQuarter,
    ReasonRow,
    RenewalClose,
    RenewalPage,
    RenewalRead,
    RenewalSettings,
    RenewalSort,
    RenewalUpdate,
)
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.subscriptions.schemas import SubscriptionCreate, SubscriptionUpdate
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service

SETTINGS_KEY = "renewals"


def get_settings(*, session: Session, workspace_id: int) -> RenewalSettings:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    return RenewalSettings(**(ws.settings or {}).get(SETTINGS_KEY, {}))


def set_settings(*, session: Session, workspace_id: int, data: RenewalSettings) -> RenewalSettings:
    if len(set(data.churn_reasons)) != len(data.churn_reasons):
        raise Invalid("a churn reason is listed twice", ("body", "churn_reasons"))
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), SETTINGS_KEY: data.model_dump()}  # a new dict: JSON is not tracked
    session.flush()
    return data


def open_due(*, session: Session, workspace_id: int, today: date | None = None) -> OpenDueResult:
    """Open an opportunity for every revenue term ending within the lead days that has none, and refresh
    the automatic forecasts of the open ones."""
    today = today or today_utc()
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    lead = get_settings(**scope).lead_days
    terms = subscriptions_service.ending_between(**scope, first=today, last=today + timedelta(days=lead))
    have = queries.existing_keys(session, workspace_id, [(t.id, t.end_date) for t in terms if t.end_date])
    new = [t for t in terms if t.end_date and (t.id, t.end_date) not in have]
    auto = queries.open_auto(session, workspace_id)
    wanted = {t.account_id for t in new} | {o.account_id for o in auto}
    accounts = accounts_service.by_ids(**scope, ids=wanted)
    by_id = {a.id: a for a in accounts}
    scores = health_service.current_scores(**scope, accounts=accounts)
    risk = churn_service.probabilities(**scope, account_ids=list(by_id))

    def forecast(account_id: int, auto_renew: bool) -> str:
        score = scores.get(account_id)
        return maths.default_forecast(risk.get(account_id), score.overall if score else None, auto_renew)

    opened = 0
    for t in new:
        arr = arr_minor(t.amount_minor, t.billing_period)
        # One savepoint each: a concurrent run (the daily job and a manual call) that opened the same term
        # first wins it, and this run goes on as if it had come second.
        try:
            with session.begin_nested():
                session.add(RenewalOpportunity(
                    workspace_id=workspace_id, account_id=t.account_id, subscription_id=t.id, plan=t.plan,
                    due_date=t.end_date, current_arr_minor=arr, expected_arr_minor=arr,
                    forecast=forecast(t.account_id, t.auto_renew), forecast_by="auto", status="open",
                    owner_id=by_id[t.account_id].owner_id,
                ))  # fmt: skip
            opened += 1
        except IntegrityError:
            continue
    refreshed = 0
    renewing = subscriptions_service.auto_renews(**scope, ids=[o.subscription_id for o in auto])
    for o in auto:
        value = forecast(o.account_id, renewing.get(o.subscription_id, False))
        if value != o.forecast:
            o.forecast, refreshed = value, refreshed + 1
    session.flush()
    return OpenDueResult(opened=opened, forecasts_refreshed=refreshed)


def backfill(
    *,
    session: Session,
    workspace_id: int,
    start: date,
    end: date,
    churn_reason: Callable[[int], str | None] | None = None,
) -> int:
    """Closed opportunities for the terms that ended in [start, end) before Steward tracked renewals,
    read from the term history: a term of the same account and plan starting on the end date is the
    renewal (renewed, upsell or downsell by its ARR), none is a churn (reason from `churn_reason(account)`,
    else unknown). Returns the opportunities written; terms that already have one are skipped."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    ended = subscriptions_service.ending_between(
        **scope,
        first=start,
        last=end - timedelta(days=1),
        statuses=("active", "past_due", "canceled", "expired"),
    )
    have = queries.existing_keys(session, workspace_id, [(t.id, t.end_date) for t in ended if t.end_date])
    ended = [t for t in ended if t.end_date and (t.id, t.end_date) not in have]
    successors = {
        (t.account_id, t.plan, t.start_date): t
        for t in subscriptions_service.starting_on(**scope, days={t.end_date for t in ended if t.end_date})
    }
    owners = accounts_service.owners(**scope, ids={t.account_id for t in ended})
    for t in ended:
        assert t.end_date is not None
        arr = arr_minor(t.amount_minor, t.billing_period)
        nxt = successors.get((t.account_id, t.plan, t.end_date))
        renewed = arr_minor(nxt.amount_minor, nxt.billing_period) if nxt else 0
        outcome = (
            "churned"
            if nxt is None
            else "upsell"
            if renewed > arr
            else "downsell"
            if renewed < arr
            else "renewed"
        )
        session.add(RenewalOpportunity(
            workspace_id=workspace_id, account_id=t.account_id, subscription_id=t.id, plan=t.plan,
            due_date=t.end_date, current_arr_minor=arr, expected_arr_minor=arr, forecast="commit",
            forecast_by="person", status="closed", outcome=outcome, outcome_arr_minor=renewed,
            churn_reason=churn_reason(t.account_id) if churn_reason and nxt is None else None,
            next_subscription_id=nxt.id if nxt else None, owner_id=owners.get(t.account_id),
            closed_at=now_utc(),
        ))  # fmt: skip
    session.flush()
    return len(ended)


def get_renewal(*, session: Session, workspace_id: int, renewal_id: int) -> RenewalRead:
    return _reads(session, workspace_id, [_get(session, workspace_id, renewal_id)])[0]


def list_renewals(
    *,
    session: Session,
    workspace_id: int,
    status: str = "open",
    forecasts: Collection[str] = (),
    owner_ids: Collection[int] | None = None,
    account_id: int | None = None,
    quarter: str | None = None,
    search: str | None = None,
    sort: RenewalSort = "due",
    limit: int = 50,
    offset: int = 0,
) -> RenewalPage:
    """Soonest due first unless `sort` says otherwise; `quarter` is like 2027Q1; `search` finds accounts by
    name, domain or external id."""
    due_from = due_to = None
    if quarter:
        period = _quarter(quarter)
        due_from, due_to = period.start_time.date(), period.end_time.date()
    found = None
    if search:
        found = accounts_service.ids_matching(
            session=session, workspace_id=workspace_id, filters=AccountFilter(q=search)
        )
    query = queries.filtered(workspace_id, status, forecasts, owner_ids, account_id, due_from, due_to, found)
    total, rows = queries.page(session, query, limit, offset, sort)
    return RenewalPage(total=total, items=_reads(session, workspace_id, rows))


def update_renewal(
    *, session: Session, workspace_id: int, renewal_id: int, data: RenewalUpdate
) -> RenewalRead:
    row = _get(session, workspace_id, renewal_id)
    sent = data.model_fields_set
    if row.status == "closed" and sent - {"notes"}:
        raise Conflict("this renewal is closed: only its notes can change", ("body",))
    if "owner_id" in sent:
        users_service.require_users(
            session=session, workspace_id=workspace_id, ids=[data.owner_id], loc=("body", "owner_id")
        )
    for name in sent & {"expected_arr_minor", "owner_id", "notes"}:
        setattr(row, name, getattr(data, name))
    if "forecast" in sent:
        if data.forecast is None:
            raise Invalid("forecast cannot be empty", ("body", "forecast"))
        row.forecast, row.forecast_by = data.forecast, "person"
    session.flush()
    return get_renewal(session=session, workspace_id=workspace_id, renewal_id=renewal_id)


def close_renewal(*, session: Session, workspace_id: int, renewal_id: int, data: RenewalClose) -> RenewalRead:
    """Record the outcome. Renewed, upsell and downsell write the next term (same length, the new ARR);
    churned needs one of the workspace's reason codes and switches the term's auto-renew off."""
    row = _get(session, workspace_id, renewal_id)
    if row.status == "closed":
        raise _closed_already(row)
    default = row.current_arr_minor if data.outcome == "renewed" else 0
    amount = default if data.outcome_arr_minor is None and data.outcome in ("renewed", "churned") else None
    amount = data.outcome_arr_minor if amount is None else amount
    if amount is None:
        raise Invalid(f"an {data.outcome} needs the ARR of the next term", ("body", "outcome_arr_minor"))
    problem = maths.outcome_problem(data.outcome, row.current_arr_minor, amount)
    if problem:
        raise Invalid(problem, ("body", "outcome_arr_minor"))
    reasons = get_settings(session=session, workspace_id=workspace_id).churn_reasons
    if data.outcome == "churned" and data.churn_reason not in reasons:
        raise Invalid(f"a churn needs a reason, one of: {', '.join(reasons)}", ("body", "churn_reason"))
    if data.outcome != "churned" and data.churn_reason is not None:
        raise Invalid("only a churn has a churn reason", ("body", "churn_reason"))
    # Checked first, claimed second: a refused close writes nothing (a form shows its error and commits).
    if not _claim_close(session, row):
        session.refresh(row)  # another close won the row a moment ago: answer as if this one came second
        raise _closed_already(row)
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    term = subscriptions_service.get_subscription(**scope, subscription_id=row.subscription_id)
    if data.outcome == "churned":
        subscriptions_service.update_subscription(
            **scope, subscription_id=term.id, data=SubscriptionUpdate(auto_renew=False)
        )
    else:
        length = max((row.due_date - term.start_date).days, 1)
        periods = PERIODS_PER_YEAR[term.billing_period]
        nxt = subscriptions_service.create_subscription(**scope, data=SubscriptionCreate(
            external_id=f"{term.external_id[:180]}-renewal-{row.due_date.isoformat()}",
            account_id=term.account_id, plan=term.plan, product=term.product,
            amount_minor=round(amount / periods), currency=term.currency, billing_period=term.billing_period,
            seats=term.seats, start_date=row.due_date, end_date=row.due_date + timedelta(days=length),
            auto_renew=term.auto_renew, notice_days=term.notice_days, status="active",
        ))  # fmt: skip
        row.next_subscription_id = nxt.id
    row.status, row.outcome, row.outcome_arr_minor = "closed", data.outcome, amount
    row.churn_reason, row.closed_at = data.churn_reason, now_utc()
    if data.notes is not None:
        row.notes = data.notes
    session.flush()
    return get_renewal(session=session, workspace_id=workspace_id, renewal_id=renewal_id)


def _closed_already(row: RenewalOpportunity) -> Conflict:
    return Conflict(f"this renewal was closed as {row.outcome} on {row.closed_at:%Y-%m-%d}", ("path",))


def _claim_close(session: Session, row: RenewalOpportunity) -> bool:
    """Whether this transaction is the one closing the row: a conditional UPDATE, so two closes at once
    cannot both write an outcome (the row stays claimed until commit)."""
    claimed = session.execute(
        update(RenewalOpportunity)
        .where(RenewalOpportunity.id == row.id, RenewalOpportunity.status != "closed")
        .values(status="closed")
        .execution_options(synchronize_session=False)
    )
    return getattr(claimed, "rowcount", 0) == 1


def pipeline(
    *, session: Session, workspace_id: int, owner_ids: Collection[int] | None = None
) -> list[PipelineQuarter]:
    """Open opportunities per quarter of their due date, split by forecast category."""
    rows = queries.every(session, queries.filtered(workspace_id, "open", (), owner_ids, None, None, None))
    out: dict[str, PipelineQuarter] = {}
    for r in rows:
        key = str(pd.Period(r.due_date, "Q"))
        q = out.setdefault(key, PipelineQuarter(
            quarter=key, count=0, current_arr_minor=0, expected_arr_minor=0,
            cells=[PipelineCell(forecast=f, count=0, expected_arr_minor=0) for f in maths.FORECASTS],
        ))  # fmt: skip
        q.count += 1
        q.current_arr_minor += r.current_arr_minor
        q.expected_arr_minor += r.expected_arr_minor
        cell = q.cells[maths.FORECASTS.index(r.forecast)]
        cell.count += 1
        cell.expected_arr_minor += r.expected_arr_minor
    return list(out.values())


def outcomes(*, session: Session, workspace_id: int, start: date, end: date) -> OutcomeReport:
    """What the renewals due in [start, end] that were closed did to revenue."""
    if end < start:
        raise Invalid("end is before start", ("query", "end"))
    rows = queries.closed_between(session, workspace_id, start, end)
    s = maths.summarise([
        maths.Closed(r.outcome or "", r.current_arr_minor, r.outcome_arr_minor or 0, r.churn_reason)
        for r in rows
    ])  # fmt: skip
    return OutcomeReport(
        start=start, end=end, closed=s.closed, current_arr_minor=s.current_arr,
        renewed_arr_minor=s.renewed_arr, nrr=s.nrr, grr=s.grr,
        by_outcome=[OutcomeRow(outcome=k, count=n, current_arr_minor=a)
                    for k, (n, a) in s.by_outcome.items()],
        churn_by_reason=[ReasonRow(reason=k, count=n, arr_minor=a)
                         for k, (n, a) in s.churn_by_reason.items()],
    )  # fmt: skip


def _get(session: Session, workspace_id: int, renewal_id: int) -> RenewalOpportunity:
    row = queries.get(session, workspace_id, renewal_id)
    if row is None:
        raise NotFound("renewal", renewal_id)
    return row


def _quarter(text: str) -> pd.Period:
    try:
        return pd.Period(text.upper(), "Q")
    except ValueError:
        raise Invalid(f"{text!r} is not a quarter like 2027Q1", ("query", "quarter")) from None


def _reads(session: Session, workspace_id: int, rows: list[RenewalOpportunity]) -> list[RenewalRead]:
    ids = [r.account_id for r in rows]
    names = accounts_service.names(session=session, workspace_id=workspace_id, ids=ids)
    today = today_utc()
    return [
        RenewalRead.model_validate({
            **{c: getattr(r, c) for c in RenewalRead.model_fields if hasattr(r, c)},
            "account_name": names.get(r.account_id, ""), "days_left": (r.due_date - today).days,
        })
        for r in rows
    ]  # fmt: skip
