"""BG/NBD + Gamma-Gamma on the full CDNOW master log (23,570 customers) and scoring of 1,000,000 customers,
beside `lifetimes` in the same run.

Usage: python bench/ltv_cdnow.py [--customers 1000000] [--json]
`lifetimes` is unmaintained and breaks on pandas 3, so it never enters Steward's environment: the script
builds its own venv (bench/.venv-lifetimes, lifetimes 0.11 with pandas < 3) once and runs lifetimes there,
on the same arrays, in a subprocess. Calibration ends 1997-09-30 (39 weeks), the period the papers use.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from steward.analytics.ltv import BetaGeoFitter, GammaGammaFitter, discounted_clv
from steward.analytics.rfm import summarise

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("STEWARD_SHARED_DATA", HERE.parent.parent / "shared" / "data"))
VENV = HERE / ".venv-lifetimes"
HORIZON_WEEKS = 52.0
CLV_MONTHS, DISCOUNT_MONTHLY = 12, 0.01

LIFETIMES_SIDE = r"""
import json, sys, time
import numpy as np, pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
d = np.load(sys.argv[1]); s = np.load(sys.argv[2]); out = {}
t = time.perf_counter()
bg = BetaGeoFitter().fit(d["x"], d["t_x"], d["T"])
out["bgnbd_seconds"] = time.perf_counter() - t
rep = (d["x"] > 0) & (d["m"] > 0)
t = time.perf_counter()
gg = GammaGammaFitter().fit(d["x"][rep], d["m"][rep])
out["gg_seconds"] = time.perf_counter() - t
out["bgnbd"] = {k: float(v) for k, v in bg.params_.items()}
out["gamma_gamma"] = {k: float(v) for k, v in gg.params_.items()}
x, t_x, T, m = (pd.Series(s[k]) for k in ("x", "t_x", "T", "m"))
t = time.perf_counter()
purchases = bg.conditional_expected_number_of_purchases_up_to_time(float(sys.argv[3]), x, t_x, T)
alive = bg.conditional_probability_alive(x, t_x, T)
spend = gg.conditional_expected_average_profit(x, m)
clv = gg.customer_lifetime_value(bg, x, t_x, T, m, time=int(sys.argv[4]), discount_rate=float(sys.argv[5]),
                                 freq="W")
out["score_seconds"] = time.perf_counter() - t
np.savez(sys.argv[6], purchases=np.asarray(purchases), alive=np.asarray(alive), spend=np.asarray(spend),
         clv=np.asarray(clv))
print(json.dumps(out))
"""


def lifetimes_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        install = [str(python), "-m", "pip", "install", "-q", "lifetimes==0.11.3", "pandas<3"]
        subprocess.run(install, check=True)
    return python


def load_master() -> pd.DataFrame:
    path = SHARED / "cdnow" / "CDNOW_master.txt"
    if not path.exists():  # a fresh clone has no ../shared: skip, so `make bench` runs the rest
        print(f"skipped: {path} is absent: this benchmark needs ../shared/data (or STEWARD_SHARED_DATA)")
        sys.exit(0)
    names = ["customer", "date", "cds", "amount"]
    frame = pd.read_csv(path, sep=r"\s+", skiprows=1, header=None, names=names, dtype=str)
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    frame["amount"] = frame["amount"].astype(float)
    return frame


def synthetic(n: int, bg: BetaGeoFitter, gg: GammaGammaFitter, seed: int = 0) -> dict[str, np.ndarray]:
    """Customers drawn from the fitted BG/NBD and Gamma-Gamma models over a 39-week calibration."""
    rng = np.random.default_rng(seed)
    p, q = bg.params_, gg.params_
    lam = rng.gamma(p.r, 1 / p.alpha, n)
    drop = rng.beta(p.a, p.b, n)
    T = rng.uniform(1.0, 39.0, n)
    x, t_x, now = np.zeros(n), np.zeros(n), np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():  # purchase by purchase: wait, buy if still inside T, then maybe drop out
        now[alive] += rng.exponential(1 / lam[alive])
        bought = alive & (now < T)
        x[bought] += 1
        t_x[bought] = now[bought]
        alive = bought & (rng.random(n) >= drop)
    nu = rng.gamma(q.q, 1 / q.v, n)
    m = np.where(x > 0, rng.gamma(q.p * np.maximum(x, 1), 1 / (nu * np.maximum(x, 1))), 0.0)
    return {"x": x, "t_x": t_x, "T": T, "m": m}


def run(customers: int) -> dict[str, Any]:
    master = load_master()
    summary = summarise(master["customer"], master["date"], master["amount"],
                        calibration_end=date(1997, 9, 30), unit_days=7)  # fmt: skip
    x, t_x, T, m = summary.frequency, summary.recency, summary.T, summary.monetary_value
    ours: dict[str, Any] = {}
    started = time.perf_counter()
    bg = BetaGeoFitter().fit(x, t_x, T)
    ours["bgnbd_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    repeat = (x > 0) & (m > 0)  # a few repeat customers spent 0 (returns); Gamma-Gamma needs spend > 0
    gg = GammaGammaFitter().fit(x[repeat], m[repeat])
    ours["gg_seconds"] = time.perf_counter() - started
    ours["bgnbd"] = vars(bg.params_)
    ours["gamma_gamma"] = vars(gg.params_)

    sim = synthetic(customers, bg, gg)
    started = time.perf_counter()
    purchases = bg.conditional_expected_purchases(HORIZON_WEEKS, sim["x"], sim["t_x"], sim["T"])
    alive = bg.probability_alive(sim["x"], sim["t_x"], sim["T"])
    spend = gg.conditional_expected_spend(sim["x"], sim["m"])
    clv = discounted_clv(bg, spend, sim["x"], sim["t_x"], sim["T"], periods=CLV_MONTHS,
                         period_length=4.345, discount_rate=DISCOUNT_MONTHLY)  # fmt: skip
    ours["score_seconds"] = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        fit_in, score_in, scores = (Path(tmp) / n for n in ("fit.npz", "score.npz", "scores.npz"))
        np.savez(fit_in, x=x, t_x=t_x, T=T, m=m)
        np.savez(score_in, **sim)
        side = subprocess.run(
            [str(lifetimes_python()), "-c", LIFETIMES_SIDE, str(fit_in), str(score_in), str(HORIZON_WEEKS),
             str(CLV_MONTHS), str(DISCOUNT_MONTHLY), str(scores)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        theirs = json.loads(side.stdout.strip().splitlines()[-1])
        with np.load(scores) as other:
            agreement = {
                name: float(np.max(np.abs(mine - other[name])))
                / max(1e-12, float(np.max(np.abs(other[name]))))
                for name, mine in (("purchases", purchases), ("alive", alive), ("spend", spend), ("clv", clv))
            }
    return {
        "customers_fitted": len(x), "repeat_customers": int(repeat.sum()), "customers_scored": customers,
        "steward": ours, "lifetimes": theirs, "max_relative_difference": agreement,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.customers)
    if args.json:
        print(json.dumps(result))
        return
    ours, theirs = result["steward"], result["lifetimes"]
    table = Table(title=f"CDNOW master: {result['customers_fitted']:,} customers fitted, "
                        f"{result['customers_scored']:,} scored")  # fmt: skip
    for column in ("", "Steward (scipy)", "lifetimes 0.11.3"):
        table.add_column(column, justify="left" if not column else "right")
    for key, label in (("r", "r"), ("alpha", "alpha"), ("a", "a"), ("b", "b")):
        table.add_row(f"BG/NBD {label}", f"{ours['bgnbd'][key]:.3f}", f"{theirs['bgnbd'][key]:.3f}")
    for key in ("p", "q", "v"):
        mine, other = ours["gamma_gamma"][key], theirs["gamma_gamma"][key]
        table.add_row(f"Gamma-Gamma {key}", f"{mine:.3f}", f"{other:.3f}")
    timings = (("bgnbd_seconds", "BG/NBD fit"), ("gg_seconds", "Gamma-Gamma fit"),
               ("score_seconds", "score (52-week purchases, P(alive), spend, 12-month CLV)"))  # fmt: skip
    for key, label in timings:
        table.add_row(f"{label}, s", f"{ours[key]:.2f}", f"{theirs[key]:.2f}")
    Console().print(table)
    Console().print("Largest relative difference of the scores: " + ", ".join(
        f"{k} {v:.1e}" for k, v in result["max_relative_difference"].items()))  # fmt: skip


if __name__ == "__main__":
    main()
