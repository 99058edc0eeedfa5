"""Sentiment from sentence embeddings: a multinomial logistic regression (negative, neutral, positive) over
multilingual-e5 vectors. Because e5 places a sentence and its translation close together, a head trained on
a few thousand sentences reads languages it never saw a labelled example of.

The built-in head ships as `sentiment_head.json`, its training vectors as `sentiment_train.npz` (so that a
workspace's head can be refitted from its analysts' corrections in seconds, without re-embedding).
`python -m steward.analytics.text.train_sentiment` rebuilds both; the sources and their licences are in
README.md beside this file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np

from steward.analytics.text.encoder import DIM, MODEL

CLASSES: Final = ("negative", "neutral", "positive")
# "neutral" only when the head gives it at least this probability; otherwise the sign of P(positive) -
# P(negative), with a low confidence when the two are close. Measured on the development sets (polar balanced
# accuracy) and the hand-written B2B sentences of tests/unit (3-class accuracy): 0.5 -> 0.798 / 0.869,
# 0.6 -> 0.816 / 0.856, 0.7 -> 0.825 / 0.801.
NEUTRAL_MIN: Final = 0.6
HERE: Final = Path(__file__).resolve().parent
HEAD_FILE: Final = HERE / "sentiment_head.json"
TRAIN_FILE: Final = HERE / "sentiment_train.npz"


@dataclass(frozen=True)
class Head:
    """Weights of the linear head: coef (3, DIM) and intercept (3,), classes in CLASSES order."""

    coef: np.ndarray
    intercept: np.ndarray
    about: str  # "built-in" or what a workspace's head learned from

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "model": MODEL,
            "classes": list(CLASSES),
            "coef": np.round(self.coef, 6).tolist(),
            "intercept": np.round(self.intercept, 6).tolist(),
            "about": self.about,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Head:
        if data.get("model") != MODEL or list(data.get("classes", [])) != list(CLASSES):
            raise ValueError("the sentiment head was trained for another encoder or classes")
        coef = np.asarray(data["coef"], dtype=np.float32)
        if coef.shape != (len(CLASSES), DIM):
            raise ValueError(f"the sentiment head has shape {coef.shape}, not {(len(CLASSES), DIM)}")
        return cls(coef, np.asarray(data["intercept"], dtype=np.float32), str(data.get("about", "")))


@dataclass(frozen=True)
class Reading:
    sentiment: str
    score: float  # P(positive) - P(negative), in [-1, 1]
    confidence: float  # probability of the class given


def read(head: Head, vectors: np.ndarray) -> list[Reading]:
    if len(vectors) == 0:
        return []
    return [decide(p) for p in head.proba(vectors)]


def decide(p: np.ndarray) -> Reading:
    """The reading of class probabilities (negative, neutral, positive)."""
    score = float(p[2] - p[0])
    best = 1 if p[1] >= NEUTRAL_MIN else (2 if score >= 0 else 0)
    return Reading(CLASSES[best], round(score, 4), round(float(p[best]), 4))


def fit(
    vectors: np.ndarray,
    labels: Sequence[str],
    *,
    weights: np.ndarray | None = None,
    c: float = 1.0,
    about: str = "built-in",
) -> Head:
    """A head fitted on unit vectors and their labels (each one of CLASSES)."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    y = np.asarray([CLASSES.index(label) for label in labels])
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    # One BLAS thread: on these small matrices OpenBLAS's thread per core spins, 10-30x slower on two cores.
    with threadpool_limits(limits=1, user_api="blas"):
        model.fit(vectors, y, sample_weight=weights)
    coef = np.zeros((len(CLASSES), DIM), dtype=np.float32)
    intercept = np.full(len(CLASSES), -30.0, dtype=np.float32)  # a class never seen is never said
    for row, k in enumerate(model.classes_):
        if len(model.classes_) == 2:  # sklearn gives one row for two classes: logit of the second
            coef[k] = model.coef_[0] * (1 if row else -1) / 2
            intercept[k] = model.intercept_[0] * (1 if row else -1) / 2
        else:
            coef[k], intercept[k] = model.coef_[row], model.intercept_[row]
    return Head(coef, intercept, about)


@cache
def builtin() -> Head:
    return Head.from_json(json.loads(HEAD_FILE.read_text(encoding="utf-8")))


@cache
def training_set() -> tuple[np.ndarray, tuple[str, ...]]:
    """The built-in head's training vectors (float32) and labels."""
    with np.load(TRAIN_FILE) as data:
        return data["vectors"].astype(np.float32), tuple(CLASSES[int(i)] for i in data["labels"])
