"""Ideal customer profile, part 1: each account's outcomes (retained, NRR, lifetime) and the profile, i.e.
which firmographic values go with retention, net revenue retention and lifetime value, with intervals.

Pure compute: the caller passes subscription terms (the frame of analytics.revenue_metrics) and a frame of
account attributes (index: account id; one column per attribute, text or numbers)."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist

import numpy as np
import pandas as pd

from steward.analytics import revenue_metrics as rm
from steward.analytics.revenue import PERIODS_PER_YEAR

MIN_OUTCOMES = 30  # accounts with a renewal outcome before a profile means anything
MIN_EACH = 5  # ... of which at least this many left and this many stayed
SMALL_GROUP = 20  # a value with fewer accounts is shown but flagged "too few to tell"
PRIOR_STRENGTH = 10.0  # pseudo-accounts at the workspace rate: shrinks small groups toward it
MAX_LEVELS = 30  # a text attribute with more distinct values is free text, not a firmographic
NOT_SET = "(not set)"
Z95 = 1.959963984540054
BOOTSTRAP = 400
MAX_LIFETIME_YEARS = 10.0


class NotEnoughHistory(ValueError):
    """Too few accounts with a known renewal outcome to learn a profile from."""

    def __init__(self, has: int, churned: int) -> None:
        self.has, self.churned = has, churned
        super().__init__(
            f"needs at least {MIN_OUTCOMES} accounts with a renewal outcome (customers for a year or more, "
            f"at least {MIN_EACH} that left and {MIN_EACH} that stayed); has {has} ({churned} left)"
        )


class NoAttributes(NotEnoughHistory):
    """Every account has the same firmographics (or none): nothing to tell customers apart by."""

    def __init__(self, has: int, churned: int) -> None:
        self.has, self.churned = has, churned
        message = "no firmographic varies across the accounts: set segment, industry, region, plan, seats"
        ValueError.__init__(
            self, f"{message} or a custom attribute (has {has} accounts with a renewal outcome)"
        )


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval for a proportion: Wilson, JASA 22 (1927) 209-212; Newcombe 1998 (method 3).
    With 81 of 263 it is (0.2553, 0.3662) (Newcombe's table I, example a)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def outcomes(terms: pd.DataFrame, today: date) -> pd.DataFrame:
    """Per account with terms: `retained` (1 still paying today, 0 left, NaN when it has been a customer for
    less than a year so no renewal is known), `nrr` (ARR today / ARR a year ago, NaN without ARR then),
    `arr_now`, `arr_ago`, `arr` (today's ARR, else that of its last terms), `churned` (0/1) and
    `exposure_years` (years as a customer up to today or its departure)."""
    if terms.empty:
        cols = ["retained", "nrr", "arr_now", "arr_ago", "arr", "churned", "exposure_years"]
        return pd.DataFrame(columns=cols, dtype=float)
    day = np.datetime64(today, "D")
    annual = terms["amount_minor"] * terms["billing_period"].map(PERIODS_PER_YEAR).fillna(0)
    by = terms.groupby("account_id")
    first = by["start_date"].min()
    open_ended = terms["end_date"].isna().groupby(terms["account_id"]).any()
    last_end = by["end_date"].max().where(~open_ended)
    out = pd.DataFrame(index=first.index)
    out["arr_now"] = rm.arr_by_account(terms, today).reindex(out.index).fillna(0).astype(float)
    ago = rm.arr_by_account(terms, today - timedelta(days=365)).reindex(out.index).fillna(0).astype(float)
    out["arr_ago"] = ago
    # The ARR of the latest terms: what a departed customer paid when it left.
    latest = terms["end_date"] == terms["account_id"].map(by["end_date"].max())
    last_arr = annual[latest].groupby(terms.loc[latest, "account_id"]).sum().reindex(out.index).fillna(0)
    out["arr"] = out["arr_now"].where(out["arr_now"] > 0, last_arr.astype(float))
    started = first <= day
    out["churned"] = (started & (out["arr_now"] <= 0)).astype(float)
    out["retained"] = np.where(
        first <= day - np.timedelta64(365, "D"), (out["arr_now"] > 0).astype(float), np.nan
    )
    out["nrr"] = np.where(ago > 0, out["arr_now"] / ago.where(ago > 0, 1.0), np.nan)
    now = pd.Timestamp(today)
    until = last_end.where(out["churned"] > 0, now).fillna(now)
    until = until.where(until <= now, now)
    out["exposure_years"] = ((until - first).dt.days.clip(lower=0) / 365.25).astype(float)
    return out[started]


def check_history(outcome: pd.DataFrame) -> None:
    """Raise NotEnoughHistory unless the accounts with a renewal outcome are enough to learn from."""
    known = outcome["retained"].dropna()
    left = int((known == 0).sum())
    if len(known) < MIN_OUTCOMES or left < MIN_EACH or len(known) - left < MIN_EACH:
        raise NotEnoughHistory(len(known), left)


@dataclass(frozen=True)
class GroupStats:
    """Outcomes of one group of accounts (a value of an attribute, or the whole workspace)."""

    accounts: int  # with a renewal outcome
    retained: int
    retention: float | None
    retention_low: float | None
    retention_high: float | None
    nrr_accounts: int  # with ARR a year ago
    nrr: float | None
    nrr_low: float | None
    nrr_high: float | None
    ltv_minor: float | None  # average ARR x expected lifetime in years (1 / departures per customer-year)
    nrr_se: float | None = None  # bootstrap standard error of nrr


@dataclass(frozen=True)
class ValueStats:
    attribute: str
    label: str
    value: str
    stats: GroupStats
    lift: float  # shrunken log-odds of staying minus the workspace's: the profile's ranking
    effect: str  # lifts | sinks | no clear difference | too few to tell
    nrr_effect: str


@dataclass(frozen=True)
class Profile:
    overall: GroupStats
    values: list[ValueStats]  # ranked best first


def group_stats(outcome: pd.DataFrame, rng: np.random.Generator) -> GroupStats:
    known = outcome["retained"].dropna()
    n, kept = len(known), int(known.sum())
    low, high = wilson(kept, n) if n else (None, None)
    had = outcome[outcome["arr_ago"] > 0]
    nrr = nrr_low = nrr_high = nrr_se = None
    if len(had):
        now, ago = had["arr_now"].to_numpy(), had["arr_ago"].to_numpy()
        nrr = float(now.sum() / ago.sum())
        # Bootstrap over accounts (percentile interval): Efron & Tibshirani 1993, ch. 13.
        idx = rng.integers(0, len(had), size=(BOOTSTRAP, len(had)))
        ratios = now[idx].sum(axis=1) / np.maximum(ago[idx].sum(axis=1), 1e-9)
        nrr_low, nrr_high = (float(v) for v in np.quantile(ratios, [0.025, 0.975]))
        nrr_se = float(ratios.std())
    ltv = None
    exposure = float(outcome["exposure_years"].sum())
    if exposure > 0 and len(outcome):
        departures = float(outcome["churned"].sum())
        lifetime = min(MAX_LIFETIME_YEARS, exposure / departures if departures else MAX_LIFETIME_YEARS)
        ltv = float(outcome["arr"].mean()) * lifetime
    return GroupStats(
        accounts=n, retained=kept, retention=kept / n if n else None, retention_low=low, retention_high=high,
        nrr_accounts=len(had), nrr=nrr, nrr_low=nrr_low, nrr_high=nrr_high, ltv_minor=ltv, nrr_se=nrr_se,
    )  # fmt: skip


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def shrunken_lift(kept: int, n: int, overall: float) -> float:
    """Log-odds of staying, shrunk toward the workspace rate by PRIOR_STRENGTH pseudo-accounts (a beta
    prior, Gelman et al., Bayesian Data Analysis 3rd ed. 2.4), minus the workspace's log-odds."""
    rate = (kept + PRIOR_STRENGTH * overall) / (n + PRIOR_STRENGTH)
    return _logit(rate) - _logit(overall)


def levels(values: pd.Series) -> pd.Series:
    """An attribute column as text levels: numbers binned by quartile, booleans yes/no, blanks NOT_SET."""
    if is_numeric(values):
        return bin_labels(values, bin_edges(values))
    out = values.map(lambda v: NOT_SET if v is None or v == "" or (isinstance(v, float) and math.isnan(v))
                     else ("yes" if v is True else "no" if v is False else str(v).strip()))  # fmt: skip
    return out.astype(object)


def is_numeric(values: pd.Series) -> bool:
    present = values.dropna()
    return bool(len(present)) and all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool) for v in present
    )


def bin_edges(values: pd.Series) -> list[float]:
    """Quartile cut points of the present values (distinct, so a lumpy column gets fewer bins)."""
    present = pd.to_numeric(values, errors="coerce").dropna()
    if present.empty:
        return []
    return sorted({float(q) for q in np.quantile(present, [0.25, 0.5, 0.75])} - {float(present.min())})


def bin_labels(values: pd.Series, edges: list[float]) -> pd.Series:
    return pd.Series([bin_label(v, edges) for v in values], index=values.index, dtype=object)


def bin_label(value: object, edges: list[float]) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_SET
    v = float(value)  # type: ignore[arg-type]
    if not edges or v < edges[0]:
        return f"< {_num(edges[0])}" if edges else "any"
    for low, high in itertools.pairwise(edges):
        if low <= v < high:
            return f"{_num(low)} to < {_num(high)}"
    return f">= {_num(edges[-1])}"


def _num(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10 or v == int(v) else f"{v:.2g}"


def _effect(n: int, low: float | None, high: float | None, overall: float | None) -> str:
    if n < SMALL_GROUP:
        return "too few to tell"
    if low is None or high is None or overall is None:
        return "no clear difference"
    return "lifts" if low > overall else "sinks" if high < overall else "no clear difference"


def profile(
    attributes: pd.DataFrame, outcome: pd.DataFrame, labels: dict[str, str], seed: int = 0
) -> Profile:
    """Every value of every attribute with its outcomes beside the workspace's, best lift first.
    `attributes` holds text levels (see `levels`); `outcome` comes from `outcomes`."""
    check_history(outcome)
    joined = attributes.reindex(outcome.index)
    # A fresh generator per group: the same accounts (segment and tier often coincide) get the same interval.
    overall = group_stats(outcome, np.random.default_rng(seed))
    assert overall.retention is not None
    groups = [
        (str(column), str(value), group_stats(outcome.loc[members], np.random.default_rng(seed)))
        for column in joined.columns
        for value, members in joined.groupby(column, dropna=False).groups.items()
    ]
    groups = [g for g in groups if g[2].accounts or g[2].nrr_accounts]
    # Many values are tested at once: a difference is called at 95% for the whole profile (Bonferroni), so
    # a profile of a dozen noise values does not name one of them by chance. Shown intervals stay 95% each.
    z = NormalDist().inv_cdf(1 - 0.05 / (2 * max(1, sum(g.accounts >= SMALL_GROUP for *_, g in groups))))
    rows: list[ValueStats] = []
    for column, value, stats in groups:
        low, high = wilson(stats.retained, stats.accounts, z) if stats.accounts else (None, None)
        nrr_low = nrr_high = None
        if stats.nrr is not None and stats.nrr_se is not None:
            nrr_low, nrr_high = stats.nrr - z * stats.nrr_se, stats.nrr + z * stats.nrr_se
        rows.append(ValueStats(
            attribute=column, label=labels.get(column, column), value=value,
            stats=stats, lift=shrunken_lift(stats.retained, stats.accounts, overall.retention),
            effect=_effect(stats.accounts, low, high, overall.retention),
            nrr_effect=_effect(stats.nrr_accounts, nrr_low, nrr_high, overall.nrr),
        ))  # fmt: skip
    rows.sort(key=lambda r: (-r.lift, r.attribute, r.value))
    return Profile(overall=overall, values=rows)
