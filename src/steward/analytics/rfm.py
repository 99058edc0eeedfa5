"""Transaction log -> per-customer frequency, recency, age and spend, split at a calibration date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from steward.analytics.ltv import Array


@dataclass(frozen=True)
class RfmSummary:
    """One row per customer whose first purchase falls on or before the calibration end."""

    customer: NDArray[Any]
    frequency: Array  # repeat purchase days in the calibration period
    recency: Array  # time from first to last purchase day, in the chosen unit
    T: Array  # time from first purchase to the calibration end
    monetary_value: Array  # mean spend of the repeat purchase days (0 without repeats)
    holdout_frequency: Array | None  # purchase days in (calibration end, holdout end]
    holdout_length: float | None


def summarise(
    customer: pd.Series,
    when: pd.Series,
    amount: pd.Series | None,
    *,
    calibration_end: date,
    holdout_end: date | None = None,
    unit_days: int = 7,
) -> RfmSummary:
    """Same-day purchases of one customer count as one purchase (their amounts add up), as in the
    BG/NBD literature's CDNOW summaries."""
    days = pd.to_datetime(when).dt.normalize()
    frame = pd.DataFrame({"c": customer.to_numpy(), "d": days, "m": 0.0 if amount is None else amount})
    daily = frame.groupby(["c", "d"], sort=True, as_index=False)["m"].sum()
    cal_end = pd.Timestamp(calibration_end)
    cal = daily[daily["d"] <= cal_end]
    first = cal.groupby("c")["d"].transform("min")
    repeat = cal[cal["d"] > first]
    by_customer = cal.groupby("c", sort=True)
    firsts = by_customer["d"].min()
    lasts = by_customer["d"].max()
    counts = by_customer.size() - 1
    spend = repeat.groupby("c")["m"].mean().reindex(firsts.index, fill_value=0.0)
    unit = pd.Timedelta(days=unit_days)
    holdout_frequency = None
    holdout_length = None
    if holdout_end is not None:
        hold_end = pd.Timestamp(holdout_end)
        hold = daily[(daily["d"] > cal_end) & (daily["d"] <= hold_end)]
        holdout_frequency = hold.groupby("c").size().reindex(firsts.index, fill_value=0).to_numpy(np.float64)
        holdout_length = (hold_end - cal_end) / unit
    return RfmSummary(
        customer=firsts.index.to_numpy(),
        frequency=counts.to_numpy(np.float64),
        recency=((lasts - firsts) / unit).to_numpy(np.float64),
        T=((cal_end - firsts) / unit).to_numpy(np.float64),
        monetary_value=spend.to_numpy(np.float64),
        holdout_frequency=holdout_frequency,
        holdout_length=holdout_length,
    )
