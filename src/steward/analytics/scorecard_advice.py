"""Scorecard advisor: how well each measure of a health scorecard separated later churners over monthly
point-in-time snapshots, thresholds and weights that separate better, and the suggested scorecard's ROC AUC
beside the current one's on months later than the suggestion was fitted on. Pure compute over frames."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from steward.analytics.health import (
    WEIGHT_TOTAL,
    Group,
    Mapping_,
    Measure,
    Scorecard,
    Thresholds,
    compute,
    grade_of,
)

MIN_MONTHS = 6  # snapshot months in all
MIN_CHURNED = 10  # distinct accounts that churned within the horizon after some snapshot
MIN_SIDE_CHURNED = 3  # churned snapshots needed on each side of the time split
MIN_COVERAGE = 0.1  # a measure present in fewer snapshots than this is left as it is
QUANTILES = np.linspace(0.05, 0.95, 19)  # candidate cut points
MIN_BAND_SHARE = 0.05  # each suggested band holds at least this share of the snapshots
MIN_GAIN = 3.0  # log-likelihood gain a split needs: twice it beats chi-square(2) at 5%, so noise stays put
Direction = Literal["higher_churns", "lower_churns"]


@dataclass(frozen=True)
class Band:
    label: str
    snapshots: int
    churned: int

    @property
    def churn_rate(self) -> float | None:
        return round(self.churned / self.snapshots, 4) if self.snapshots else None


@dataclass(frozen=True)
class MeasureAdvice:
    key: str
    group: str
    coverage: float  # share of snapshots where the measure had a value
    auc: float | None  # ROC AUC of the raw value against churn, oriented so that 0.5-1 (None: too few values)
    direction: Direction | None  # which side of the value churned more
    agrees: bool | None  # the current mapping scores the churning side lower
    bands: list[Band]  # under the current mapping, all snapshots
    suggested: Thresholds | None  # None: left as it is (too few values to learn from)
    suggested_bands: list[Band]  # current and suggested mapping, on the later months
    current_bands_later: list[Band]
    weight: float  # effective share of the overall score (points of 100), now
    suggested_weight: float


@dataclass(frozen=True)
class Split:
    fit_months: int
    fit_snapshots: int
    fit_churned: int
    eval_months: int
    eval_snapshots: int
    eval_churned: int
    fit_until: pd.Timestamp  # last fitted snapshot day
    eval_from: pd.Timestamp


@dataclass(frozen=True)
class Advice:
    """`enough` False: `needs` says what is missing and the figures are empty."""

    enough: bool
    needs: str | None
    months: int
    snapshots: int
    churned_accounts: int
    measures: list[MeasureAdvice]
    split: Split | None = None
    current_auc: float | None = None  # on the later months
    suggested_auc: float | None = None
    suggested_card: Scorecard | None = None


def advise(
    card: Scorecard,
    raw: pd.DataFrame,
    y: NDArray[np.int64],
    days: NDArray[np.datetime64],
    accounts: NDArray[np.int64],
    *,
    horizon_days: int = 90,
) -> Advice:
    """`raw`: one row per (account, snapshot day) with the scorecard's non-formula inputs as of that day;
    `y` 1 where the account churned within `horizon_days` after the day. The suggestion is fitted on the
    snapshots whose label window closes before the later third of months begins (so no fitted label sees
    a churn in the evaluation months) and both scorecards are scored on those later months."""
    y = np.asarray(y, dtype=np.int64)
    day_index = pd.DatetimeIndex(pd.to_datetime(days))
    months = list(day_index.unique().sort_values())  # unique() first: iterating 10^6 Timestamps takes seconds
    churned = len(set(np.asarray(accounts)[y == 1].tolist()))
    base = {"months": len(months), "snapshots": len(y), "churned_accounts": churned, "measures": []}
    if len(months) < MIN_MONTHS or churned < MIN_CHURNED:
        return Advice(enough=False, needs=_needs(len(months), churned), **base)  # type: ignore[arg-type]
    eval_from = months[len(months) - max(2, len(months) // 3)]
    later = np.asarray(day_index >= eval_from)
    earlier = np.asarray(day_index + timedelta(days=horizon_days) <= eval_from)
    sides = [
        int(y[earlier].sum()),
        int(y[later].sum()),
        int((1 - y[earlier]).sum()),
        int((1 - y[later]).sum()),
    ]
    if min(sides) < MIN_SIDE_CHURNED:
        msg = (
            f"the time split needs at least {MIN_SIDE_CHURNED} churned and {MIN_SIDE_CHURNED} retained "
            f"snapshots both before {eval_from.date()} (less the {horizon_days}-day horizon) and from it on; "
            f"has {sides[0]} churned before and {sides[1]} after"
        )
        return Advice(enough=False, needs=msg, **base)  # type: ignore[arg-type]
    now = compute(card, raw)
    suggested_card = suggest(card, now.values, y, earlier)
    later_now = compute(card, raw[later])
    later_new = compute(suggested_card, raw[later])
    weights, new_weights = effective_weights(card), effective_weights(suggested_card)
    new_mapping = {m.key: m.mapping for m in suggested_card.measures}
    out = []
    for group in card.groups:
        for m in group.measures:
            v = now.values[m.key]
            auc, direction = oriented_auc(v, y)
            learned = new_mapping[m.key] if new_mapping[m.key] != m.mapping else None
            out.append(MeasureAdvice(
                key=m.key, group=group.key, coverage=round(float((~np.isnan(v)).mean()), 4), auc=auc,
                direction=direction, agrees=_agrees(m, direction),
                bands=bands(card, now.measures[m.key], y),
                suggested=learned if isinstance(learned, Thresholds) else None,
                suggested_bands=bands(card, later_new.measures[m.key], y[later]),
                current_bands_later=bands(card, later_now.measures[m.key], y[later]),
                weight=round(weights[m.key], 2), suggested_weight=round(new_weights[m.key], 2),
            ))  # fmt: skip
    split = Split(
        fit_months=day_index[earlier].nunique(), fit_snapshots=int(earlier.sum()), fit_churned=sides[0],
        eval_months=day_index[later].nunique(), eval_snapshots=int(later.sum()), eval_churned=sides[1],
        fit_until=day_index[earlier].max(), eval_from=eval_from,
    )  # fmt: skip
    return Advice(
        enough=True, needs=None, **base | {"measures": out}, split=split,  # type: ignore[arg-type]
        current_auc=overall_auc(later_now.overall, y[later]),
        suggested_auc=overall_auc(later_new.overall, y[later]), suggested_card=suggested_card,
    )  # fmt: skip


def _needs(months: int, churned: int) -> str:
    return (
        f"needs monthly snapshots over at least {MIN_MONTHS} months with at least {MIN_CHURNED} churned "
        f"accounts; has {months} month{'s' * (months != 1)} and "
        f"{churned} churned account{'s' * (churned != 1)}"
    )


def oriented_auc(values: NDArray[np.float64], y: NDArray[np.int64]) -> tuple[float | None, Direction | None]:
    """ROC AUC of the raw value against churn over the snapshots where it is present, turned to 0.5-1, with
    the side that churned more. The AUC is the probability that a random churner's value lies beyond a random
    stayer's, ties counting a half (the Mann-Whitney statistic: Hanley and McNeil 1982, Radiology 143:29)."""
    present = ~np.isnan(values)
    if present.sum() < 2 or len(set(y[present].tolist())) < 2:
        return None, None
    auc = float(roc_auc_score(y[present], values[present]))
    if auc == 0.5:
        return 0.5, None  # no side churned more (a constant measure, say)
    return (round(auc, 4), "higher_churns") if auc > 0.5 else (round(1 - auc, 4), "lower_churns")


def overall_auc(overall: NDArray[np.float64], y: NDArray[np.int64]) -> float | None:
    """ROC AUC of (100 - score): a lower score should mean churn."""
    known = ~np.isnan(overall)
    if len(set(y[known].tolist())) < 2:
        return None
    return round(float(roc_auc_score(y[known], 100 - overall[known])), 4)


def _agrees(m: Measure, direction: Direction | None) -> bool | None:
    """Whether the mapping gives the churning side the lower score (None for grids or no direction)."""
    if direction is None or not isinstance(m.mapping, Thresholds):
        return None
    more_is_better = m.mapping.good > m.mapping.poor
    return more_is_better == (direction == "lower_churns")


def bands(card: Scorecard, scores: NDArray[np.float64], y: NDArray[np.int64]) -> list[Band]:
    """Snapshots and churned snapshots per grade of the measure's own 0-100 score."""
    graded = grade_of(card.grades, scores)
    out = []
    for g in sorted(card.grades, key=lambda g: g.low):
        inside = graded == g.label  # once per grade: comparing an object array is the slow part
        out.append(Band(g.label, int(inside.sum()), int(y[inside].sum())))
    return out


def suggest(
    card: Scorecard, values: dict[str, NDArray[np.float64]], y: NDArray[np.int64], fit: NDArray[np.bool_]
) -> Scorecard:
    """The scorecard with thresholds and weights learned from the `fit` rows only. A measure with too few
    values keeps its mapping and its current share of the weight."""
    cuts = _grade_cuts(card)
    mappings: dict[str, Mapping_] = {}
    for m in card.measures:
        v = values[m.key][fit]
        learnable = (~np.isnan(v)).mean() >= MIN_COVERAGE if len(v) else False
        found = best_thresholds(v, y[fit], cuts) if learnable else None
        mappings[m.key] = found or m.mapping
    trial = _with(card, mappings, effective_weights(card))
    scores = compute(trial, pd.DataFrame({k: values[k][fit] for k in values})).measures
    weights = learn_weights(card, scores, y[fit])
    return _with(card, mappings, weights)


def cut_values(card: Scorecard, mapping: Mapping_) -> tuple[float, float] | None:
    """The values where thresholds move a measure from red to yellow and from yellow to green (None for
    a grid): easier to read than poor/good when a cut sits beyond the range a value can take."""
    if not isinstance(mapping, Thresholds):
        return None
    span = mapping.good - mapping.poor
    low, high = _grade_cuts(card)
    return _round(mapping.poor + low / 100 * span), _round(mapping.poor + high / 100 * span)


def _grade_cuts(card: Scorecard) -> tuple[float, float]:
    """The lowest and highest inner grade boundaries on 0-100 (red/yellow and yellow/green by default)."""
    inner = sorted({g.low for g in card.grades if 0 < g.low < 100})
    return (
        (inner[0], inner[-1]) if len(inner) >= 2 else (inner[0], (inner[0] + 100) / 2) if inner else (50, 75)
    )


def best_thresholds(
    values: NDArray[np.float64], y: NDArray[np.int64], cuts: tuple[float, float] = (50, 75)
) -> Thresholds | None:
    """Poor/good thresholds whose grade bands split churn best: the two value cut points (at quantiles)
    whose three bands, each holding at least MIN_BAND_SHARE of the values and with churn falling from the
    red band to the green one, gain the most binomial log-likelihood over one pooled rate (at least
    MIN_GAIN). The thresholds put the cuts at the scorecard's grade boundaries (`cuts`, on 0-100). None
    when nothing splits."""
    present = ~np.isnan(values)
    v, t = values[present], y[present]
    if len(v) < 20 or t.min() == t.max():
        return None
    candidates = np.unique(np.quantile(v, QUANTILES))
    order = np.argsort(v)
    v, t = v[order], t[order]
    below = np.searchsorted(v, candidates, side="left")  # rows strictly below each cut
    churn_below = np.concatenate([[0], np.cumsum(t)])[below]
    n, total = len(v), int(t.sum())
    least = max(1, int(MIN_BAND_SHARE * n))
    best, best_gain = None, MIN_GAIN
    for i in range(len(candidates)):
        for j in range(i, len(candidates)):
            sizes = np.array([below[i], below[j] - below[i], n - below[j]])
            churns = np.array([churn_below[i], churn_below[j] - churn_below[i], total - churn_below[j]])
            used = sizes > 0
            if (sizes[used] < least).any() or used.sum() < 2:
                continue
            rates = churns[used] / sizes[used]
            if not (np.all(np.diff(rates) <= 0) or np.all(np.diff(rates) >= 0)):
                continue  # a band in the middle churning most is not a threshold's shape
            gain = _loglik(churns[used], sizes[used]) - _loglik(np.array([total]), np.array([n]))
            if gain > best_gain + 1e-9:
                best, best_gain = (i, j, rates[0] > rates[-1]), gain
    if best is None:
        return None
    i, j, low_churns = best
    if below[i] == 0:  # the red band is empty: two bands, cut at j
        i = j
    elif below[j] == n:
        j = i
    # Cut halfway to the next lower value, so that a value equal to a candidate lands in its own band.
    mid = [(float(v[below[k] - 1]) + float(candidates[k])) / 2 for k in (i, j)]
    if i == j:  # two bands: the middle one left empty
        edge = float(candidates[i]) if low_churns else float(v[below[i] - 1])
        red_cut, green_cut = mid[0], edge
    else:
        red_cut, green_cut = (mid[0], mid[1]) if low_churns else (mid[1], mid[0])
    span = (green_cut - red_cut) / ((cuts[1] - cuts[0]) / 100)
    poor = red_cut - cuts[0] / 100 * span
    return Thresholds(poor=_round(poor), good=_round(poor + span))


def _loglik(churns: NDArray[np.int64], sizes: NDArray[np.int64]) -> float:
    p = np.clip(churns / sizes, 1e-12, 1 - 1e-12)
    return float((churns * np.log(p) + (sizes - churns) * np.log(1 - p)).sum())


def _round(x: float) -> float:
    """Four significant figures: thresholds an admin can read."""
    return float(f"{x:.4g}") if x else 0.0


def learn_weights(
    card: Scorecard, scores: dict[str, NDArray[np.float64]], y: NDArray[np.int64]
) -> dict[str, float]:
    """Effective weights (points of 100) from an L2-regularised logistic fit of retention on the measures'
    0-100 scores (missing: the mean score), coefficients clipped at zero; measures with too few values keep
    their current share, the others share the rest in proportion to their coefficients."""
    current = effective_weights(card)
    learnable = [k for k in current if (~np.isnan(scores[k])).mean() >= MIN_COVERAGE]
    if not learnable:
        return current
    X = np.column_stack([scores[k] for k in learnable]) / 100
    X = np.where(np.isnan(X), np.nanmean(X, axis=0), X)
    fit = LogisticRegression(C=1.0, max_iter=1000).fit(X, 1 - y)
    coef = np.clip(fit.coef_[0], 0, None)
    if coef.sum() <= 0:
        return current
    rest = WEIGHT_TOTAL - sum(w for k, w in current.items() if k not in learnable)
    learned = dict(zip(learnable, (coef / coef.sum() * rest).tolist(), strict=True))
    return {k: learned.get(k, w) for k, w in current.items()}


def effective_weights(card: Scorecard) -> dict[str, float]:
    """Each measure's share of the overall score when nothing is missing: group weight x measure weight."""
    return {m.key: g.weight * m.weight / WEIGHT_TOTAL for g in card.groups for m in g.measures}


def _with(card: Scorecard, mappings: dict[str, Mapping_], weights: dict[str, float]) -> Scorecard:
    """The card with these mappings and effective weights split back into group and measure weights (each
    level summing to 100, whole numbers, none below 1)."""
    group_totals = [sum(weights[m.key] for m in g.measures) for g in card.groups]
    group_weights = _whole(group_totals)
    groups = []
    for g, gw in zip(card.groups, group_weights, strict=True):
        inner = _whole([weights[m.key] for m in g.measures])
        measures = tuple(
            replace(m, weight=w, mapping=mappings[m.key]) for m, w in zip(g.measures, inner, strict=True)
        )
        groups.append(Group(g.key, gw, measures))
    return replace(card, groups=tuple(groups))


def _whole(shares: list[float]) -> list[float]:
    """Whole numbers summing to 100 in proportion to `shares`, each at least 1 (largest remainder)."""
    total = sum(shares)
    spread = WEIGHT_TOTAL - len(shares)  # what is left once each has its 1
    raw = np.array([s / total * spread + 1 if total > 0 else WEIGHT_TOTAL / len(shares) for s in shares])
    whole = np.floor(raw)
    for i in np.argsort(-(raw - whole))[: int(WEIGHT_TOTAL - whole.sum())]:
        whole[i] += 1
    return [float(w) for w in whole]
