"""Health scorecards: measures mapped to 0-100, weighted into groups and an overall score, with the
contribution of every measure kept so that a score can say why it is what it is. Pure numpy over frames."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

Array = NDArray[np.float64]
WEIGHT_TOTAL = 100.0


class ScorecardError(ValueError):
    """A scorecard that cannot be computed; `loc` names the field, as in an API error."""

    def __init__(self, loc: tuple[str | int, ...], msg: str) -> None:
        super().__init__(f"{'.'.join(str(p) for p in loc)}: {msg}")
        self.loc = loc
        self.msg = msg


@dataclass(frozen=True)
class Thresholds:
    """Poor at or below `poor`, good at or above `good`, linear in between (0 -> 100). With `poor`
    above `good` more is worse (open tickets, days since last login)."""

    poor: float
    good: float
    kind: Literal["thresholds"] = "thresholds"

    def score(self, values: Array) -> Array:
        span = self.good - self.poor
        return np.asarray(np.clip((values - self.poor) / span * 100.0, 0.0, 100.0))


@dataclass(frozen=True)
class PointGrid:
    """Steps: a value at or above `bounds[i]` (and below the next bound) scores `points[i]`; values below
    the first bound score `points[0]`. Inverted grids are written with falling points."""

    bounds: tuple[float, ...]
    points: tuple[float, ...]
    kind: Literal["grid"] = "grid"

    def score(self, values: Array) -> Array:
        index = np.searchsorted(np.asarray(self.bounds), values, side="right") - 1
        points = np.asarray(self.points, dtype=np.float64)[np.clip(index, 0, len(self.points) - 1)]
        return np.asarray(np.where(np.isnan(values), np.nan, points))


Mapping_ = Thresholds | PointGrid


@dataclass(frozen=True)
class Measure:
    key: str
    weight: float
    mapping: Mapping_
    formula: str | None = None  # computed from other measures' raw values, e.g. "seats_used / seats * 100"


@dataclass(frozen=True)
class Group:
    key: str
    weight: float
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Grade:
    label: str
    low: float  # inclusive
    high: float  # exclusive, except 100 which is inclusive


@dataclass(frozen=True)
class Scorecard:
    groups: tuple[Group, ...]
    grades: tuple[Grade, ...] = (Grade("red", 0, 50), Grade("yellow", 50, 75), Grade("green", 75, 100))

    @property
    def measures(self) -> list[Measure]:
        return [m for g in self.groups for m in g.measures]


def validate(card: Scorecard) -> None:
    """Weights sum to 100 at each level, keys are unique, mappings are well-formed, grades cover 0-100
    without gaps or overlaps, formulas name existing measures and make no cycle."""
    if not card.groups:
        raise ScorecardError(("groups",), "a scorecard needs at least one group")
    _check_weights([g.weight for g in card.groups], ("groups",))
    seen: dict[str, tuple[str | int, ...]] = {}
    for gi, group in enumerate(card.groups):
        if not group.measures:
            raise ScorecardError(("groups", gi, "measures"), "a group needs at least one measure")
        _check_weights([m.weight for m in group.measures], ("groups", gi, "measures"))
        for mi, measure in enumerate(group.measures):
            loc: tuple[str | int, ...] = ("groups", gi, "measures", mi)
            if measure.key in seen:
                raise ScorecardError((*loc, "key"), f"measure {measure.key!r} appears twice")
            seen[measure.key] = loc
            _check_mapping(measure.mapping, (*loc, "mapping"))
    formula_order(card)
    _check_grades(card.grades)


def _check_weights(weights: Sequence[float], loc: tuple[str | int, ...]) -> None:
    for i, w in enumerate(weights):
        if not w > 0:
            raise ScorecardError((*loc, i, "weight"), f"weights must be positive; got {w}")
    if abs(sum(weights) - WEIGHT_TOTAL) > 1e-6:
        raise ScorecardError(loc, f"weights must sum to {WEIGHT_TOTAL:g}; they sum to {sum(weights):g}")


def _check_mapping(mapping: Mapping_, loc: tuple[str | int, ...]) -> None:
    if isinstance(mapping, Thresholds):
        if mapping.poor == mapping.good:
            raise ScorecardError(loc, "poor and good thresholds must differ")
        return
    if len(mapping.bounds) != len(mapping.points) or not mapping.bounds:
        raise ScorecardError(loc, "a point grid needs as many bounds as points, at least one")
    if any(b >= c for b, c in zip(mapping.bounds, mapping.bounds[1:], strict=False)):
        raise ScorecardError((*loc, "bounds"), "bounds must rise strictly")
    if any(not 0 <= p <= 100 for p in mapping.points):
        raise ScorecardError((*loc, "points"), "points must lie in 0-100")


def _check_grades(grades: Sequence[Grade]) -> None:
    ordered = sorted(grades, key=lambda g: g.low)
    edge = 0.0
    for grade in ordered:
        i = list(grades).index(grade)
        if grade.low > edge:
            raise ScorecardError(("grades", i, "low"), f"grades leave {edge:g}-{grade.low:g} uncovered")
        if grade.low < edge:
            raise ScorecardError(("grades", i, "low"), f"grade {grade.label!r} overlaps the one below it")
        if grade.high <= grade.low:
            raise ScorecardError(("grades", i, "high"), "high must be above low")
        edge = grade.high
    if edge != 100:
        raise ScorecardError(("grades",), f"grades must reach 100; they stop at {edge:g}")


# Formulas: arithmetic over other measures' raw values, parsed with ast (never eval'd).
_OPS: dict[type, Callable[[Array, Array], Array]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}  # fmt: skip


# A 310-digit literal overflowed float() later (a 500): constants beyond any real measure are refused.
MAX_CONSTANT = 1e15
_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.Constant, ast.Load, *_OPS)


def _names(expr: ast.AST, loc: tuple[str | int, ...]) -> set[str]:
    names = set()
    for node in ast.walk(expr):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif not isinstance(node, _ALLOWED):
            raise ScorecardError(
                loc, f"only + - * /, numbers and measure names are allowed, not {type(node).__name__}"
            )
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, int | float) or isinstance(node.value, bool):
                raise ScorecardError(loc, "only numbers may appear as constants")
            if not abs(node.value) <= MAX_CONSTANT:  # also refuses 1e999, which Python reads as infinity
                raise ScorecardError(loc, f"numbers in a formula must be at most {MAX_CONSTANT:.0e}")
    return names


def _parse(formula: str, loc: tuple[str | int, ...]) -> ast.Expression:
    try:
        return ast.parse(formula, mode="eval")
    except SyntaxError as exc:
        raise ScorecardError(loc, f"cannot read the formula: {exc.msg}") from exc
    except (RecursionError, MemoryError) as exc:
        raise ScorecardError(loc, "the formula is nested too deeply") from exc


def formula_order(card: Scorecard) -> list[Measure]:
    """Formula measures in an order where each comes after the measures it reads; refuses unknown names
    and cycles."""
    keys = {m.key for m in card.measures}
    needs: dict[str, set[str]] = {}
    by_key = {m.key: m for m in card.measures}
    for gi, group in enumerate(card.groups):
        for mi, m in enumerate(group.measures):
            if m.formula is None:
                continue
            loc = ("groups", gi, "measures", mi, "formula")
            names = _names(_parse(m.formula, loc), loc)
            unknown = sorted(names - keys)
            if unknown:
                raise ScorecardError(loc, f"refers to unknown measure {unknown[0]!r}")
            needs[m.key] = names & {k for k in keys if by_key[k].formula is not None}
    order: list[Measure] = []
    done: set[str] = set()
    while needs:
        ready = [k for k, deps in needs.items() if deps <= done]
        if not ready:
            raise ScorecardError(("groups",), f"formulas form a cycle through {sorted(needs)}")
        for k in sorted(ready):
            order.append(by_key[k])
            done.add(k)
            del needs[k]
    return order


def _evaluate(node: ast.AST, values: Mapping[str, Array]) -> Array:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, values)
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, int | float)  # _names refused every other constant
        return np.asarray(float(node.value))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        return np.asarray(-_evaluate(node.operand, values))
    assert isinstance(node, ast.BinOp)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _OPS[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    return np.asarray(np.where(np.isfinite(out), out, np.nan))  # x/0 is missing, not infinite


@dataclass
class Scores:
    """Per account (rows, in the input's order): overall, group and measure scores, contributions in
    points of the overall (they add up to it), grades, and which measures were missing."""

    index: pd.Index
    overall: Array
    grade: NDArray[np.object_]
    groups: dict[str, Array]
    measures: dict[str, Array]
    contributions: dict[str, Array]
    values: dict[str, Array]  # raw inputs, and the results of formulas
    missing: dict[str, NDArray[np.bool_]] = field(default_factory=dict)


def _weighted_mean(weights: Array, stacked: Array) -> tuple[Array, Array]:
    """Column-wise weighted mean of `stacked` (one row per weight) over its present (non-NaN) values, with
    each row's share of the weight actually used; NaN where nothing is present."""
    present = ~np.isnan(stacked)
    total = (weights[:, None] * present).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(present, weights[:, None] / total, 0.0)
    return shares, np.where(total > 0, (shares * np.nan_to_num(stacked)).sum(axis=0), np.nan)


def compute(card: Scorecard, raw: pd.DataFrame) -> Scores:
    """Score every row of `raw` (one column per non-formula measure; NaN is missing). Missing measures
    are left out and the remaining weights renormalised, never read as zero; a group with nothing present
    is left out of the overall the same way; a row with nothing present has no score (NaN, no grade)."""
    n = len(raw)
    values: dict[str, Array] = {}
    for m in card.measures:
        if m.formula is None:
            values[m.key] = raw[m.key].to_numpy(dtype=np.float64) if m.key in raw else np.full(n, np.nan)
    for m in formula_order(card):
        assert m.formula is not None
        values[m.key] = np.broadcast_to(_evaluate(ast.parse(m.formula, mode="eval"), values), (n,)).copy()
    measure_scores = {m.key: m.mapping.score(values[m.key]) for m in card.measures}
    group_scores: dict[str, Array] = {}
    group_share: dict[str, Array] = {}  # each measure's share of its group, after renormalising
    for group in card.groups:
        shares, group_scores[group.key] = _weighted_mean(
            np.array([m.weight for m in group.measures]),
            np.vstack([measure_scores[m.key] for m in group.measures]),
        )
        for m, share in zip(group.measures, shares, strict=True):
            group_share[m.key] = share
    group_weight_share, overall = _weighted_mean(
        np.array([g.weight for g in card.groups]), np.vstack([group_scores[g.key] for g in card.groups])
    )
    contributions = {}
    for gi, group in enumerate(card.groups):
        for m in group.measures:
            contributions[m.key] = (
                group_weight_share[gi] * group_share[m.key] * np.nan_to_num(measure_scores[m.key])
            )
    return Scores(
        index=raw.index,
        overall=overall,
        grade=grade_of(card.grades, overall),
        groups=group_scores,
        measures=measure_scores,
        contributions=contributions,
        values=values,
        missing={k: np.isnan(v) for k, v in measure_scores.items()},
    )


def grade_of(grades: Sequence[Grade], scores: Array) -> NDArray[np.object_]:
    out = np.full(len(scores), None, dtype=object)
    for g in grades:
        upper = scores <= g.high if g.high >= 100 else scores < g.high
        out[(scores >= g.low) & upper] = g.label
    return out


def trend(current: Array, previous: Array, *, tolerance: float = 2.0) -> NDArray[np.object_]:
    """'up', 'down' or 'same' (within `tolerance` points); None where either score is missing."""
    delta = current - previous
    out = np.where(delta > tolerance, "up", np.where(delta < -tolerance, "down", "same")).astype(object)
    out[np.isnan(delta)] = None
    return out


def roll_up(
    parent_of: Mapping[int, int], overall: Mapping[int, float], arr: Mapping[int, float], *, weighted: bool
) -> dict[int, float]:
    """Each parent's score from its direct children's: the mean, or weighted by ARR (children without
    a score are left out; a parent whose children have no ARR falls back to the mean)."""
    children: dict[int, list[int]] = {}
    for child, parent in parent_of.items():
        if child in overall and not np.isnan(overall[child]):
            children.setdefault(parent, []).append(child)
    out = {}
    for parent, kids in children.items():
        scores = np.array([overall[k] for k in kids])
        weights = np.array([max(arr.get(k, 0.0), 0.0) for k in kids]) if weighted else np.ones(len(kids))
        out[parent] = float(np.average(scores, weights=weights) if weights.sum() > 0 else scores.mean())
    return out
