"""The account frame rules and journeys read: one row per account with a column per field (account fields,
health under each account's own scorecard, churn risk, days to renewal), and the engagement fields
(contacts, seats, activity, tenure) computed only when something reads them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics.revenue import seats_and_first_start
from steward.analytics.rules import ACTIVITY_KINDS, ENGAGEMENT_FIELDS, TICKET_CHANNELS, VOICE_FIELDS
from steward.core.bulk import ids_if_few
from steward.core.clock import start_of_day, today_utc
from steward.core.money import minor_exponent
from steward.domains.accounts import service as accounts_service
from steward.domains.churn import service as churn_service
from steward.domains.contacts import service as contacts_service
from steward.domains.events import service as events_service
from steward.domains.health import service as health_service
from steward.domains.helpcenter import service as helpcenter_service
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.surveys import service as surveys_service
from steward.domains.tickets import service as tickets_service
from steward.domains.timeline import service as timeline_service
from steward.domains.workspaces import service as workspaces_service

RECENT_DAYS = 30


def account_frame(
    session: Session,
    workspace_id: int,
    account_ids: Collection[int] | None = None,
    today: date | None = None,
    fields: Collection[str] | None = None,
) -> pd.DataFrame:
    """One row per account (all, or these), indexed by account id. `fields` names what will be read;
    the engagement fields are left out unless named (None: every field)."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    accounts = (
        accounts_service.owned_by(**scope, owner_ids=None)
        if account_ids is None
        else accounts_service.by_ids(**scope, ids=account_ids)
    )
    today = today or today_utc()
    scale = 10 ** minor_exponent(workspaces_service.get_workspace(**scope).currency)
    scores = health_service.current_scores(**scope, accounts=accounts)
    risk = churn_service.probabilities(**scope, account_ids=ids_if_few([a.id for a in accounts]))
    frame = pd.DataFrame(
        {
            "name": [a.name for a in accounts],
            **{
                f: [getattr(a, f) or "" for a in accounts]
                for f in ("segment", "tier", "region", "lifecycle_stage")
            },
            "owner_id": [float(a.owner_id) if a.owner_id else np.nan for a in accounts],
            "arr": [a.arr_minor / scale for a in accounts],
            "days_to_renewal": [
                float((a.next_renewal_date - today).days) if a.next_renewal_date else np.nan for a in accounts
            ],
            "churn_probability": [risk.get(a.id, np.nan) for a in accounts],
        },
        index=pd.Index([a.id for a in accounts], name="account_id"),
    )
    frame["health"] = [_value(scores.get(a.id), "overall") for a in accounts]
    frame["grade"] = [scores[a.id].grade or "" if a.id in scores else "" for a in accounts]
    frame["health_change_7d"] = [_value(scores.get(a.id), "change") for a in accounts]
    wanted = set(ENGAGEMENT_FIELDS) if fields is None else set(fields) & set(ENGAGEMENT_FIELDS)
    if wanted:
        _engagement(session, workspace_id, frame, today, ids_if_few([a.id for a in accounts]))
    return frame


def _engagement(
    session: Session, workspace_id: int, frame: pd.DataFrame, today: date, ids: Collection[int] | None
) -> None:
    """contacts; seats in force today; activities in the last 30 days, days since the last one and since the
    last of each kind; days since the first term started (tenure); the main product. Accounts with none get
    0 counts and empty days. Product usage: active users and events in 30 days, key events used, the 30-day
    trend and active users over seats (empty without seats). Surveys: NPS and CSAT over 180 days (empty
    without answers) and the number of answers."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    counts = dict(contacts_service.counts_by_account(**scope, account_ids=ids))
    frame["contacts"] = frame.index.map(lambda a: float(counts.get(a, 0)))
    terms = subscriptions_service.model_terms(**scope, account_ids=ids)
    seats, first = seats_and_first_start(terms, today)
    frame["seats"] = frame.index.map(lambda a: float(seats.get(a, 0)))
    frame["tenure_days"] = frame.index.map(lambda a: float((today - first[a]).days) if a in first else np.nan)
    since = start_of_day(today - timedelta(days=RECENT_DAYS))
    stats = {
        a: (n, last) for a, n, last in timeline_service.activity_stats(**scope, since=since, account_ids=ids)
    }
    frame["activities_30d"] = frame.index.map(lambda a: float(stats[a][0]) if a in stats else 0.0)
    frame["days_since_activity"] = frame.index.map(
        lambda a: float((today - _day(stats[a][1])).days) if a in stats else np.nan
    )
    products = subscriptions_service.main_products(**scope, day=today, account_ids=ids)
    frame["product"] = frame.index.map(lambda a: products.get(a, ""))
    last: dict[tuple[int, str], datetime] = {
        (a, k): at for a, k, at in timeline_service.last_by_kind(**scope, account_ids=ids)
    }
    for kind in ACTIVITY_KINDS:
        frame[f"days_since_{kind}"] = [
            float((today - _day(last[a, kind])).days) if (a, kind) in last else np.nan for a in frame.index
        ]
    used = events_service.adoption(**scope, account_ids=ids, as_of=today)
    frame["active_users_30d"] = [float(used[a].active_users_30d) if a in used else 0.0 for a in frame.index]
    frame["events_30d"] = [float(used[a].events_30d) if a in used else 0.0 for a in frame.index]
    frame["key_events_used"] = [float(used[a].key_events_used) if a in used else 0.0 for a in frame.index]
    frame["usage_trend_30d"] = [_number(used[a].trend) if a in used else np.nan for a in frame.index]
    frame["seat_utilisation"] = np.where(
        frame["seats"] > 0, frame["active_users_30d"] / frame["seats"].where(frame["seats"] > 0), np.nan
    )
    voice = surveys_service.account_measures(**scope, days=[today], account_ids=ids)[today]
    for name in VOICE_FIELDS:
        frame[name] = voice[name].reindex(frame.index).astype(float)
    frame["survey_responses_180d"] = frame["survey_responses_180d"].fillna(0.0)
    _self_service(session, workspace_id, frame, today, ids)


def _self_service(
    session: Session, workspace_id: int, frame: pd.DataFrame, today: date, ids: Collection[int] | None
) -> None:
    """Tickets per channel and distinct help-center articles read by the account's contacts, 30 days."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id, "account_ids": ids}
    since = start_of_day(today - timedelta(days=RECENT_DAYS - 1))
    tickets = tickets_service.tickets_by_channel(**scope, since=since)
    for channel in TICKET_CHANNELS:
        frame[f"tickets_30d_{channel}"] = [float(tickets.get((a, channel), 0)) for a in frame.index]
    read = helpcenter_service.articles_read(**scope, days=[today])[today]
    frame["articles_read_30d"] = read.reindex(frame.index).fillna(0.0).astype(float)


def _number(value: float | None) -> float:
    return np.nan if value is None else float(value)


def _day(value: datetime) -> date:
    return value.astimezone(UTC).date() if value.tzinfo else value.date()


def _value(score: Any, name: str) -> float:
    return _number(getattr(score, name) if score is not None else None)
