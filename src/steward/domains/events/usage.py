"""Adoption metrics per account from the daily rollups: DAU, WAU and MAU with stickiness, active users over
licensed seats, breadth of key-event adoption, time to first value, and the 30-day trend; in bulk for the
rule frame, and in detail (with a daily series) for one account."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from steward.analytics.revenue import seats_and_first_start
from steward.core.clock import today_utc
from steward.domains.accounts import service as accounts_service
from steward.domains.events import queries
from steward.domains.events.schemas import (
    AccountAdoption,
    AccountUsage,
    DayCount,
    FeatureUse,
    KeyEvents,
    UsageOverview,
)
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.workspaces import service as workspaces_service

SETTINGS_KEY = "key_events"
SERIES_DAYS = 90
FALLING = -0.25  # a 30-day trend below this is a fall worth a look
UNDERUSED = 0.5  # seat utilisation below this is shelfware in the making


def key_events(*, session: Session, workspace_id: int) -> list[str]:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    return list((ws.settings or {}).get(SETTINGS_KEY, []))


def set_key_events(*, session: Session, workspace_id: int, data: KeyEvents) -> list[str]:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), SETTINGS_KEY: list(dict.fromkeys(data.events))}
    session.flush()
    return key_events(session=session, workspace_id=workspace_id)


@dataclass(frozen=True)
class Adoption:
    """One account's usage as the rule frame reads it."""

    active_users_30d: int
    events_30d: int
    events_prior_30d: int
    key_events_used: int
    first_key_event_on: date | None

    @property
    def trend(self) -> float | None:
        """Events in the last 30 days over the 30 before, minus 1 (None without a prior month)."""
        return self.events_30d / self.events_prior_30d - 1 if self.events_prior_30d else None


def adoption(
    *,
    session: Session,
    workspace_id: int,
    account_ids: Collection[int] | None = None,
    as_of: date | None = None,
) -> dict[int, Adoption]:
    """Every account with usage (or these), on `as_of` (today)."""
    day = as_of or today_utc()
    mau = queries.active_users(session, workspace_id, day - timedelta(days=29), day, account_ids)
    recent = queries.event_totals(session, workspace_id, day - timedelta(days=29), day, account_ids)
    prior = queries.event_totals(
        session, workspace_id, day - timedelta(days=59), day - timedelta(days=30), account_ids
    )
    keys = queries.first_use(
        session, workspace_id, key_events(session=session, workspace_id=workspace_id), account_ids
    )
    return {
        a: Adoption(
            active_users_30d=mau.get(a, 0),
            events_30d=recent.get(a, 0),
            events_prior_30d=prior.get(a, 0),
            key_events_used=keys[a][1] if a in keys else 0,
            first_key_event_on=keys[a][0] if a in keys else None,
        )
        for a in set(mau) | set(recent) | set(prior) | set(keys)
    }


def account_usage(
    *, session: Session, workspace_id: int, account_id: int, as_of: date | None = None
) -> AccountUsage:
    day = as_of or today_utc()
    one = [account_id]
    dau = queries.active_users(session, workspace_id, day, day, one).get(account_id, 0)
    wau = queries.active_users(session, workspace_id, day - timedelta(days=6), day, one).get(account_id, 0)
    base = adoption(session=session, workspace_id=workspace_id, account_ids=one, as_of=day).get(account_id)
    mau = base.active_users_30d if base else 0
    keys = key_events(session=session, workspace_id=workspace_id)
    used = queries.used_events(session, workspace_id, account_id, keys) if keys else set()
    terms = subscriptions_service.model_terms(session=session, workspace_id=workspace_id, account_ids=one)
    in_force, starts = seats_and_first_start(terms, day)
    seats, first_start = in_force.get(account_id, 0), starts.get(account_id)
    first_key = base.first_key_event_on if base else None
    return AccountUsage(
        account_id=account_id,
        as_of=day,
        dau=dau,
        wau=wau,
        mau=mau,
        stickiness=dau / mau if mau else None,
        seats=seats or None,
        seat_utilisation=mau / seats if seats else None,
        events_30d=base.events_30d if base else 0,
        events_prior_30d=base.events_prior_30d if base else 0,
        trend_30d=base.trend if base else None,
        key_events_used=sorted(used),
        key_events_unused=[k for k in keys if k not in used],
        first_key_event_on=first_key,
        days_to_first_value=(first_key - first_start).days if first_key and first_start else None,
        daily=[
            DayCount(day=d, events=e, active_users=u)
            for d, e, u in queries.daily(
                session, workspace_id, account_id, day - timedelta(days=SERIES_DAYS - 1), day
            )
        ],
    )


def overview(
    *, session: Session, workspace_id: int, as_of: date | None = None, sort: str = "trend"
) -> UsageOverview:
    """Usage across the workspace: each account's adoption (sorted by `sort`, see USAGE_SORTS), how widely
    each event is used, and the daily events and active users of the last 90 days."""
    day = as_of or today_utc()
    per_account = adoption(session=session, workspace_id=workspace_id, as_of=day)
    in_force, starts = seats_and_first_start(
        subscriptions_service.model_terms(session=session, workspace_id=workspace_id), day
    )
    accounts = {
        a.id: a
        for a in accounts_service.by_ids(session=session, workspace_id=workspace_id, ids=list(per_account))
    }
    rows = [
        _adoption_row(
            a_id, accounts[a_id].name, accounts[a_id].owner_id, usage, in_force.get(a_id), starts.get(a_id)
        )
        for a_id, usage in per_account.items()
        if a_id in accounts
    ]
    rows.sort(key=_SORTS.get(sort, _SORTS["trend"]))
    active = sum(1 for r in rows if r.events_30d)
    keys = key_events(session=session, workspace_id=workspace_id)
    used = queries.event_counts(session, workspace_id, day - timedelta(days=29))
    return UsageOverview(
        as_of=day,
        accounts_active=active,
        accounts_falling=sum(1 for r in rows if r.trend_30d is not None and r.trend_30d < FALLING),
        accounts_underused=sum(
            1 for r in rows if r.seat_utilisation is not None and r.seat_utilisation < UNDERUSED
        ),
        events_30d=sum(u.events_30d for u in per_account.values()),
        events_prior_30d=sum(u.events_prior_30d for u in per_account.values()),
        key_events=keys,
        features=[
            FeatureUse(event=e, key=e in keys, events=n, accounts=a, share=a / active if active else 0.0)
            for e, n, a in used
        ],
        accounts=rows,
        daily=[
            DayCount(day=d, events=e, active_users=u)
            for d, e, u in queries.daily(
                session, workspace_id, None, day - timedelta(days=SERIES_DAYS - 1), day
            )
        ],
    )


def _adoption_row(
    account_id: int,
    name: str,
    owner_id: int | None,
    usage: Adoption,
    seats: int | None,
    first_start: date | None,
) -> AccountAdoption:
    first_key = usage.first_key_event_on
    return AccountAdoption(
        account_id=account_id,
        name=name,
        owner_id=owner_id,
        mau=usage.active_users_30d,
        seats=seats or None,
        seat_utilisation=usage.active_users_30d / seats if seats else None,
        events_30d=usage.events_30d,
        trend_30d=usage.trend,
        key_events_used=usage.key_events_used,
        days_to_first_value=(first_key - first_start).days if first_key and first_start else None,
    )


_LAST = float("inf")
_SORTS = {  # the most worrying first
    "trend": lambda r: (r.trend_30d if r.trend_30d is not None else _LAST, r.name),
    "utilisation": lambda r: (r.seat_utilisation if r.seat_utilisation is not None else _LAST, r.name),
    "mau": lambda r: (-r.mau, r.name),
    "events": lambda r: (-r.events_30d, r.name),
    "name": lambda r: (r.name.casefold(), r.account_id),
}
