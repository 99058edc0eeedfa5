"""Accuracy on the real data sets in ../shared/data (skipped when absent); no database.

Restaurant reviews: the English model is trained on them, so accuracy is over 10 stratified held-out folds
(seed 0). Tweets: evaluation only (never trained on); each language must beat the majority class clearly.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, f1_score

from steward.analytics.text import analyze, english_model

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
RESTAURANT = DATA / "restaurant_reviews_en" / "Restaurant_Reviews.tsv"
TWEETS = DATA / "multilingual_tweets_dev"
# Measured (bench/feedback_text.py): 0.874 held-out; VADER 0.727.
RESTAURANT_AIM = 0.86
MARGIN = 0.07  # over the majority class (1/3 on these balanced sets); measured margins 0.11-0.23


def test_restaurant_cross_validated_accuracy() -> None:
    if not RESTAURANT.is_file():
        pytest.skip(f"{RESTAURANT} absent")
    frame = pd.read_csv(RESTAURANT, sep="\t", quoting=3)
    accuracy = english_model.cross_validate(frame["Review"].tolist(), frame["Liked"].tolist(), folds=10)
    assert accuracy >= RESTAURANT_AIM


@pytest.mark.parametrize("name", ["english", "french", "german", "spanish"])
def test_tweets_above_majority(name: str) -> None:
    path = TWEETS / f"{name}_test.csv"
    if not path.is_file():
        pytest.skip(f"{path} absent")
    frame = pd.read_csv(path)
    predicted = [r.sentiment for r in analyze(frame["text"].tolist())]
    majority = frame["label"].value_counts(normalize=True).iloc[0]
    assert accuracy_score(frame["label"], predicted) >= majority + MARGIN
    assert f1_score(frame["label"], predicted, average="macro") >= majority + MARGIN / 2
