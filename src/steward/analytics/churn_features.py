"""Which columns of an arbitrary table a churn model can learn from, and how to read each one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MAX_CATEGORIES = 100
_NUMBER_NOISE = re.compile(r"[,\s$€£%]")
_TRUE = {"1", "true", "yes", "y", "t", "churned", "exited", "left", "lost"}
_FALSE = {"0", "false", "no", "n", "f", "retained", "stayed", "active"}


@dataclass
class FeatureSpec:
    numeric: list[str] = field(default_factory=list)
    categorical: list[str] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)  # column -> why

    @property
    def columns(self) -> list[str]:
        return self.numeric + self.categorical


def as_number(values: pd.Series) -> pd.Series:
    """Text to float: thousands separators, currency signs and percent signs go; blanks become NaN."""
    cleaned = values.astype("string").str.replace(_NUMBER_NOISE, "", regex=True)
    numbers: pd.Series = pd.to_numeric(cleaned.where(cleaned != ""), errors="coerce")
    return numbers.astype("float64")


def infer_features(frame: pd.DataFrame) -> FeatureSpec:
    """Numbers (also stored as text) and low-cardinality categories; IDs, constants, free text dropped."""
    spec = FeatureSpec()
    rows = len(frame)
    for column in frame.columns:
        raw = frame[column].astype("string").str.strip()
        present = raw[raw.notna() & (raw != "")]
        distinct = present.nunique()
        if distinct <= 1:
            spec.dropped[column] = "constant or empty"
            continue
        numbers = as_number(present)
        if numbers.notna().mean() >= 0.95:
            if distinct == rows and np.all(np.mod(numbers.dropna(), 1) == 0):
                spec.dropped[column] = "identifier (a distinct whole number on every row)"
            else:
                spec.numeric.append(column)
        elif distinct <= MAX_CATEGORIES and distinct < 0.5 * rows:
            spec.categorical.append(column)
        else:
            spec.dropped[column] = f"text with {distinct} distinct values (identifier or free text)"
    return spec


def prepare(frame: pd.DataFrame, spec: FeatureSpec) -> pd.DataFrame:
    """The model's input: floats for numeric columns, strings ('' for blank) for categorical ones."""
    out = pd.DataFrame(index=frame.index)
    for column in spec.numeric:
        out[column] = as_number(frame[column])
    for column in spec.categorical:
        out[column] = frame[column].astype("string").str.strip().fillna("").astype(object)
    return out


def binary_target(values: pd.Series, positive: str | None) -> np.ndarray:
    """0/1 labels: the given positive value, else the usual spellings of yes/true/1 (case-insensitive)."""
    text = values.astype("string").str.strip()
    blank = np.flatnonzero((text.isna() | (text == "")).to_numpy())
    if blank.size:
        rows = ", ".join(str(i + 1) for i in blank[:5]) + (", ..." if blank.size > 5 else "")
        raise ValueError(f"{blank.size} rows have no target value (data rows {rows})")
    if positive is not None:
        if not (text == positive).any():
            raise ValueError(f"no row has the positive value {positive!r}")
        return (text == positive).to_numpy(dtype=np.int64)
    distinct = {v.lower() for v in text.dropna().unique()}
    if len(distinct) != 2:
        raise ValueError(
            f"the target needs exactly two classes; found {len(distinct)}: {sorted(distinct)[:10]}"
        )
    yes = distinct & _TRUE
    if len(yes) != 1 or not (distinct - yes) <= _FALSE:
        raise ValueError(f"cannot tell which of {sorted(distinct)} means churned; pass --positive VALUE")
    labels: np.ndarray = (text.str.lower() == yes.pop()).to_numpy(dtype=np.int64)
    return labels
