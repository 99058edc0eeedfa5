"""BG/NBD and Gamma-Gamma: published CDNOW numbers (Fader, Hardie & Lee 2005) and a simulated fixture."""

from __future__ import annotations

import csv
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import check_grad

from steward.analytics.ltv import BetaGeoFitter, GammaGammaFitter, discounted_clv
from steward.analytics.rfm import summarise
from tests.factories.shared import shared_file


@pytest.fixture(scope="module")
def cdnow_bgnbd() -> BetaGeoFitter:
    with shared_file("cdnow/cdnow_customers_summary.csv").open() as f:
        rows = list(csv.DictReader(f))
    x, t_x, T = (np.array([float(r[k]) for r in rows]) for k in ("frequency", "recency", "T"))
    return BetaGeoFitter().fit(x, t_x, T)


def test_bgnbd_published_parameters(cdnow_bgnbd: BetaGeoFitter) -> None:
    p = cdnow_bgnbd.params_
    assert (round(p.r, 3), round(p.alpha, 3), round(p.a, 3), round(p.b, 3)) == (0.243, 4.414, 0.793, 2.426)


def test_bgnbd_published_expectations(cdnow_bgnbd: BetaGeoFitter) -> None:
    assert abs(float(cdnow_bgnbd.conditional_expected_purchases(39, 2, 30.43, 38.86)) - 1.226) < 1e-3
    expected = cdnow_bgnbd.expected_purchases([1, 3, 32, 78])
    assert np.allclose(expected, [0.0532, 0.1506, 1.0437, 1.8576], atol=1e-3)


def test_gamma_gamma_published_parameters() -> None:
    frame = pd.read_csv(shared_file("cdnow/cdnow_customers_summary_with_transactions.csv"))
    model = GammaGammaFitter().fit(frame["x"], frame["zbar"])
    p = model.params_
    assert int((frame["x"] > 0).sum()) == 946
    assert abs(p.p - 6.25) < 0.01 and abs(p.q - 3.74) < 0.01 and abs(p.v - 15.44) < 0.01


def test_raw_cdnow_sample_summary_matches_the_published_one() -> None:
    raw = pd.read_csv(shared_file("cdnow/CDNOW_sample.txt"), sep=r"\s+", header=None, dtype=str,
                      names=["master", "customer", "date", "cds", "amount"])  # fmt: skip
    when = pd.to_datetime(raw["date"], format="%Y%m%d")
    rfm = summarise(raw["customer"], when, raw["amount"].astype(float),
                    calibration_end=date(1997, 9, 30), holdout_end=date(1998, 6, 30))  # fmt: skip
    published = pd.read_csv(shared_file("cdnow/cdnow_customers_summary.csv"))
    assert rfm.customer.size == len(published) == 2357
    assert np.array_equal(rfm.frequency, published["frequency"].to_numpy(float))
    assert np.allclose(rfm.recency, published["recency"], atol=0.006)
    assert np.allclose(rfm.T, published["T"], atol=0.006)
    assert rfm.holdout_frequency is not None and rfm.holdout_frequency.sum() == 1882


def _simulate(
    n: int, r: float, alpha: float, a: float, b: float, T: float, seed: int
) -> tuple[np.ndarray, ...]:
    """Draw customers from the BG/NBD story itself: a purchase rate, a dropout chance, one window."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < p[i]:
                break
    return x, t_x, np.full(n, T)


def test_bgnbd_recovers_simulated_parameters() -> None:
    x, t_x, T = _simulate(6000, r=0.5, alpha=6.0, a=0.8, b=2.5, T=52.0, seed=1)
    p = BetaGeoFitter().fit(x, t_x, T).params_
    assert abs(p.r - 0.5) < 0.08 and abs(p.alpha - 6.0) < 1.2
    assert abs(p.a - 0.8) < 0.3 and abs(p.b - 2.5) < 1.2


def test_gamma_gamma_recovers_simulated_parameters() -> None:
    rng = np.random.default_rng(1)
    n, p, q, v = 20000, 6.0, 4.0, 15.0
    x = rng.integers(1, 8, n)
    nu = rng.gamma(q, 1 / v, n)
    mean_spend = np.array([rng.gamma(p, 1 / nu[i], x[i]).mean() for i in range(n)])
    fitted = GammaGammaFitter().fit(x, mean_spend).params_
    assert abs(fitted.p - p) < 0.5 and abs(fitted.q - q) < 0.3 and abs(fitted.v - v) / v < 0.15


def test_alive_probability_and_clv_behave() -> None:
    x, t_x, T = _simulate(3000, r=0.5, alpha=6.0, a=0.8, b=2.5, T=52.0, seed=3)
    model = BetaGeoFitter().fit(x, t_x, T)
    # Same frequency, a purchase long ago is less likely to come from a live customer than a recent one.
    early, recent = model.probability_alive([3, 3], [5.0, 50.0], [52.0, 52.0])
    assert 0 < early < recent <= 1 and model.probability_alive([0], [0], [52])[0] == 1
    spend = np.array([10.0, 10.0])
    clv = discounted_clv(model, spend, [3, 3], [5.0, 50.0], [52, 52], periods=12, period_length=4.35,
                         discount_rate=0.01)  # fmt: skip
    undiscounted = model.conditional_expected_purchases(12 * 4.35, [3, 3], [5.0, 50.0], [52, 52]) * spend
    assert np.all(clv > 0) and np.all(clv < undiscounted) and clv[0] < clv[1]
    with pytest.raises(ValueError, match="recency cannot exceed T"):
        BetaGeoFitter().fit([1], [60.0], [52.0])


def test_gradients_match_finite_differences() -> None:
    """The fits use analytic gradients of the log-likelihoods; a wrong one would stop them short."""
    rng = np.random.default_rng(0)
    x = rng.integers(0, 6, 80).astype(float)
    T = rng.uniform(5, 40, 80)
    t_x = np.where(x > 0, T * rng.uniform(0, 1, 80), 0.0)

    def bg_value(theta: np.ndarray) -> float:
        return float(BetaGeoFitter._log_likelihood_and_gradient(*np.exp(theta), x, t_x, T)[0].sum())

    def bg_grad(theta: np.ndarray) -> np.ndarray:
        grad = BetaGeoFitter._log_likelihood_and_gradient(*np.exp(theta), x, t_x, T)[1]
        return np.asarray(grad.sum(axis=1) * np.exp(theta))

    assert check_grad(bg_value, bg_grad, np.log([0.5, 3.0, 0.8, 2.5])) < 1e-4


def test_full_cdnow_master_matches_lifetimes() -> None:
    """23,570 customers, calibration to 1997-09-30: lifetimes 0.11.3 gives r 0.252, alpha 4.789, a 0.723,
    b 2.161 and, on the repeat customers with spend, p 6.275, q 3.624, v 14.984 (bench/ltv_cdnow.py)."""
    raw = pd.read_csv(shared_file("cdnow/CDNOW_master.txt"), sep=r"\s+", skiprows=1, header=None,
                      names=["customer", "date", "cds", "amount"], dtype=str)  # fmt: skip
    summary = summarise(raw["customer"], pd.to_datetime(raw["date"], format="%Y%m%d"),
                        raw["amount"].astype(float), calibration_end=date(1997, 9, 30))  # fmt: skip
    x, m = summary.frequency, summary.monetary_value
    assert len(x) == 23_570
    bg = BetaGeoFitter().fit(x, summary.recency, summary.T).params_
    assert [round(v, 3) for v in (bg.r, bg.alpha, bg.a, bg.b)] == [0.252, 4.789, 0.723, 2.161]
    gg = GammaGammaFitter().fit(x[(x > 0) & (m > 0)], m[(x > 0) & (m > 0)]).params_
    assert [round(v, 3) for v in (gg.p, gg.q, gg.v)] == [6.275, 3.624, 14.984]
