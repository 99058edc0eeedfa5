"""Rule matching as pure functions over a frame with one row per account: which accounts a trigger fires
for and which pass every condition, vectorised so 100,000 accounts take milliseconds."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

ACTIVITY_KINDS = ("note", "call", "meeting", "email", "milestone")
# Fields computed from contacts, subscriptions, the timeline, product usage and surveys, only when a rule
# reads them.
USAGE_FIELDS = ("active_users_30d", "seat_utilisation", "usage_trend_30d", "events_30d", "key_events_used")
# The customer's own scores from surveys (NPS -100..100, CSAT % satisfied) over the last 180 days.
VOICE_FIELDS = ("nps_180d", "csat_180d", "survey_responses_180d")
# Every channel in the measures: tickets the account opened per channel (tickets.schemas.Channel; a unit test
# keeps the two equal) and the distinct help-center articles its contacts read, over the last 30 days.
TICKET_CHANNELS = ("email", "web", "api", "chat")
SELF_SERVICE_FIELDS = (*(f"tickets_30d_{c}" for c in TICKET_CHANNELS), "articles_read_30d")
ENGAGEMENT_FIELDS = (
    "contacts", "seats", "activities_30d", "days_since_activity", "tenure_days", "product",
    *(f"days_since_{k}" for k in ACTIVITY_KINDS), *USAGE_FIELDS, *VOICE_FIELDS, *SELF_SERVICE_FIELDS,
)  # fmt: skip
# Fields a condition can test, with their kind. The frame has one column per field.
FIELDS = {
    "segment": "text", "tier": "text", "region": "text", "lifecycle_stage": "text", "grade": "text",
    "owner_id": "number", "arr": "number", "health": "number", "health_change_7d": "number",
    "churn_probability": "number", "days_to_renewal": "number", **dict.fromkeys(ENGAGEMENT_FIELDS, "number"),
    "product": "text",
}  # fmt: skip
OPS = {
    "text": ("eq", "ne", "in", "not_in", "empty", "not_empty"),
    "number": ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "empty", "not_empty"),
}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any = None


def condition_mask(frame: pd.DataFrame, conditions: Iterable[Condition]) -> np.ndarray:
    """True where every condition holds. A missing value satisfies only `empty` (and `ne` / `not_in`,
    which ask that the value is not the one given)."""
    keep = np.ones(len(frame), dtype=bool)
    for c in conditions:
        keep &= _one(frame[c.field], c)
    return keep


def _one(column: pd.Series, c: Condition) -> np.ndarray:
    blank: np.ndarray = _bools(column.isna()) | _bools(column.astype(object) == "")
    out: np.ndarray
    if c.op in ("empty", "not_empty"):
        out = blank if c.op == "empty" else ~blank
    elif c.op in ("in", "not_in"):
        inside = _bools(column.isin(list(c.value)))
        out = inside if c.op == "in" else ~inside
    elif c.op == "ne":
        out = ~_bools(column == c.value) | blank
    else:
        out = _bools(COMPARE[c.op](column, c.value)) & ~blank
    return out


COMPARE = {"eq": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


def _bools(values: Any) -> np.ndarray:
    return np.asarray(pd.Series(values).fillna(False), dtype=bool)


def trigger_mask(frame: pd.DataFrame, kind: str, params: Mapping[str, Any]) -> np.ndarray:
    """True where the trigger fires now. Triggers are states, not edges: a rule that keeps matching keeps
    updating the same open CTA rather than making new ones."""
    if kind == "schedule":
        return np.ones(len(frame), dtype=bool)
    if kind == "health_grade":
        return _bools(frame["grade"].isin(params["grades"]))
    if kind == "health_drop":
        return _bools(frame["health_change_7d"] <= -params["points"])
    if kind == "renewal_due":
        days = frame["days_to_renewal"]
        return _bools((days >= 0) & (days <= params["days"]))
    if kind == "churn_risk":
        return _bools(frame["churn_probability"] >= params["above"])
    if kind == "usage_drop":
        return _bools(frame["usage_trend_30d"] <= -params["share"])
    if kind == "seat_utilisation":
        return _bools(frame["seat_utilisation"] >= params["above"])
    if kind == "activity_logged":
        fired = np.zeros(len(frame), dtype=bool)
        for k in params["kinds"]:
            fired |= _bools(frame[f"days_since_{k}"] <= params["within_days"])
        return fired
    raise ValueError(f"unknown trigger {kind!r}")


# What each trigger reads, for loop detection: a health score depends on the fields that pick an account's
# scorecard; the others read no field a rule can set.
TRIGGER_READS = {
    "health_grade": {"segment", "tier", "region", "lifecycle_stage"},
    "health_drop": {"segment", "tier", "region", "lifecycle_stage"},
    "renewal_due": set(), "churn_risk": set(), "schedule": set(), "activity_logged": set(),
    "usage_drop": set(), "seat_utilisation": set(),
}  # fmt: skip


@dataclass(frozen=True)
class RuleShape:
    """What loop detection needs of a rule: its name, what it reads, what it writes (field -> value)
    and the fields on which it guards itself (a condition `field ne value` on what it writes)."""

    name: str
    reads: frozenset[str]
    writes: Mapping[str, Any]
    guarded: frozenset[str]


def find_loop(rules: list[RuleShape]) -> list[str]:
    """Names along the first cycle of "A writes a field B reads" among the rules, or []. A rule reading
    what it writes itself is fine when it guards on that field (it stops once the value is set)."""
    edges: dict[int, list[int]] = {}
    for i, a in enumerate(rules):
        for j, b in enumerate(rules):
            written = set(a.writes) & b.reads
            if i == j:
                written -= a.guarded
            if written:
                edges.setdefault(i, []).append(j)
    state: dict[int, int] = {}
    path: list[int] = []

    def visit(i: int) -> list[int]:
        state[i] = 1
        path.append(i)
        for j in edges.get(i, []):
            if state.get(j) == 1:
                return [*path[path.index(j) :], j]
            if j not in state and (found := visit(j)):
                return found
        path.pop()
        state[i] = 2
        return []

    for i in range(len(rules)):
        if i not in state and (cycle := visit(i)):
            return [rules[k].name for k in cycle]
    return []
