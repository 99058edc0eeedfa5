"""Feedback text analytics (steward.analytics.text) on ../shared/data, beside VADER and the majority class.

- Restaurant reviews (English, binary): Steward's held-out accuracy over 10 stratified folds (seed 0; its
  English model is trained on these sentences), VADER compound (>= 0 positive) and the majority class.
- Multilingual tweets (en, fr, de, es; 3-class, evaluation only): accuracy and macro-F1 of Steward, VADER
  (compound +-0.05) and the majority class; language-ID accuracy of Steward's detector.
- Throughput: 100,000 comments cycled from those sets plus hand-written pl/zh/ja/he comments, analysed
  with three configured themes (language + sentiment + themes), with peak memory, beside VADER alone.

Usage: python bench/feedback_text.py [--comments 100000] [--json]
"""

# ruff: noqa: RUF001  (Chinese and Japanese text uses full-width punctuation on purpose)

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table
from sklearn.metrics import accuracy_score, f1_score

from steward.analytics.text import Theme, analyze, english_model

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
RESTAURANT = DATA / "restaurant_reviews_en" / "Restaurant_Reviews.tsv"
TWEETS = DATA / "multilingual_tweets_dev"
LANGUAGES = {"en": "english", "fr": "french", "de": "german", "es": "spanish"}
THEMES = (
    Theme("Pricing", ("too expensive", "price increase")),
    Theme("Support", ("support never answers", "slow response time")),
    Theme("Bugs", ("the app crashes", "error message")),
)
EXTRA = [  # hand-written, so that the throughput mix includes scripts without spaces and RTL text
    "Obsługa klienta jest świetna, ale aplikacja jest za droga.",
    "Aplikacja ciągle się zawiesza i nikt nie odpowiada na zgłoszenia.",
    "这个软件非常好用，但是价格太贵了。",
    "客服回复太慢，系统经常崩溃。",
    "サポートの対応が早くて助かりました。",
    "アプリがよく落ちるので困っています。",
    "השירות מצוין אבל המחיר יקר מדי.",
    "המערכת נתקעת כל הזמן ואין מענה מהתמיכה.",
]


def vader_labels(texts: list[str], analyzer: Any, threshold: float) -> list[str]:
    out = []
    for text in texts:
        c = analyzer.polarity_scores(text)["compound"]
        out.append("positive" if c >= threshold else "negative" if c <= -threshold else "neutral")
    return out


def _binary(compound: float) -> str:
    return "positive" if compound >= 0 else "negative"


def scores(truth: list[str], predicted: list[str]) -> dict[str, float]:
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 3),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not RESTAURANT.is_file() or not TWEETS.is_dir():
        print(f"skipped: {DATA} absent (restaurant reviews and multilingual tweets are needed)")
        return
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    status = Console(stderr=True)
    results: dict[str, dict[str, dict[str, float]]] = {}
    frame = pd.read_csv(RESTAURANT, sep="\t", quoting=3)
    texts, liked = frame["Review"].tolist(), frame["Liked"].tolist()
    truth = ["positive" if v == 1 else "negative" for v in liked]
    with status.status("restaurant reviews: 10-fold held-out ..."):
        held_out = english_model.held_out_predictions(texts, liked, folds=10)
    majority = pd.Series(truth).mode()[0]
    results["restaurant (en, 2-class)"] = {
        "steward": scores(truth, ["positive" if p else "negative" for p in held_out]),
        "vader": scores(truth, [_binary(vader.polarity_scores(t)["compound"]) for t in texts]),
        "majority": scores(truth, [majority] * len(truth)),
    }
    language_id: dict[str, float] = {}
    corpus: list[str] = list(texts)
    for code, name in LANGUAGES.items():
        tweets = pd.read_csv(TWEETS / f"{name}_test.csv")
        t, y = tweets["text"].tolist(), tweets["label"].tolist()
        corpus.extend(t)
        analysed = analyze(t)
        language_id[code] = round(float(np.mean([a.language == code for a in analysed])), 3)
        results[f"tweets {code} (3-class)"] = {
            "steward": scores(y, [a.sentiment for a in analysed]),
            "vader": scores(y, vader_labels(t, vader, 0.05)),
            "majority": scores(y, [pd.Series(y).mode()[0]] * len(y)),
        }
    corpus.extend(EXTRA * 50)
    comments = list(itertools.islice(itertools.cycle(corpus), args.comments))
    with status.status(f"Steward: {len(comments):,} comments ..."):
        started = time.perf_counter()
        analysed = analyze(comments, THEMES)
        steward_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with status.status(f"VADER: {len(comments):,} comments ..."):
        started = time.perf_counter()
        vader_labels(comments, vader, 0.05)
        vader_s = time.perf_counter() - started
    throughput = {
        "comments": len(comments),
        "steward_per_s": round(len(comments) / steward_s),
        "steward_seconds": round(steward_s, 1),
        "steward_peak_rss_mb": round(peak_mb),
        "vader_per_s": round(len(comments) / vader_s),
        "with_theme": round(float(np.mean([bool(a.themes) for a in analysed])), 3),
    }
    if args.json:
        print(json.dumps({"sentiment": results, "language_id": language_id, "throughput": throughput}))
        return
    out = Console()
    table = Table(title="Sentiment: Steward vs VADER vs majority class (accuracy / macro-F1)")
    for column in ("data set", "Steward", "VADER", "majority"):
        table.add_column(column, justify="left" if column == "data set" else "right")
    for name, r in results.items():
        table.add_row(
            name,
            *(f"{r[m]['accuracy']:.3f} / {r[m]['macro_f1']:.3f}" for m in ("steward", "vader", "majority")),
        )
    out.print(table)
    out.print("Language ID on the tweets: " + ", ".join(f"{k} {v:.1%}" for k, v in language_id.items()))
    out.print(
        f"Throughput on {throughput['comments']:,} comments (language + sentiment + 3 themes): "
        f"Steward {throughput['steward_per_s']:,}/s ({throughput['steward_seconds']} s, peak RSS "
        f"{throughput['steward_peak_rss_mb']} MB); VADER sentiment alone {throughput['vader_per_s']:,}/s"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
