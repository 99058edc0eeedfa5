"""Rebuild the built-in sentiment head: `python -m steward.analytics.text.train_sentiment RESTAURANT.tsv`.

Training data, all of it licensed for shipping a derived model (README.md beside this file names them):
the yelp sentences of "Sentiment Labelled Sentences" (CC BY 4.0; positive / negative) and Steward's own
hand-written comments in `corpus/*.tsv` (positive / negative / neutral; Apache-2.0).

The regularisation C = 0.3 is the one with the best mean balanced accuracy over all six development sets
of ../shared/data together (bench/feedback_text.py; never trained on): leave-one-language-out
cross-validation on the corpus (`--cv`) prefers weaker regularisation (C = 3), because one team's
sentences resemble each other more than real customers' text does.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np

from steward.analytics.text import sentiment_model
from steward.analytics.text.encoder import DIM, encoder, normalise

CORPUS = Path(__file__).resolve().parent / "corpus"
GRID = (0.1, 0.3, 1.0, 3.0)
C = 0.3


def load_corpus(folder: Path = CORPUS) -> list[tuple[str, str, str]]:
    """(group, label, text) of every line of corpus/*.tsv; the group is the file's name."""
    rows = []
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                label, _, text = line.rstrip("\n").partition("\t")
                if label in sentiment_model.CLASSES and text.strip():
                    rows.append((path.stem, label, text.strip()))
    return rows


def load_restaurant(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [("yelp", "positive" if r[1] == "1" else "negative", r[0]) for r in reader if len(r) == 2]


def embed_cached(texts: list[str], cache: Path | None) -> np.ndarray:
    """Vectors of the texts (zero for an empty one, as the encoder gives), reusing those kept in `cache`
    (texts and vectors, .npz) and adding the new ones to it: adding a few corpus lines then costs seconds,
    not the minutes of embedding every line again."""
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.is_file():
        with np.load(cache) as data:
            known = dict(zip(data["texts"].tolist(), data["vectors"].astype(np.float32), strict=True))
    keys = [normalise(t) for t in texts]
    missing = sorted({k for k in keys if k and k not in known})
    if missing:
        known.update(zip(missing, encoder().embed(missing), strict=True))
        if cache is not None:
            np.savez(cache, texts=np.asarray(list(known)), vectors=np.stack(list(known.values())))
    zero = np.zeros(DIM, dtype=np.float32)
    return np.stack([known[k] if k else zero for k in keys]) if keys else np.zeros((0, DIM), np.float32)


def polar_accuracy(truth: list[str], said: list[str]) -> float:
    """Balanced accuracy over the positive and negative texts; a neutral answer to either is wrong."""
    recalls = []
    for cls in ("positive", "negative"):
        idx = [i for i, t in enumerate(truth) if t == cls]
        if idx:
            recalls.append(sum(said[i] == cls for i in idx) / len(idx))
    return float(np.mean(recalls)) if recalls else float("nan")


def choose_c(vectors: np.ndarray, labels: list[str], groups: list[str]) -> tuple[float, dict[float, float]]:
    scores: dict[float, float] = {}
    if len(set(groups)) < 2:
        return 1.0, scores
    for c in GRID:
        per_group = []
        for held in sorted(set(groups)):
            train = [i for i, g in enumerate(groups) if g != held]
            test = [i for i, g in enumerate(groups) if g == held]
            head = sentiment_model.fit(vectors[train], [labels[i] for i in train], c=c)
            said = [r.sentiment for r in sentiment_model.read(head, vectors[test])]  # as the product reads
            per_group.append(polar_accuracy([labels[i] for i in test], said))
        scores[c] = round(float(np.mean(per_group)), 4)
    return max(scores, key=lambda c: scores[c]), scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("restaurant", type=Path, help="Restaurant_Reviews.tsv (CC BY 4.0)")
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation strength")
    parser.add_argument("--cv", action="store_true", help="also report leave-one-language-out accuracy")
    parser.add_argument("--cache", type=Path, help="an .npz of embedded texts, read and extended")
    args = parser.parse_args()
    rows = load_restaurant(args.restaurant) + load_corpus()
    groups = [g for g, _, _ in rows]
    labels = [label for _, label, _ in rows]
    vectors = embed_cached([t for _, _, t in rows], args.cache)
    c, scores = args.c, (choose_c(vectors, labels, groups)[1] if args.cv else {})
    head = sentiment_model.fit(vectors, labels, c=c)
    sentiment_model.HEAD_FILE.write_text(json.dumps(head.to_json()) + "\n", encoding="utf-8")
    codes = np.asarray([sentiment_model.CLASSES.index(label) for label in labels], dtype=np.int8)
    np.savez_compressed(sentiment_model.TRAIN_FILE, vectors=vectors.astype(np.float16), labels=codes)
    counts = {g: groups.count(g) for g in sorted(set(groups))}
    print(json.dumps({"texts": len(rows), "groups": counts, "c": c, "leave_one_language_out": scores}))  # noqa: T201


if __name__ == "__main__":
    main()
