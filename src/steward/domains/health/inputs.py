"""What a scorecard reads: every account's inputs on a day, and when the dated ones were last set.
Support's side (tickets, SLA breaches, CSAT, recurring issues) comes from the service desk, and
the customers' own scores (NPS and CSAT over 180 days) from surveys.

Most inputs are derived from records as of the day (subscriptions, activities, contacts) and so are
never stale. Two carry a date of their own: the churn model's probability (when the model scored the
account) and the CSM's sentiment (when it was given); a measure over them is marked stale once that
date is older than its `stale_after_days`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics.churn_snapshots import NUMERIC
from steward.domains.accounts import service as accounts_service
from steward.domains.churn import service as churn_service
from steward.domains.health import queries
from steward.domains.helpcenter import service as helpcenter_service
from steward.domains.surveys import schemas as surveys_schemas
from steward.domains.surveys import service as surveys_service
from steward.domains.tickets import schemas as support
from steward.domains.tickets import service as tickets_service
from steward.domains.workspaces import service as workspaces_service

INPUTS = (
    *NUMERIC,
    *support.SUPPORT_INPUTS,
    *surveys_schemas.SURVEY_INPUTS,
    "articles_read_30d",  # self-service: distinct help-center articles the account's contacts read
    "churn_probability",
    "csm_sentiment",
)
CUSTOM_PREFIX = "custom_"  # + the key of a number or yes/no custom account attribute
STALE_AFTER_DAYS = {"churn_probability": 14, "csm_sentiment": 90}  # defaults; a measure may set its own


@dataclass
class DayInputs:
    """Input values per account (indexed by account id, plus lifecycle_stage for rules) and, for the
    dated inputs, the day each value was set (None where the value is missing)."""

    values: pd.DataFrame
    as_of: dict[str, list[date | None]] = field(default_factory=dict)

    def select(self, rules: list[dict[str, Any]]) -> DayInputs:
        """The accounts that match every rule (segment, tier, region, lifecycle_stage)."""
        keep = np.ones(len(self.values), dtype=bool)
        for rule in rules:
            keep &= self.values[rule["field"]].isin(rule["values"]).to_numpy()
        return DayInputs(
            self.values[keep],
            {k: [d for d, ok in zip(v, keep, strict=True) if ok] for k, v in self.as_of.items()},
        )


def gather(
    session: Session,
    workspace_id: int,
    days: list[date],
    today: date,
    account_ids: Collection[int] | None = None,
) -> dict[date, DayInputs]:
    """Each day's inputs for every account in force (or only these accounts). The churn probability is
    known only for today; earlier days leave it missing."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    features = churn_service.account_features(**scope, days=days, account_ids=account_ids)
    stages = accounts_service.lifecycle_stages(**scope, ids=account_ids)
    said = _sentiment_log(session, workspace_id, account_ids)
    tickets = tickets_service.support_measures(**scope, days=days, account_ids=account_ids)
    surveys = surveys_service.account_measures(**scope, days=days, account_ids=account_ids)
    read = helpcenter_service.articles_read(**scope, days=days, account_ids=account_ids)
    custom = custom_inputs(session, workspace_id)
    attributes = accounts_service.custom_values(**scope, ids=account_ids) if custom else {}
    out = {}
    for day in days:
        frame = features[day]
        ids = [int(a) for a in frame.index]
        values = frame.assign(lifecycle_stage=[stages.get(a, "") for a in ids])
        values = values.join(tickets[day].reindex(frame.index)).join(surveys[day].reindex(frame.index))
        values[list(support.SUPPORT_COUNTS)] = values[list(support.SUPPORT_COUNTS)].fillna(0.0)
        values["articles_read_30d"] = read[day].reindex(frame.index).fillna(0.0).astype(float).to_numpy()
        for name, key in custom.items():  # current values: attributes keep no history
            values[name] = [_number(attributes.get(a, {}).get(key)) for a in ids]
        sentiment, said_on = _sentiment_on(said, day, ids)
        values["csm_sentiment"] = sentiment
        as_of = {"csm_sentiment": said_on}
        churn: dict[int, dict[str, Any]] = {}
        if day == today and ids:
            churn = churn_service.health_measures(**scope, account_ids=ids)
        values["churn_probability"] = [churn.get(a, {}).get("churn_probability", np.nan) for a in ids]
        as_of["churn_probability"] = [_day_of(churn.get(a, {}).get("scored_at")) for a in ids]
        out[day] = DayInputs(values, as_of)
    return out


def custom_inputs(session: Session, workspace_id: int) -> dict[str, str]:
    """Input name -> custom attribute key, for the workspace's number and yes/no account attributes."""
    types = workspaces_service.custom_field_types(
        session=session, workspace_id=workspace_id, entity="account"
    )
    return {CUSTOM_PREFIX + key: key for key, kind in sorted(types.items()) if kind in ("number", "bool")}


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else np.nan  # bool is an int: yes 1, no 0


def with_stages(session: Session, workspace_id: int, X: pd.DataFrame, accounts: np.ndarray) -> DayInputs:
    """Snapshot rows (one per account and day) with the account's current lifecycle stage, for rules."""
    stages = accounts_service.lifecycle_stages(session=session, workspace_id=workspace_id)
    return DayInputs(X.assign(lifecycle_stage=[stages.get(int(a), "") for a in accounts]))


def _sentiment_log(session: Session, workspace_id: int, account_ids: Collection[int] | None) -> pd.DataFrame:
    rows = queries.sentiment_log(session, workspace_id, account_ids)
    log = pd.DataFrame(rows, columns=["account_id", "created_at", "score"])
    log["day"] = [_day_of(t) for t in log["created_at"]]
    return log


def _sentiment_on(log: pd.DataFrame, day: date, ids: list[int]) -> tuple[list[float], list[date | None]]:
    """The latest sentiment given on or before `day` per account, and the day it was given."""
    latest = log[log["day"] <= day].groupby("account_id").last() if len(log) else log
    score, given = latest["score"].to_dict(), latest["day"].to_dict()
    return [float(score.get(a, np.nan)) for a in ids], [given.get(a) for a in ids]


def _day_of(moment: Any) -> date | None:
    return None if moment is None or pd.isna(moment) else moment.date()


def stale(day: date, as_of: date | None, after_days: int | None) -> bool:
    return as_of is not None and after_days is not None and day - as_of > timedelta(days=after_days)
