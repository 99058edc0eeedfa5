"""A workspace's account history as the frames the churn analytics read, gathered through each domain's
service (subscriptions, timeline, contacts, accounts)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics.churn_snapshots import STATIC, SUBSCRIPTION_COLUMNS, AccountTables
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.timeline import service as timeline_service

ACCOUNT_COLUMNS = ["account_id", *STATIC, "arr_minor", "name"]


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).astype("datetime64[s]")


def load(session: Session, workspace_id: int, account_ids: Collection[int] | None = None) -> AccountTables:
    """The whole workspace, or only these accounts (what rescoring a few accounts reads)."""
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
    return AccountTables(accounts=accounts, subscriptions=subs, activities=activities, contacts=contacts)
