"""Ideal customer profile, part 2: the fit model (how much an account or a prospect looks like the customers
who stay and grow, 0-100, with reasons in words) and reading prospects' rows with per-row errors.

The model is two regularised linear models on one-hot firmographic values: a ridge (L2) logistic regression
for staying (le Cessie & van Houwelingen, Applied Statistics 41 (1992) 191-201) and a ridge regression for an
account's net revenue retention. An attribute's contribution is its value's coefficient minus the average
account's, so the contributions of an account add up to its difference from the average; the fit score is
the percentile of that sum among the workspace's own customers with an outcome."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression, Ridge

from steward.analytics import icp
from steward.analytics.icp import NOT_SET, GroupStats, Profile, ValueStats

IDENTITY_COLUMNS = ("name", "id", "external_id", "domain", "company", "email", "row")
_YES_NO = {"true": "yes", "1": "yes", "y": "yes", "false": "no", "0": "no", "n": "no"}
STRICT = ("segment",)  # the workspace's own taxonomy: an unknown value is an error, not "average"
NRR_CLIP = 3.0  # one account tripling its ARR should not steer the whole model


@dataclass(frozen=True)
class AttributeSpec:
    name: str
    label: str
    numeric: bool
    edges: tuple[float, ...] = ()
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why an attribute moves the fit: `text` in English for the API and CLI; `kind`, `label`, the value's and
    the workspace's outcomes for a UI that words it in its own language."""

    attribute: str
    value: str
    points: float  # this attribute's share of the standardised fit (positive: looks like those who stay)
    text: str
    kind: Literal["outcomes", "unseen"] = "outcomes"  # unseen: a value not in the history, counted as average
    label: str = ""
    stats: ValueStats | None = None
    overall: GroupStats | None = None


@dataclass(frozen=True)
class Fit:
    score: int  # 0-100: percentile among the workspace's customers with an outcome
    retention_probability: float
    expected_nrr: float | None
    reasons: list[Reason]


@dataclass
class RowIssue:
    row: int | None  # 1-based data row (None: the whole file, e.g. a column)
    column: str | None
    msg: str


@dataclass
class ProspectRow:
    row: int
    name: str | None
    levels: dict[str, str] = field(default_factory=dict)


class IcpModel:
    """fit(attributes, outcome, labels) learns from raw attribute values (text, bool or numbers) and the
    outcomes of analytics.icp.outcomes; score(levels) explains each row."""

    def __init__(self, *, C: float = 0.5, ridge_alpha: float = 10.0, seed: int = 0) -> None:
        self.C, self.ridge_alpha, self.seed = C, ridge_alpha, seed

    def fit(self, attributes: pd.DataFrame, outcome: pd.DataFrame, labels: dict[str, str]) -> IcpModel:
        icp.check_history(outcome)
        raw = attributes.reindex(outcome.index)
        self.specs_: list[AttributeSpec] = []
        frame = pd.DataFrame(index=raw.index)
        for name in raw.columns:
            numeric = icp.is_numeric(raw[name])
            edges = tuple(icp.bin_edges(raw[name])) if numeric else ()
            col = icp.bin_labels(raw[name], list(edges)) if numeric else icp.levels(raw[name])
            found = tuple(sorted(set(col)))
            if len(found) < 2 or (not numeric and len(found) > icp.MAX_LEVELS):
                continue  # one value teaches nothing; many is free text
            self.specs_.append(
                AttributeSpec(str(name), labels.get(str(name), str(name)), numeric, edges, found)
            )
            frame[name] = col
        if not self.specs_:
            outcomes = outcome["retained"].dropna()
            raise icp.NoAttributes(len(outcomes), int((outcomes == 0).sum()))
        self.profile_: Profile = icp.profile(
            frame, outcome, {s.name: s.label for s in self.specs_}, self.seed
        )
        self.columns_ = [(s.name, level) for s in self.specs_ for level in s.levels]
        x = self._design(frame)
        known = outcome["retained"].notna().to_numpy()
        lr = LogisticRegression(C=self.C, max_iter=2000).fit(x[known], outcome["retained"].to_numpy()[known])
        self.retention_coef_ = dict(zip(self.columns_, lr.coef_[0], strict=True))
        self.retention_intercept_ = float(lr.intercept_[0])
        had = (outcome["arr_ago"] > 0).to_numpy()
        self.nrr_coef_: dict[tuple[str, str], float] | None = None
        self.nrr_intercept_ = 0.0
        if had.sum() >= icp.MIN_OUTCOMES:
            y = np.clip(outcome["nrr"].to_numpy()[had], 0, NRR_CLIP)
            ridge = Ridge(alpha=self.ridge_alpha).fit(x[had], y)
            self.nrr_coef_ = dict(zip(self.columns_, ridge.coef_, strict=True))
            self.nrr_intercept_ = float(ridge.intercept_)
        # Centre each attribute on the average customer, and scale both parts to one unit of spread.
        ret, nrr = self._parts(frame[known | had])
        self.centre_ = {s.name: (float(ret[s.name].mean()), float(nrr[s.name].mean())) for s in self.specs_}
        self.scale_ = (max(float(ret.sum(axis=1).std()), 1e-6), max(float(nrr.sum(axis=1).std()), 1e-6))
        self.reference_ = np.sort(self._z(frame[known]))
        self.stats_ = {(v.attribute, v.value): v for v in self.profile_.values}
        return self

    def levels_of(self, attributes: pd.DataFrame) -> pd.DataFrame:
        """Raw account attributes as the levels the model learned (numbers into its bins)."""
        out = pd.DataFrame(index=attributes.index)
        for spec in self.specs_:
            column = (
                attributes[spec.name] if spec.name in attributes else pd.Series(None, index=attributes.index)
            )
            out[spec.name] = (
                icp.bin_labels(column, list(spec.edges))
                if spec.numeric
                else icp.levels(column.astype(object))
            )
        return out

    def _design(self, frame: pd.DataFrame) -> np.ndarray:
        x = np.zeros((len(frame), len(self.columns_)))
        for j, (name, level) in enumerate(self.columns_):
            x[:, j] = (frame[name] == level).to_numpy() if name in frame else 0.0
        return x

    def _parts(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Raw coefficient of each row's value per attribute (an unseen or missing value: NaN)."""
        ret, nrr = pd.DataFrame(index=frame.index), pd.DataFrame(index=frame.index)
        for spec in self.specs_:
            values = frame[spec.name] if spec.name in frame else pd.Series(None, index=frame.index)
            ret[spec.name] = [self.retention_coef_.get((spec.name, v), np.nan) for v in values]
            nrr_coef = self.nrr_coef_ or {}
            nrr[spec.name] = [nrr_coef.get((spec.name, v), 0.0 if not nrr_coef else np.nan) for v in values]
        return ret, nrr

    def _contributions(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Per attribute, the row's coefficient minus the average customer's (unseen values: 0, average)."""
        ret, nrr = self._parts(frame)
        for spec in self.specs_:
            c_ret, c_nrr = self.centre_[spec.name]
            ret[spec.name] = (ret[spec.name] - c_ret).fillna(0.0)
            nrr[spec.name] = (nrr[spec.name] - c_nrr).fillna(0.0)
        return ret, nrr

    def rank(self, frame: pd.DataFrame, n: int) -> pd.DataFrame:
        """The n rows that fit best (vectorised, so a whole book can be ranked before explaining a few)."""
        order = np.argsort(-self._z(frame), kind="stable")[:n]
        return frame.iloc[order]

    def _z(self, frame: pd.DataFrame) -> np.ndarray:
        ret, nrr = self._contributions(frame)
        return (ret.sum(axis=1) / self.scale_[0] + nrr.sum(axis=1) / self.scale_[1]).to_numpy()

    def score(self, frame: pd.DataFrame, reasons: int = 3) -> list[Fit]:
        """Fit of each row of levels (columns: attribute names; absent or unseen values count as average)."""
        ret, nrr = self._contributions(frame)
        mean_logit = self.retention_intercept_ + sum(c for c, _ in self.centre_.values())
        mean_nrr = self.nrr_intercept_ + sum(c for _, c in self.centre_.values())
        points = (ret / self.scale_[0] + nrr / self.scale_[1]).to_numpy()
        logits = mean_logit + ret.to_numpy().sum(axis=1)
        nrrs = mean_nrr + nrr.to_numpy().sum(axis=1)
        z = points.sum(axis=1)
        pct = np.searchsorted(self.reference_, z, side="left") + np.searchsorted(
            self.reference_, z, side="right"
        )
        names = list(ret.columns)
        labels = {s.name: s.label for s in self.specs_}
        values = frame.reindex(columns=names).to_numpy(dtype=object)
        out = []
        for i in range(len(frame)):
            why: list[Reason] = []
            for j in np.argsort(-np.abs(points[i]), kind="stable"):  # the largest contributions first
                reason = self._reason(names[j], labels[names[j]], values[i, j], float(points[i, j]))
                if reason is not None and len(why) < reasons:
                    why.append(reason)
            out.append(Fit(
                score=round(100 * pct[i] / (2 * max(len(self.reference_), 1))),
                retention_probability=round(1 / (1 + math.exp(-logits[i])), 4),
                expected_nrr=round(float(nrrs[i]), 4) if self.nrr_coef_ else None,
                reasons=why,
            ))  # fmt: skip
        return out

    def _reason(self, name: str, label: str, value: object, points: float) -> Reason | None:
        if not isinstance(value, str):
            return None
        stats = self.stats_.get((name, value))
        if stats is None:
            text = f"{label} {value}: not in this workspace's history, counted as average"
            return Reason(name, value, 0.0, text, kind="unseen", label=label)
        if abs(points) < 0.05:
            return None
        return Reason(
            name, value, round(points, 3), describe(stats, self.profile_), label=label, stats=stats,
            overall=self.profile_.overall,
        )  # fmt: skip


def describe(v: ValueStats, profile: Profile) -> str:
    """One value's outcomes beside the workspace's, in words, saying when a difference is within chance."""
    s, o = v.stats, profile.overall
    text = f"{v.label} {v.value}:"
    if s.retention is not None and o.retention is not None:
        text += (
            f" {s.retention:.0%} stayed (95% CI {s.retention_low:.0%}-{s.retention_high:.0%}, "
            f"{s.accounts} accounts) vs {o.retention:.0%} overall{_qualifier(v.effect)}"
        )
    if s.nrr is not None and o.nrr is not None:
        text += f"; NRR {s.nrr:.0%} vs {o.nrr:.0%}{_qualifier(v.nrr_effect)}"
    return text


def _qualifier(effect: str) -> str:
    return (
        ""
        if effect in ("lifts", "sinks")
        else f" ({'within chance' if effect == 'no clear difference' else effect})"
    )


def _match_column(model: IcpModel, column: str) -> str | None:
    key = column.strip().casefold()
    for spec in model.specs_:
        if key in (spec.name.casefold(), spec.label.casefold()):
            return spec.name
    return None


def unknown_columns(model: IcpModel, columns: list[str]) -> list[str]:
    """Columns that are neither an attribute the profile learned from nor an identity column."""
    return [
        c for c in columns if c.strip().casefold() not in IDENTITY_COLUMNS and _match_column(model, c) is None
    ]


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def parse_row(model: IcpModel, row: int, values: dict[str, Any]) -> tuple[ProspectRow | None, list[RowIssue]]:
    """One prospect (column -> raw value) as levels, or None with the reasons it cannot be scored."""
    if all(_blank(v) for v in values.values()):
        return None, [RowIssue(row, None, "empty row")]
    name = next((str(values[c]).strip() for c in values if c.strip().casefold() in ("name", "company")
                 and not _blank(values[c])), None)  # fmt: skip
    out, errors = ProspectRow(row=row, name=name), []
    specs = {s.name: s for s in model.specs_}
    for column, value in values.items():
        attr = _match_column(model, column)
        if attr is None or _blank(value):
            continue
        spec = specs[attr]
        if spec.numeric:
            number = _number(value)
            if number is None:
                errors.append(RowIssue(row, column, f"{str(value)[:60]!r} is not a number"))
            else:
                out.levels[attr] = icp.bin_label(number, list(spec.edges))
            continue
        text = "yes" if value is True else "no" if value is False else str(value).strip()
        known = {level.casefold(): level for level in spec.levels if level != NOT_SET}
        if set(known) <= {"yes", "no"}:  # a yes/no attribute: read the usual spellings of true and false
            text = _YES_NO.get(text.casefold(), text)
        if text.casefold() in known:
            out.levels[attr] = known[text.casefold()]
        elif attr in STRICT:
            listed = ", ".join(sorted(known.values())[:12])
            errors.append(RowIssue(row, column, f"unknown {spec.label} {text[:60]!r}; known: {listed}"))
        else:
            out.levels[attr] = text[:100]  # scored as average, and the reason says so
    if not errors and not out.levels:
        wanted = ", ".join(s.name for s in model.specs_)
        errors.append(RowIssue(row, None, f"no attribute the profile knows; give at least one of: {wanted}"))
    return (None if errors else out), errors


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        text = value if isinstance(value, int | float) else str(value).replace(",", "").strip()
        number = float(text)
    except (ValueError, OverflowError):  # OverflowError: an integer beyond a float's range
        return None
    return number if math.isfinite(number) else None


def score_rows(model: IcpModel, rows: list[ProspectRow]) -> list[Fit]:
    frame = pd.DataFrame([r.levels for r in rows], index=range(len(rows)), dtype=object)
    return model.score(frame) if rows else []
