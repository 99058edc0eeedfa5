"""The learned reader on samples of the real development sets in ../shared/data (skipped when absent; no
database). It never trained on them; bench/feedback_text.py runs the full sets beside the lexicon reader and
VADER. Samples of 200 polar texts (seed 0) keep this under a minute; the floors sit 0.05 under the full-set
figures to allow for the sample."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from steward.analytics.text import analyze

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SAMPLE = 200
# Polar balanced accuracy on the full development sets (bench/feedback_text.py, 2026-12-06).
FLOORS = {"tweets_english": 0.83, "tweets_german": 0.70, "tweets_french": 0.70, "tweets_spanish": 0.77,
          "hebrew": 0.74, "chinese": 0.84}  # fmt: skip


def _polar(name: str) -> tuple[list[str], np.ndarray]:
    if name.startswith("tweets_"):
        path = DATA / "multilingual_tweets_dev" / f"{name.removeprefix('tweets_')}_test.csv"
        frame = pd.read_csv(path) if path.is_file() else None
    elif name == "hebrew":
        path = DATA / "hebrew_comments_dev" / "token_dev.tsv"
        frame = pd.read_csv(path, sep="\t", quoting=3) if path.is_file() else None
        if frame is not None:
            frame = frame.rename(columns={"comment": "text"})
            frame["label"] = frame["label"].map({0: "positive", 1: "negative", 2: "off-topic"})
    else:
        path = DATA / "chinese_reviews_dev" / "chinese_valid.csv"
        frame = pd.read_csv(path) if path.is_file() else None
    if frame is None:
        pytest.skip(f"{path} absent")
    polar = frame[frame["label"].isin(["positive", "negative"])]
    sample = polar.groupby("label").sample(SAMPLE // 2, random_state=0)
    return sample["text"].astype(str).tolist(), (sample["label"] == "positive").to_numpy()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_polar_balanced_accuracy(name: str) -> None:
    texts, positive = _polar(name)
    said = np.array([r.sentiment for r in analyze(texts)])
    accuracy = (np.mean(said[positive] == "positive") + np.mean(said[~positive] == "negative")) / 2
    assert accuracy >= FLOORS[name], accuracy
