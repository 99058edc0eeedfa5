"""Recurring-revenue metrics over subscription terms: ARR on any day, the ARR movement of a period (new,
expansion, contraction, churned), NRR and GRR, logo churn, cohort retention, and the renewal forecast.

Terms are a frame with account_id, start_date, end_date (NaT: open-ended), amount_minor, billing_period;
dates as datetime64. A term is in force on day d when start_date <= d < end_date. Amounts are minor units."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from steward.analytics.revenue import PERIODS_PER_YEAR


def arr_by_account(terms: pd.DataFrame, day: date) -> pd.Series:
    """ARR in force on `day` per account (accounts with none are absent)."""
    d = np.datetime64(day, "D")
    on = terms[(terms["start_date"] <= d) & (terms["end_date"].isna() | (terms["end_date"] > d))]
    arr = on["amount_minor"] * on["billing_period"].map(PERIODS_PER_YEAR)
    return arr.groupby(on["account_id"]).sum().astype(np.int64)


@dataclass(frozen=True)
class Movement:
    """ARR at the start and end of a period and what moved it: end = start + new + expansion -
    contraction - churned. NRR and GRR are None when nothing was in force at the start."""

    start_arr: int
    end_arr: int
    new: int
    expansion: int
    contraction: int
    churned: int
    start_logos: int
    churned_logos: int

    @property
    def nrr(self) -> float | None:
        """Net revenue retention: (start + expansion - contraction - churn) / start."""
        if not self.start_arr:
            return None
        return (self.start_arr + self.expansion - self.contraction - self.churned) / self.start_arr

    @property
    def grr(self) -> float | None:
        """Gross revenue retention: (start - contraction - churn) / start."""
        if not self.start_arr:
            return None
        return (self.start_arr - self.contraction - self.churned) / self.start_arr

    @property
    def logo_churn_rate(self) -> float | None:
        return self.churned_logos / self.start_logos if self.start_logos else None


def movement(terms: pd.DataFrame, start: date, end: date) -> Movement:
    """Compare each account's ARR on `start` and on `end`. An account with none at the start and some at
    the end is new (a returning customer too); with some at the start and none at the end, churned."""
    if end <= start:
        raise ValueError(f"the period must end after it starts; got {start} to {end}")
    before, after = arr_by_account(terms, start), arr_by_account(terms, end)
    both = pd.concat([before.rename("a0"), after.rename("a1")], axis=1).fillna(0)
    a0, a1 = both["a0"].to_numpy(), both["a1"].to_numpy()
    kept = (a0 > 0) & (a1 > 0)
    return Movement(
        start_arr=int(a0.sum()),
        end_arr=int(a1.sum()),
        new=int(a1[(a0 == 0) & (a1 > 0)].sum()),
        expansion=int(np.maximum(a1 - a0, 0)[kept].sum()),
        contraction=int(np.maximum(a0 - a1, 0)[kept].sum()),
        churned=int(a0[(a0 > 0) & (a1 == 0)].sum()),
        start_logos=int((a0 > 0).sum()),
        churned_logos=int(((a0 > 0) & (a1 == 0)).sum()),
    )


def month_ends(first: date, last: date) -> list[date]:
    return [d.date() for d in pd.date_range(first, last, freq="ME")]


def arr_matrix(terms: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """ARR in force per account (rows) on each of `days` (columns, ascending), in one pass over the terms:
    each term adds its ARR from the first day it is in force and takes it away from the first day it has
    ended (a running sum over the days), instead of filtering every term once per day."""
    stamps = np.asarray(days, dtype="datetime64[D]")
    if len(stamps) > 1 and (np.diff(stamps) <= np.timedelta64(0, "D")).any():
        raise ValueError("days must be ascending and distinct")
    accounts, row = np.unique(terms["account_id"].to_numpy(), return_inverse=True)
    arr = (terms["amount_minor"] * terms["billing_period"].map(PERIODS_PER_YEAR)).fillna(0).to_numpy(np.int64)
    starts = terms["start_date"].to_numpy().astype("datetime64[D]")
    ends = terms["end_date"].to_numpy().astype("datetime64[D]")
    first_in = np.searchsorted(stamps, starts, side="left")  # first day with start <= day
    first_out = np.where(np.isnat(ends), len(stamps), np.searchsorted(stamps, ends, side="left"))
    change = np.zeros((len(accounts), len(stamps) + 1), dtype=np.int64)
    np.add.at(change, (row, first_in), arr)
    np.add.at(change, (row, np.maximum(first_out, first_in)), -arr)
    return pd.DataFrame(np.cumsum(change, axis=1)[:, :-1], index=accounts, columns=list(days))


def arr_series(terms: pd.DataFrame, days: list[date]) -> pd.Series:
    """Total ARR in force on each day (for an ARR-over-time chart: pass month ends)."""
    totals = arr_matrix(terms, sorted(set(days))).sum(axis=0) if len(days) else pd.Series(dtype=np.int64)
    return pd.Series([int(totals[d]) for d in days], index=pd.Index(days, name="day"), dtype=np.int64)


def cohort_retention(terms: pd.DataFrame, today: date, months: int = 12) -> pd.DataFrame:
    """Per start-month cohort and month k after the cohort's month end: the share of its accounts still
    paying (logos) and the share of its starting ARR still in force (revenue, expansion included).
    Rows: cohort month; columns: (kind, k); cells not yet observable are NaN."""
    first_start = terms.groupby("account_id")["start_date"].min()
    cohort = first_start.dt.to_period("M")
    every_month = pd.period_range(cohort.min(), cohort.max() + months)
    month_end = {m: m.to_timestamp(how="end").date() for m in every_month}
    observable = sorted(d for d in month_end.values() if d <= today)
    matrix = arr_matrix(terms, observable)
    arr, column = matrix.to_numpy(), {day: i for i, day in enumerate(observable)}
    row_of = pd.Series(np.arange(len(matrix)), index=matrix.index)
    rows = {}
    for month, accounts in cohort.groupby(cohort):
        mine = arr[row_of[accounts.index].to_numpy()]
        base = float(mine[:, column[month_end[month]]].sum()) if month_end[month] <= today else 0.0
        row = {}
        for k in range(months + 1):
            day = month_end[month + k]
            if day > today:
                row[("logos", k)] = row[("revenue", k)] = np.nan
                continue
            now = mine[:, column[day]]
            row[("logos", k)] = float((now > 0).sum() / len(accounts))
            row[("revenue", k)] = float(now.sum() / base) if base else np.nan
        rows[str(month)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.columns = pd.MultiIndex.from_tuples([tuple(c) for c in frame.columns], names=["kind", "month"])
    return frame


def renewal_forecast(
    terms: pd.DataFrame, churn_probability: Mapping[int, float], *, start: date, quarters: int = 4
) -> pd.DataFrame:
    """Per calendar quarter from `start`: terms ending in it (renewals due), their ARR, the ARR of those
    whose account's churn probability is 0.5 or more (at risk), and the expected renewed ARR, each term
    weighted by 1 - its account's probability (accounts without a probability count as renewing)."""
    first = pd.Period(start, "Q")
    ending = terms.dropna(subset=["end_date"])
    arr = ending["amount_minor"] * ending["billing_period"].map(PERIODS_PER_YEAR)
    quarter = ending["end_date"].dt.to_period("Q")
    p = ending["account_id"].map(churn_probability).fillna(0.0)
    out = []
    for q in (first + i for i in range(quarters)):
        due = (quarter == q) & (ending["end_date"] >= np.datetime64(start, "D"))
        out.append({
            "quarter": str(q), "renewals": int(due.sum()), "arr_due": int(arr[due].sum()),
            "arr_at_risk": int(arr[due & (p >= 0.5)].sum()),
            "expected_arr": round(float((arr[due] * (1 - p[due])).sum())),
        })  # fmt: skip
    return pd.DataFrame(out)
