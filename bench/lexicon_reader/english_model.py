"""English sentiment model: logistic regression over negation-marked words and word pairs plus the lexicon
score, trained on the UCI restaurant review sentences (CC BY 4.0, see NOTICE.md).

The fitted weights ship as english_model.json and are applied with plain dict lookups (no sklearn at run
time). `fit_weights` regenerates that file and `cross_validate` gives the held-out accuracy quoted in tests.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Final

import numpy as np

from lexicon_reader.lexicon import BREAKS, lexicon_score, squash, tokens, word_lexicon

MODEL_FILE: Final = Path(__file__).with_name("english_model.json")
LEXICON_FEATURE: Final = "__lexicon__"
NEGATION_SCOPE: Final = 3
C: Final = 1.0
SEED: Final = 0
# The score mixes model and lexicon; the model alone leans on restaurant vocabulary. Without any sentiment
# word the model only has topic words to go on, so it then gets half the say.
MODEL_SHARE: Final = 0.5


def features(text: str) -> dict[str, float]:
    """Words and adjacent pairs; a word within three words after a negator is prefixed "not_"."""
    lex = word_lexicon("en")
    marked: list[str] = []
    left = 0
    for tok in tokens(text, "en"):
        if tok in BREAKS:
            left = 0
            marked.append("|")
            continue
        if lex.is_negator(tok):
            left = NEGATION_SCOPE
            marked.append("not")
            continue
        marked.append(f"not_{tok}" if left > 0 else tok)
        left -= 1
    feats = {w: 1.0 for w in marked if w != "|"}
    feats.update({f"{a} {b}": 1.0 for a, b in pairwise(marked) if "|" not in (a, b)})
    feats[LEXICON_FEATURE] = squash(lexicon_score(text, "en")[0])
    return feats


@dataclass(frozen=True)
class EnglishModel:
    intercept: float
    weights: dict[str, float]

    def logit(self, text: str) -> float:
        w = self.weights
        return self.intercept + sum(w.get(f, 0.0) * v for f, v in features(text).items())

    def score(self, text: str) -> float:
        """2 P(positive) - 1, in [-1, 1]."""
        return math.tanh(self.logit(text) / 2)

    def blend(self, text: str) -> float:
        """The English sentiment score Steward reports: model and lexicon mixed."""
        raw, hits = lexicon_score(text, "en")
        share = MODEL_SHARE if hits else MODEL_SHARE / 2
        return (1 - share) * squash(raw) + share * self.score(text)


@cache
def load() -> EnglishModel:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return EnglishModel(float(data["intercept"]), {str(k): float(v) for k, v in data["weights"].items()})


def fit(texts: Sequence[str], labels: Sequence[int]) -> EnglishModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([features(t) for t in texts])
    model = LogisticRegression(C=C, max_iter=2000, random_state=SEED).fit(x, np.asarray(labels))
    names = vec.get_feature_names_out()
    coef = model.coef_[0]
    # Drop near-zero weights: they change no decision and would bloat the shipped file.
    weights = {str(n): round(float(c), 4) for n, c in zip(names, coef, strict=True) if abs(c) >= 0.02}
    return EnglishModel(round(float(model.intercept_[0]), 4), weights)


def save(model: EnglishModel, path: Path = MODEL_FILE) -> None:
    payload = {
        "source": "UCI Sentiment Labelled Sentences, yelp_labelled (Kotzias et al. 2015), CC BY 4.0",
        "intercept": model.intercept,
        "weights": dict(sorted(model.weights.items())),
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def cross_validate(texts: Sequence[str], labels: Sequence[int], folds: int = 10) -> float:
    """Accuracy (positive when the score is >= 0) over stratified held-out folds, seed 0, of the score as
    Steward computes it, with the model trained on the other folds only."""
    predicted = held_out_predictions(texts, labels, folds)
    return float((predicted == (np.asarray(labels) == 1)).mean())


def held_out_predictions(texts: Sequence[str], labels: Sequence[int], folds: int = 10) -> np.ndarray:
    """Each text's predicted label (True = positive) from the model fitted without its fold."""
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(labels)
    predicted = np.zeros(len(y), dtype=bool)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train, test in splitter.split(np.zeros(len(y)), y):
        model = fit([texts[i] for i in train], y[train].tolist())
        predicted[test] = [model.blend(texts[i]) >= 0 for i in test]
    return predicted


def main(argv: Sequence[str]) -> None:
    """Regenerate english_model.json: python -m steward.analytics.text.english_model Restaurant_Reviews.tsv"""
    import pandas as pd

    frame = pd.read_csv(argv[0], sep="\t", quoting=3)
    save(fit(frame["Review"].tolist(), frame["Liked"].astype(int).tolist()))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
