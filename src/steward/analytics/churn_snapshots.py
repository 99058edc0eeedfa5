"""Point-in-time account features and churn labels: what was known on a day, and whether the account left
within the horizon after it. Only rows dated before the snapshot day feed its features, so a backtest
trained on old snapshots never sees the future."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from steward.analytics import churn_signals
from steward.analytics.churn_features import FeatureSpec
from steward.analytics.churn_signals import (
    ALL_FAMILIES,
    CATEGORICAL_SIGNALS,
    FAMILIES,
    SIGNAL_COLUMNS,
    SignalTables,
)
from steward.analytics.revenue import PERIODS_PER_YEAR

MIN_OBSERVED = 30  # a signal known on fewer snapshots than this is not learned from
STATIC = ["segment", "tier", "industry", "region"]
SUBSCRIPTION_COLUMNS = [
    "account_id", "start_date", "end_date", "amount_minor", "billing_period", "seats", "auto_renew",
    "notice_days", "plan",
]  # fmt: skip
NUMERIC = [
    "arr", "arr_change_1y", "subscriptions", "seats", "tenure_days", "days_to_renewal", "auto_renew",
    "notice_days", "contacts", "activities_30d", "activities_90d", "activities_365d", "meetings_90d",
    "days_since_activity", "activity_trend",
]  # fmt: skip
CATEGORICAL = [*STATIC, "plan", "billing_period"]
# Readable names for reasons shown to CSMs.
LABELS = {
    "arr": "ARR", "arr_change_1y": "ARR change over a year", "subscriptions": "subscriptions",
    "seats": "seats", "tenure_days": "customer age", "days_to_renewal": "days to renewal",
    "auto_renew": "auto-renew", "notice_days": "notice period", "contacts": "contacts",
    "activities_30d": "activities in 30 days", "activities_90d": "activities in 90 days",
    "activities_365d": "activities in a year", "meetings_90d": "calls and meetings in 90 days",
    "days_since_activity": "days since last activity", "activity_trend": "activity trend",
    "segment": "segment", "tier": "tier", "industry": "industry", "region": "region", "plan": "plan",
    "billing_period": "billing period", **churn_signals.LABELS,
}  # fmt: skip


@dataclass(frozen=True)
class AccountTables:
    """A workspace's history as frames: accounts (id + STATIC), subscriptions (SUBSCRIPTION_COLUMNS,
    dates as datetime64), activities (account_id, day, kind), contacts (account_id, contacts), and, when
    loaded, the dated rows of the other signal families (usage, support, voice, health)."""

    accounts: pd.DataFrame
    subscriptions: pd.DataFrame
    activities: pd.DataFrame
    contacts: pd.DataFrame
    signals: SignalTables | None = None


def _day(value: date) -> np.datetime64:
    return np.datetime64(value, "D")


def _active(subs: pd.DataFrame, day: date) -> pd.Series:
    d = _day(day)
    return (subs["start_date"] <= d) & (subs["end_date"].isna() | (subs["end_date"] > d))


def _arr(subs: pd.DataFrame) -> pd.Series:
    return subs["amount_minor"] * subs["billing_period"].map(PERIODS_PER_YEAR).fillna(0) / 100.0


def features_at(tables: AccountTables, day: date) -> pd.DataFrame:
    """One row per account with a subscription in force on `day`, indexed by account id: NUMERIC and
    CATEGORICAL, then every signal family's columns when the tables carry the signals."""
    subs = tables.subscriptions
    on = subs[_active(subs, day)].assign(arr=lambda f: _arr(f))
    columns = NUMERIC + CATEGORICAL + (SIGNAL_COLUMNS if tables.signals is not None else [])
    if on.empty:
        return _typed(pd.DataFrame(columns=columns, index=pd.Index([], name="account_id")))
    by = on.groupby("account_id")
    out = pd.DataFrame({
        "arr": by["arr"].sum(),
        "subscriptions": by.size().astype(float),
        "seats": by["seats"].sum(min_count=1),
        "days_to_renewal": (by["end_date"].min() - _day(day)).dt.days.astype(float),
        "auto_renew": by["auto_renew"].mean().astype(float),
        "notice_days": by["notice_days"].max().astype(float),
    })  # fmt: skip
    largest = on.sort_values("arr").groupby("account_id").last()
    out["plan"], out["billing_period"] = largest["plan"], largest["billing_period"]
    started = subs[subs["start_date"] <= _day(day)].groupby("account_id")["start_date"].min()
    out["tenure_days"] = (_day(day) - started.reindex(out.index)).dt.days.astype(float)
    year_ago = subs[_active(subs, day - timedelta(days=365))]
    out["arr_change_1y"] = out["arr"] / _arr(year_ago).groupby(year_ago["account_id"]).sum().reindex(
        out.index
    )
    out = out.join(_activity_features(tables.activities, day))
    counts = ["activities_30d", "activities_90d", "activities_365d", "meetings_90d"]
    out[counts] = out[counts].fillna(0.0)  # no activity is a count of 0, not an unknown
    out["contacts"] = tables.contacts.set_index("account_id")["contacts"].reindex(out.index).fillna(0.0)
    out = out.join(tables.accounts.set_index("account_id")[STATIC])
    if tables.signals is not None:
        out = out.join(churn_signals.signals_at(tables.signals, day, out.index, out["seats"]))
    return _typed(out[columns])


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Floats for numbers and strings ('' for blank) for categories, whatever the database returned."""
    frame = frame.copy()
    numbers = [c for c in frame.columns if c not in CATEGORICAL and c not in CATEGORICAL_SIGNALS]
    frame[numbers] = frame[numbers].astype("float64")
    for column in frame.columns.difference(numbers):
        frame[column] = frame[column].fillna("").astype(str).astype(object)  # 3x faster than "string"
    return frame


def _activity_features(activities: pd.DataFrame, day: date) -> pd.DataFrame:
    past = activities[activities["day"] <= _day(day)]  # the day itself counts: scores are end-of-day
    age = (_day(day) - past["day"]).dt.days
    counts = {
        f"activities_{n}d": (age <= n).groupby(past["account_id"]).sum().astype(float) for n in (30, 90, 365)
    }
    meetings = (age <= 90) & past["kind"].isin(["call", "meeting"])
    frame = pd.DataFrame(counts)
    frame["meetings_90d"] = meetings.groupby(past["account_id"]).sum().astype(float)
    frame["days_since_activity"] = age.groupby(past["account_id"]).min().astype(float)
    # The last quarter's pace against the year's: below 1 means engagement is fading.
    frame["activity_trend"] = (frame["activities_90d"] / 90) / (frame["activities_365d"] / 365)
    return frame.replace([np.inf, -np.inf], np.nan)


def churned_within(tables: AccountTables, accounts: pd.Index, day: date, horizon_days: int) -> np.ndarray:
    """1 where the account has no subscription in force `horizon_days` after `day`."""
    subs = tables.subscriptions
    later = set(subs.loc[_active(subs, day + timedelta(days=horizon_days)), "account_id"])
    return np.array([0 if a in later else 1 for a in accounts], dtype=np.int64)


def snapshot_days(tables: AccountTables, last: date, every_days: int = 30) -> list[date]:
    """Snapshot days going back from `last` every `every_days`, while any subscription had started."""
    starts = tables.subscriptions["start_date"]
    if starts.empty:
        return []
    first = pd.Timestamp(starts.min()).date() + timedelta(days=every_days)
    days = []
    day = last
    while day >= first:
        days.append(day)
        day -= timedelta(days=every_days)
    return days[::-1]


@dataclass(frozen=True)
class Snapshots:
    X: pd.DataFrame
    y: np.ndarray
    accounts: np.ndarray  # account id per row: the groups for cross-validation
    days: np.ndarray  # snapshot day per row


def labelled_snapshots(tables: AccountTables, days: list[date], horizon_days: int) -> Snapshots:
    frames, labels, days_col = [], [], []
    for day in days:
        frame = features_at(tables, day)
        frames.append(frame)
        labels.append(churned_within(tables, frame.index, day, horizon_days))
        days_col.append(np.full(len(frame), _day(day)))
    if not frames:
        return Snapshots(
            pd.DataFrame(columns=NUMERIC + CATEGORICAL), np.array([]), np.array([]), np.array([])
        )
    X = pd.concat(frames)
    return Snapshots(
        X=X.reset_index(drop=True),
        y=np.concatenate(labels),
        accounts=X.index.to_numpy(),
        days=np.concatenate(days_col),
    )


def snapshot_spec(X: pd.DataFrame, families: tuple[str, ...] = ALL_FAMILIES) -> FeatureSpec:
    """The fixed feature list (with these signal families, where the snapshots carry them), less columns
    that carry nothing in this workspace (empty or constant)."""
    spec = FeatureSpec()
    signals = [c for f in families for c in FAMILIES[f] if c in X.columns]
    for column in NUMERIC + [c for c in signals if c not in CATEGORICAL_SIGNALS]:
        if X[column].nunique(dropna=True) <= 1:
            spec.dropped[column] = "constant or empty in this workspace"
        elif column in SIGNAL_COLUMNS and X[column].notna().sum() < MIN_OBSERVED:
            # A fold of the learner's cross-validation could hold none of it (and boosting fails on that).
            spec.dropped[column] = f"known on fewer than {MIN_OBSERVED} snapshots"
        else:
            spec.numeric.append(column)
    for column in CATEGORICAL + [c for c in signals if c in CATEGORICAL_SIGNALS]:
        if X[column].nunique() > 1:
            spec.categorical.append(column)
        else:
            spec.dropped[column] = "constant or empty in this workspace"
    return spec


_PHRASES = {
    "days_to_renewal": "renewal in {v:.0f} days",
    "days_since_activity": "no activity for {v:.0f} days",
    "tenure_days": "customer for {v:.0f} days",
    "activities_30d": "{v:.0f} activities in 30 days",
    "activities_90d": "{v:.0f} activities in 90 days",
    "activities_365d": "{v:.0f} activities in a year",
    "meetings_90d": "{v:.0f} calls or meetings in 90 days",
    "contacts": "{v:.0f} contacts",
    "subscriptions": "{v:.0f} subscriptions",
    "seats": "{v:,.0f} seats",
    "notice_days": "{v:.0f}-day notice period",
    "arr": "ARR {v:,.0f}",
}


def describe(feature: str, value: float | str | None) -> str:
    """A reason as a CSM would say it: 'renewal in 39 days', 'ARR down 21% over a year'."""
    label = LABELS.get(feature, feature)
    if value is None:
        return f"{label} unknown"
    if feature in churn_signals.LABELS:
        return churn_signals.describe(feature, value)
    if isinstance(value, str):
        return f"{label} {value or '(blank)'}"
    if feature == "activity_trend":
        return f"activity at {value:.0%} of its yearly pace"
    if feature == "arr_change_1y":
        return f"ARR {'up' if value >= 1 else 'down'} {abs(value - 1):.0%} over a year"
    if feature == "auto_renew":
        return "auto-renew off" if value < 0.5 else "auto-renew on"
    return _PHRASES.get(feature, label + " {v:g}").format(v=value)
