"""Scorecard advisor, pure compute: 20,000 accounts x 36 monthly snapshots x 12 measures (two planted, ten
noise) through `analytics.scorecard_advice.advise`, beside one `analytics.health.compute` of the same rows
(what `steward health validate` does) in the same run. Database loading is not included.

Usage: python bench/scorecard_advice.py [--accounts 20000] [--months 36] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date, timedelta

import numpy as np
import pandas as pd

from steward.analytics import scorecard_advice
from steward.analytics.health import Group, Measure, Scorecard, Thresholds, compute

MEASURES = 12


def history(accounts: int, months: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    n = accounts * months
    raw = pd.DataFrame(rng.normal(size=(n, MEASURES)), columns=[f"m{i}" for i in range(MEASURES)])
    risk = -3.5 - 1.2 * raw["m0"] - 0.6 * raw["m1"]  # m0 and m1 are the planted signals
    y = (rng.random(n) < 1 / (1 + np.exp(-risk))).astype(np.int64)
    first = date(2023, 1, 1)
    days = np.repeat([np.datetime64(first + timedelta(days=30 * m), "D") for m in range(months)], accounts)
    return raw, y, days, np.tile(np.arange(accounts), months)


def card() -> Scorecard:
    keys = [f"m{i}" for i in range(MEASURES)]
    half = MEASURES // 2
    return Scorecard(groups=(
        Group("a", 50, tuple(Measure(k, 100 / half, Thresholds(-1, 1)) for k in keys[:half])),
        Group("b", 50, tuple(Measure(k, 100 / half, Thresholds(-1, 1)) for k in keys[half:])),
    ))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    raw, y, days, accounts = history(args.accounts, args.months)
    started = time.perf_counter()
    compute(card(), raw)
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    out = scorecard_advice.advise(card(), raw, y, days, accounts)
    seconds = time.perf_counter() - started
    figures = {
        "rows": len(y), "measures": MEASURES, "advise_s": round(seconds, 2),
        "one_compute_s": round(baseline, 2),
        "current_auc_later": out.current_auc, "suggested_auc_later": out.suggested_auc,
        "planted_weights": [m.suggested_weight for m in out.measures[:2]],
        "noise_weight_max": max(m.suggested_weight for m in out.measures[2:]),
    }  # fmt: skip
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:22s} {value}")


if __name__ == "__main__":
    main()
