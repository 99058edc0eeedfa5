"""A workspace's account history as the frames the churn analytics read, gathered through each domain's
service (subscriptions, timeline, contacts, accounts; and for the signal families events, tickets, surveys
and health)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics.churn_signals import SignalTables
from steward.analytics.churn_snapshots import STATIC, SUBSCRIPTION_COLUMNS, AccountTables
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.events import service as events_service
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.surveys import service as surveys_service
from steward.domains.tickets import service as tickets_service
from steward.domains.timeline import service as timeline_service

ACCOUNT_COLUMNS = ["account_id", *STATIC, "arr_minor", "name"]
# Health's service reads churn's (the model's probability is a health measure), so churn cannot import it:
# health registers its score history here when it loads (see health.service), and until then the health
# family is empty.
HEALTH_HISTORY: list[Callable[..., list[tuple[int, date, int, float, str | None]]]] = []


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).astype("datetime64[s]")


def _moments(values: pd.Series) -> pd.Series:
    """Naive UTC datetimes (the databases return aware or naive ones)."""
    return pd.to_datetime(values, utc=True).dt.tz_localize(None)


def load(
    session: Session,
    workspace_id: int,
    account_ids: Collection[int] | None = None,
    *,
    signals_since: date | None = None,
) -> AccountTables:
    """The whole workspace, or only these accounts (what rescoring a few accounts reads). With
    `signals_since`, also the usage, support, survey and health rows dated from that day on."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    accounts = pd.DataFrame(
        accounts_service.model_attributes(**scope, ids=account_ids), columns=ACCOUNT_COLUMNS
    )
    subs = pd.DataFrame(
        subscriptions_service.model_terms(**scope, account_ids=account_ids), columns=SUBSCRIPTION_COLUMNS
    )
    subs["start_date"], subs["end_date"] = _days(subs["start_date"]), _days(subs["end_date"])
    subs["auto_renew"] = subs["auto_renew"].astype(float)
    activities = pd.DataFrame(
        timeline_service.model_activities(**scope, account_ids=account_ids),
        columns=["account_id", "occurred_at", "kind"],
    )
    occurred = pd.to_datetime(activities.pop("occurred_at"), utc=True)
    activities["day"] = occurred.dt.tz_localize(None).dt.floor("D").astype("datetime64[s]")
    contacts = pd.DataFrame(
        contacts_service.counts_by_account(**scope, account_ids=account_ids),
        columns=["account_id", "contacts"],
    )
    signals = (
        None if signals_since is None else load_signals(session, workspace_id, account_ids, signals_since)
    )
    return AccountTables(
        accounts=accounts, subscriptions=subs, activities=activities, contacts=contacts, signals=signals
    )


def load_signals(
    session: Session, workspace_id: int, account_ids: Collection[int] | None, since: date
) -> SignalTables:
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id, "account_ids": account_ids}
    moment = datetime(since.year, since.month, since.day, tzinfo=UTC)
    usage = pd.DataFrame(
        events_service.account_days(**scope, since=since),
        columns=["account_id", "day", "events", "key_events", "users"],
    )
    usage["day"] = _days(usage["day"])
    support = tickets_service.support_history(**scope, since=moment)
    tickets = pd.DataFrame(support["tickets"], columns=["account_id", "created", "solved"]).dropna(
        subset=["account_id"]
    )
    breaches = pd.DataFrame(support["breaches"], columns=["account_id", "ticket", "at"])
    csat = pd.DataFrame(support["csat"], columns=["account_id", "at", "good"])
    # The account's first ticket in the issue, its detection, its resolution (tickets.queries.account_issues)
    issues = pd.DataFrame(support["issues"], columns=["account_id", "issue", "first", "detected", "closed"])
    voice = surveys_service.answer_history(**scope, since=moment)
    answers = pd.DataFrame(voice["answers"], columns=["account_id", "at", "kind", "score", "sentiment"])
    invites = pd.DataFrame(voice["invites"], columns=["account_id", "at", "answered"])
    scores = HEALTH_HISTORY[0](**scope, since=since) if HEALTH_HISTORY else []
    health = pd.DataFrame(scores, columns=["account_id", "day", "scorecard", "overall", "grade"])
    health["day"] = _days(health["day"])
    for frame, columns in (
        (tickets, ["created", "solved"]), (breaches, ["at"]), (csat, ["at"]),
        (issues, ["first", "detected", "closed"]), (answers, ["at"]), (invites, ["at", "answered"]),
    ):  # fmt: skip
        for column in columns:
            frame[column] = _moments(frame[column])
    answers["score"] = answers["score"].astype(float)
    return SignalTables(
        usage=usage, tickets=tickets, breaches=breaches, csat=csat,
        issues=issues[["account_id", "first", "detected", "closed"]], answers=answers, invites=invites,
        health=health,
    )  # fmt: skip
