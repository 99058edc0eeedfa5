"""Customer lifetime value: the BG/NBD purchase model and the Gamma-Gamma spend model, on scipy.

Sources: Fader, Hardie & Lee (2005a), "Counting Your Customers the Easy Way: An Alternative to the
Pareto/NBD Model", Marketing Science 24(2) (BG/NBD, equation numbers below), and Fader, Hardie & Lee
(2005b), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", JMR 42(4), with Fader &
Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (spend). Inputs per customer: x repeat
purchases, t_x the time of the last one and T the time since the first, in one unit (days or weeks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize
from scipy.special import digamma, gammaln, hyp2f1

Array = NDArray[np.float64]


def _as_arrays(*values: ArrayLike) -> list[Array]:
    return [np.asarray(v, dtype=np.float64) for v in values]


def _check_rfm(x: Array, t_x: Array, T: Array) -> None:
    if x.size == 0:
        raise ValueError("no customers to fit")
    if np.any(x < 0) or np.any(t_x < 0) or np.any(T <= 0):
        raise ValueError("frequency and recency must be >= 0 and T > 0")
    if np.any(t_x > T + 1e-9):
        raise ValueError("recency cannot exceed T")
    if np.any((x == 0) & (t_x > 0)):
        raise ValueError("a customer with no repeat purchase must have recency 0")


def _fit_log_params(negative_ll: Callable[[Array], tuple[float, Array]], start: Array) -> Array:
    """Minimise over log-parameters (keeps them positive) with L-BFGS-B, bounded to e**-15..e**15: far out
    the log-gamma terms lose precision and a derivative-free search can chase that noise to a false
    optimum (Nelder-Mead found one for Gamma-Gamma on the full CDNOW log). `negative_ll` returns the value
    and its gradient with respect to the log-parameters."""
    bounds = [(-15.0, 15.0)] * len(start)
    options = {"ftol": 1e-14, "gtol": 1e-9}
    result = minimize(negative_ll, start, jac=True, method="L-BFGS-B", bounds=bounds, options=options)
    if not np.all(np.isfinite(result.x)) or np.any(np.abs(result.x) >= 15.0 - 1e-6):
        raise ValueError("the likelihood could not be maximised on this data (a parameter ran to its bound)")
    return np.asarray(np.exp(result.x), dtype=np.float64)


@dataclass(frozen=True)
class BetaGeoParams:
    r: float
    alpha: float
    a: float
    b: float


class BetaGeoFitter:
    """BG/NBD: purchases follow Poisson(lambda) while alive, lambda ~ Gamma(r, alpha); after each purchase
    the customer drops out with probability p, p ~ Beta(a, b)."""

    params_: BetaGeoParams

    def fit(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike, weights: ArrayLike | None = None,
            ) -> BetaGeoFitter:  # fmt: skip
        x, t_x, t_obs = _as_arrays(frequency, recency, T)
        _check_rfm(x, t_x, t_obs)
        w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64)
        scale = 10.0 / float(t_obs.max())  # fit on a rescaled clock: better conditioned; alpha scales back

        def nll(log_params: Array) -> tuple[float, Array]:
            r, alpha, a, b = np.exp(log_params)
            value, grad = self._log_likelihood_and_gradient(r, alpha, a, b, x, t_x * scale, t_obs * scale)
            return -float(np.sum(w * value)), -(grad @ w) * np.exp(log_params)

        r, alpha, a, b = _fit_log_params(nll, np.zeros(4))
        self.params_ = BetaGeoParams(r=float(r), alpha=float(alpha / scale), a=float(a), b=float(b))
        return self

    @staticmethod
    def _log_likelihood_and_gradient(
        r: float, alpha: float, a: float, b: float, x: Array, t_x: Array, T: Array
    ) -> tuple[Array, Array]:
        """ln L_i of eq. (6), with the four factors A1..A4 of its appendix taken in log space, and its
        derivatives with respect to (r, alpha, a, b), one row each."""
        ln_a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        ln_a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        ln_a3 = -(r + x) * np.log(alpha + T)
        repeat = x > 0
        b_x1 = np.maximum(b + x - 1, 1e-300)
        with np.errstate(divide="ignore"):
            ln_a4 = np.where(repeat, np.log(a) - np.log(b_x1) - (r + x) * np.log(alpha + t_x), -np.inf)
        ln_sum = np.logaddexp(ln_a3, ln_a4)
        w3, w4 = np.exp(ln_a3 - ln_sum), np.exp(ln_a4 - ln_sum)  # shares of A3 and A4 in A3 + A4
        psi_ab, psi_abx = digamma(a + b), digamma(a + b + x)
        grad = np.vstack([
            digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + t_x),
            r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + t_x),
            psi_ab - psi_abx + w4 / a,
            psi_ab + digamma(b + x) - digamma(b) - psi_abx - np.where(repeat, w4 / b_x1, 0.0),
        ])  # fmt: skip
        return np.asarray(ln_a1 + ln_a2 + ln_sum, dtype=np.float64), grad

    def expected_purchases(self, t: ArrayLike) -> Array:
        """E[X(t)] for a new customer, eq. (9)."""
        p = self.params_
        (tt,) = _as_arrays(t)
        hyp = hyp2f1(p.r, p.b, p.a + p.b - 1, tt / (p.alpha + tt))
        return np.asarray((p.a + p.b - 1) / (p.a - 1) * (1 - (p.alpha / (p.alpha + tt)) ** p.r * hyp))

    def conditional_expected_purchases(
        self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
    ) -> Array:
        """E[Y(t) | x, t_x, T]: purchases in (T, T + t] for a customer with this history, eq. (10)."""
        p = self.params_
        tt, x, t_x, t_obs = _as_arrays(t, frequency, recency, T)
        hyp = hyp2f1(p.r + x, p.b + x, p.a + p.b + x - 1, tt / (p.alpha + t_obs + tt))
        head = (p.a + p.b + x - 1) / (p.a - 1)
        body = 1 - ((p.alpha + t_obs) / (p.alpha + t_obs + tt)) ** (p.r + x) * hyp
        return np.asarray(head * body / self._alive_odds_denominator(x, t_x, t_obs))

    def probability_alive(self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike) -> Array:
        """P(alive | x, t_x, T), eq. (12); 1 for customers with no repeat purchase."""
        x, t_x, t_obs = _as_arrays(frequency, recency, T)
        return np.asarray(1.0 / self._alive_odds_denominator(x, t_x, t_obs))

    def _alive_odds_denominator(self, x: Array, t_x: Array, T: Array) -> Array:
        p = self.params_
        odds = p.a / np.maximum(p.b + x - 1, 1e-300) * ((p.alpha + T) / (p.alpha + t_x)) ** (p.r + x)
        return np.asarray(1 + np.where(x > 0, odds, 0.0))


@dataclass(frozen=True)
class GammaGammaParams:
    p: float
    q: float
    v: float


class GammaGammaFitter:
    """Gamma-Gamma spend model: a customer's transaction values are Gamma(p, nu), nu ~ Gamma(q, v).
    Fit on customers with at least one repeat purchase and their mean repeat spend (Fader & Hardie 2013)."""

    params_: GammaGammaParams

    def fit(self, frequency: ArrayLike, monetary_value: ArrayLike) -> GammaGammaFitter:
        x, m = _as_arrays(frequency, monetary_value)
        keep = x > 0
        x, m = x[keep], m[keep]
        if x.size == 0:
            raise ValueError("Gamma-Gamma needs customers with at least one repeat purchase")
        if np.any(m <= 0):
            raise ValueError("mean spend must be positive for customers with repeat purchases")
        scale = 10.0 / float(np.median(m))  # spend on a rescaled currency unit; v scales back

        ms = m * scale
        ln_m, ln_x = np.log(ms), np.log(x)

        def nll(log_params: Array) -> tuple[float, Array]:
            """Fader & Hardie (2013), eq. (3) for the mean of x transactions, and its gradient."""
            p, q, v = np.exp(log_params)
            px, ln_vmx = p * x, np.log(v + ms * x)
            psi_pxq = digamma(px + q)
            ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v)
            ll += (px - 1) * ln_m + px * ln_x - (px + q) * ln_vmx
            grad = np.array([
                np.sum(x * (psi_pxq - digamma(px) + ln_m + ln_x - ln_vmx)),
                np.sum(psi_pxq - digamma(q) + np.log(v) - ln_vmx),
                np.sum(q / v - (px + q) / (v + ms * x)),
            ])  # fmt: skip
            return -float(np.sum(ll)), -grad * np.exp(log_params)

        p, q, v = _fit_log_params(nll, np.zeros(3))
        self.params_ = GammaGammaParams(p=float(p), q=float(q), v=float(v / scale))
        return self

    def conditional_expected_spend(self, frequency: ArrayLike, monetary_value: ArrayLike) -> Array:
        """E[M | x, m]: a weighted mean of the population mean p*v/(q-1) and the customer's own mean
        (Fader & Hardie 2013, eq. 5); the population mean for customers with no repeat purchase."""
        g = self.params_
        x, m = _as_arrays(frequency, monetary_value)
        population = g.p * g.v / (g.q - 1)
        weight = g.p * x / (g.p * x + g.q - 1)
        return np.asarray(np.where(x > 0, (1 - weight) * population + weight * m, population))


def discounted_clv(
    bgnbd: BetaGeoFitter,
    spend: Array,
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,
    *,
    periods: int,
    period_length: float,
    discount_rate: float,
) -> Array:
    """Expected discounted value of the next `periods` periods: the purchases the BG/NBD model expects in
    each period (differences of eq. 10) times expected spend, discounted per period at `discount_rate`
    (the discrete form of Fader, Hardie & Lee 2005b, section 4; BG/NBD has no closed-form DERL)."""
    total = np.zeros(np.shape(np.asarray(frequency)), dtype=np.float64)
    previous = np.zeros_like(total)
    for i in range(1, periods + 1):
        cumulative = bgnbd.conditional_expected_purchases(i * period_length, frequency, recency, T)
        total += (cumulative - previous) * spend / (1 + discount_rate) ** i
        previous = cumulative
    return total


def contractual_clv(
    mrr: ArrayLike,
    churn_probability: ArrayLike,
    *,
    horizon_days: int,
    months: int = 36,
    annual_discount_rate: float = 0.10,
) -> Array:
    """Expected discounted revenue of a subscription customer over the next `months` months:
    sum over t = 1..months of m * r**t / (1 + i)**t, the retention form of Gupta, Lehmann & Stuart
    (2004, eq. 1), in closed form as a geometric series. The monthly retention r comes from the churn
    model's probability p over `horizon_days` under a constant hazard: r = (1 - p) ** (30.4375 / horizon)."""
    m, p = (np.asarray(v, dtype=np.float64) for v in (mrr, churn_probability))
    if np.any((p < 0) | (p > 1)):
        raise ValueError("churn probabilities must lie in [0, 1]")
    retention = (1.0 - p) ** (30.4375 / horizon_days)
    q = retention / (1.0 + annual_discount_rate) ** (1 / 12)
    # q < 1 always (the discount is positive), so the series has its closed form.
    return np.asarray(m * q * (1.0 - q**months) / (1.0 - q))
