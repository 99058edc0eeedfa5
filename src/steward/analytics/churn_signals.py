"""Churn features from the other signals Steward stores (product usage, support, the voice of the customer,
health scores), each computed from dated rows as of the end of a snapshot day: nothing dated after the day
is read. Families are named so that one can be switched off (ablation, or a workspace without that data)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

FAMILIES: dict[str, list[str]] = {
    "usage": [
        "usage_active_users_30d", "usage_active_users_change", "usage_seat_utilisation",
        "usage_key_adoption_30d", "usage_days_since_use", "usage_trend_30d",
    ],
    "support": [
        "support_tickets_90d", "support_open_tickets", "support_breaches_90d", "support_csat_90d",
        "support_recurring_issues",
    ],
    "voice": [
        "voice_nps_180d", "voice_nps_change_90d", "voice_detractors_180d", "voice_negative_share_180d",
        "voice_nonresponse_180d",
    ],
    "health": ["health_score", "health_change_30d", "health_grade"],
}  # fmt: skip
ALL_FAMILIES = tuple(FAMILIES)
CATEGORICAL_SIGNALS = {"health_grade"}
SIGNAL_COLUMNS = [c for columns in FAMILIES.values() for c in columns]
LOOKBACK_DAYS = (
    400  # the oldest row any feature reads: voice's 180 days, 90 days before the snapshot, and more
)

LABELS = {
    "usage_active_users_30d": "daily active users (30-day mean)",
    "usage_active_users_change": "active users over the last 30 days",
    "usage_seat_utilisation": "seat utilisation",
    "usage_key_adoption_30d": "key-feature adoption",
    "usage_days_since_use": "days since last product use",
    "usage_trend_30d": "product usage trend",
    "support_tickets_90d": "tickets in 90 days",
    "support_open_tickets": "open tickets",
    "support_breaches_90d": "SLA breaches in 90 days",
    "support_csat_90d": "CSAT in 90 days",
    "support_recurring_issues": "recurring issues",
    "voice_nps_180d": "NPS",
    "voice_nps_change_90d": "NPS change",
    "voice_detractors_180d": "detractor answers",
    "voice_negative_share_180d": "negative comments",
    "voice_nonresponse_180d": "survey non-response",
    "health_score": "health score",
    "health_change_30d": "health score change",
    "health_grade": "health grade",
}


def _change(value: float, unit: str = "%", what: str = "") -> str:
    direction = "up" if value >= 0 else "down"
    amount = f"{abs(value):.0%}" if unit == "%" else f"{abs(value):.0f}{unit}"
    return f"{what} {direction} {amount}".strip()


def describe(feature: str, value: float | str) -> str:
    """A signal's reason as a CSM would say it: 'active users down 40% in 30 days'."""
    if isinstance(value, str):
        return f"health grade {value or '(none)'}"
    phrases = {
        "usage_active_users_30d": lambda v: f"{v:.1f} daily active users",
        "usage_active_users_change": lambda v: _change(v, what="active users") + " in 30 days",
        "usage_seat_utilisation": lambda v: f"{v:.0%} of seats in use",
        "usage_key_adoption_30d": lambda v: f"key features {v:.0%} of use",
        "usage_days_since_use": lambda v: f"no product use for {v:.0f} days",
        "usage_trend_30d": lambda v: _change(v, what="product usage") + " on the previous 30 days",
        "support_tickets_90d": lambda v: f"{v:.0f} tickets in 90 days",
        "support_open_tickets": lambda v: f"{v:.0f} open tickets",
        "support_breaches_90d": lambda v: f"{v:.0f} SLA breaches in 90 days",
        "support_csat_90d": lambda v: f"CSAT {v:.0f}% in 90 days",
        "support_recurring_issues": lambda v: f"caught in {v:.0f} recurring issues",
        "voice_nps_180d": lambda v: f"NPS {v:+.0f}",
        "voice_nps_change_90d": lambda v: _change(v, " points", "NPS") + " in 90 days",
        "voice_detractors_180d": lambda v: f"{v:.0f} detractor answers in 180 days",
        "voice_negative_share_180d": lambda v: f"{v:.0%} of comments negative",
        "voice_nonresponse_180d": lambda v: f"{v:.0%} of surveys unanswered",
        "health_score": lambda v: f"health score {v:.0f}",
        "health_change_30d": lambda v: _change(v, " points", "health score") + " in 30 days",
    }
    phrase = phrases.get(feature)
    return phrase(value) if phrase else f"{LABELS.get(feature, feature)} {value:g}"


@dataclass(frozen=True)
class SignalTables:
    """Dated rows, times as naive UTC datetime64: usage (account_id, day, events, key_events, users), tickets
    (account_id, created, solved), breaches (account_id, ticket, at), csat (account_id, at, good), issues
    (account_id, first, detected, closed), answers (account_id, at, kind, score, sentiment), invites
    (account_id, at, answered), health (account_id, day, scorecard, overall, grade)."""

    usage: pd.DataFrame
    tickets: pd.DataFrame
    breaches: pd.DataFrame
    csat: pd.DataFrame
    issues: pd.DataFrame
    answers: pd.DataFrame
    invites: pd.DataFrame
    health: pd.DataFrame


def _end(day: date) -> pd.Timestamp:
    return pd.Timestamp(day + timedelta(days=1))  # the snapshot is as of the day's end: before midnight


def signals_at(
    signals: SignalTables,
    day: date,
    index: pd.Index,
    seats: pd.Series,
    families: Iterable[str] = ALL_FAMILIES,
) -> pd.DataFrame:
    """The chosen families' columns for these accounts (index) as of the end of `day`."""
    out = pd.DataFrame(index=index)
    builders = {"usage": _usage, "support": _support, "voice": _voice, "health": _health}
    for family in families:
        out = out.join(builders[family](signals, day, seats).reindex(index))
    return out


def _sum_by(frame: pd.DataFrame, mask: pd.Series, column: str | None = None) -> pd.Series:
    chosen = frame.loc[mask]
    counts = (
        chosen.groupby("account_id").size() if column is None else chosen.groupby("account_id")[column].sum()
    )
    return counts.astype(float)


def _usage(signals: SignalTables, day: date, seats: pd.Series) -> pd.DataFrame:
    u = signals.usage
    u = u[u["day"] < _end(day)]
    if u.empty:
        return pd.DataFrame(columns=FAMILIES["usage"], dtype=float)
    age = (_end(day) - u["day"]).dt.days - 1  # 0 on the snapshot day
    last, prior = age < 30, (age >= 30) & (age < 60)
    events, events_prior = _sum_by(u, last, "events"), _sum_by(u, prior, "events")
    users, users_prior = _sum_by(u, last, "users") / 30, _sum_by(u, prior, "users") / 30
    accounts = pd.Index(u["account_id"].unique(), name="account_id")
    frame = pd.DataFrame(index=accounts)
    frame["usage_active_users_30d"] = users.reindex(accounts).fillna(0.0)
    frame["usage_active_users_change"] = frame["usage_active_users_30d"] / users_prior.reindex(accounts) - 1
    peak = u.loc[last].groupby("account_id")["users"].max().reindex(accounts).fillna(0.0)
    frame["usage_seat_utilisation"] = peak / seats.reindex(accounts).where(lambda s: s > 0)
    frame["usage_key_adoption_30d"] = _sum_by(u, last, "key_events").reindex(accounts) / events.reindex(
        accounts
    )
    frame["usage_days_since_use"] = age.groupby(u["account_id"]).min().astype(float)
    frame["usage_trend_30d"] = events.reindex(accounts).fillna(0.0) / events_prior.reindex(accounts) - 1
    return frame.replace([np.inf, -np.inf], np.nan)


def _support(signals: SignalTables, day: date, seats: pd.Series) -> pd.DataFrame:
    end = _end(day)
    start = end - pd.Timedelta(days=90)
    t, b, c, i = signals.tickets, signals.breaches, signals.csat, signals.issues
    if t.empty and b.empty and c.empty and i.empty:
        return pd.DataFrame(columns=FAMILIES["support"], dtype=float)
    opened = t["created"] < end
    # Caught on the day: a ticket in the issue and the issue detected by then, and not yet resolved.
    caught = (i["first"] < end) & (i["detected"] < end) & ~(i["closed"] < end)
    frame = pd.DataFrame({
        "support_tickets_90d": _sum_by(t, opened & (t["created"] >= start)),
        "support_open_tickets": _sum_by(t, opened & ~(t["solved"] < end)),
        "support_breaches_90d": b.loc[(b["at"] >= start) & (b["at"] < end)].groupby("account_id")["ticket"]
        .nunique().astype(float),
        "support_recurring_issues": _sum_by(i, caught),
    })  # fmt: skip
    recent = c[(c["at"] >= start) & (c["at"] < end)]
    frame["support_csat_90d"] = recent.groupby("account_id")["good"].mean().astype(float) * 100
    counts = [
        "support_tickets_90d",
        "support_open_tickets",
        "support_breaches_90d",
        "support_recurring_issues",
    ]
    frame[counts] = frame[counts].fillna(0.0)
    return frame[FAMILIES["support"]]


def _nps(answers: pd.DataFrame) -> pd.Series:
    scores = answers["score"]
    points = np.where(scores >= 9, 100.0, np.where(scores <= 6, -100.0, 0.0))
    result: pd.Series = pd.Series(points, index=answers.index).groupby(answers["account_id"]).mean()
    return result


def _voice(signals: SignalTables, day: date, seats: pd.Series) -> pd.DataFrame:
    a, inv = signals.answers, signals.invites
    if a.empty and inv.empty:
        return pd.DataFrame(columns=FAMILIES["voice"], dtype=float)
    end = _end(day)
    window = pd.Timedelta(days=180)
    recent = a[(a["at"] >= end - window) & (a["at"] < end)]
    nps = recent[(recent["kind"] == "nps") & recent["score"].notna()]
    earlier_end = end - pd.Timedelta(days=90)
    earlier = a[(a["at"] >= earlier_end - window) & (a["at"] < earlier_end)]
    earlier = earlier[(earlier["kind"] == "nps") & earlier["score"].notna()]
    frame = pd.DataFrame({"voice_nps_180d": _nps(nps)})
    frame["voice_nps_change_90d"] = frame["voice_nps_180d"] - _nps(earlier)
    frame["voice_detractors_180d"] = _sum_by(nps, nps["score"] <= 6)
    said = recent[recent["sentiment"].notna()]
    frame["voice_negative_share_180d"] = (said["sentiment"] == "negative").groupby(said["account_id"]).mean()
    asked = inv[(inv["at"] >= end - window) & (inv["at"] < end)]
    unanswered = ~(asked["answered"] < end)  # answered after the day counts as not answered then
    frame["voice_nonresponse_180d"] = unanswered.groupby(asked["account_id"]).mean()
    frame["voice_detractors_180d"] = frame["voice_detractors_180d"].fillna(0.0)
    return frame[FAMILIES["voice"]].astype(float)


def _latest_score(h: pd.DataFrame, day: date) -> pd.DataFrame:
    """Each account's latest stored score on or before `day`, within 45 days (older is stale)."""
    known = h[(h["day"] < _end(day)) & (h["day"] >= _end(day) - pd.Timedelta(days=46))]
    # The account's first scorecard (lowest id) that scored it that day: one score per account and day.
    return (
        known.sort_values(["account_id", "day", "scorecard"], ascending=[True, False, True])
        .groupby("account_id")[["overall", "grade"]]
        .first()
    )


def _health(signals: SignalTables, day: date, seats: pd.Series) -> pd.DataFrame:
    h = signals.health
    if h.empty:
        return pd.DataFrame(columns=FAMILIES["health"])
    now, before = _latest_score(h, day), _latest_score(h, day - timedelta(days=30))
    frame = pd.DataFrame({"health_score": now["overall"].astype(float), "health_grade": now["grade"]})
    frame["health_change_30d"] = frame["health_score"] - before["overall"].astype(float)
    return frame[FAMILIES["health"]]
