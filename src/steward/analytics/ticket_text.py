"""Text models for tickets, offline and trained on the workspace's own tickets.

- A classifier that suggests a ticket's type, category or priority with a confidence: TF-IDF of words
  (1-2 grams) and of characters within words (2-5 grams, which copes with typos, inflection and scripts
  without spaces), then a linear model with log loss, so its probabilities are usable as confidence.
- Grouping of similar tickets for recurring issues: word TF-IDF, star groups around the tickets with the
  most neighbours above a cosine similarity threshold, labelled by their strongest terms.
Both are evaluated on the Endava tickets in bench/ and tests/, beside a multinomial naive Bayes baseline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline, make_pipeline, make_union

SEED = 0


def features() -> Any:
    return make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    )


def classifier() -> Pipeline:
    """The model Steward trains per workspace and field."""
    # Balanced class weights lift the small classes (macro F1) without costing the large ones (bench/).
    model = SGDClassifier(
        loss="log_loss", alpha=1e-5, max_iter=200, tol=1e-4, class_weight="balanced", random_state=SEED
    )
    return make_pipeline(features(), model)


def baseline() -> Pipeline:
    """Multinomial naive Bayes over word counts: the published approach for these tickets."""
    return make_pipeline(CountVectorizer(), MultinomialNB())


@dataclass(frozen=True)
class Suggestion:
    value: str
    confidence: float


def suggest(model: Pipeline, texts: Sequence[str]) -> list[Suggestion]:
    probabilities = model.predict_proba(list(texts))
    classes = model.classes_
    best = probabilities.argmax(axis=1)
    return [
        Suggestion(str(classes[i]), round(float(p[i]), 4)) for i, p in zip(best, probabilities, strict=True)
    ]


@dataclass(frozen=True)
class Scores:
    weighted_f1: float
    macro_f1: float


def cross_validate(make: Any, texts: Sequence[str], labels: Sequence[Any], folds: int = 5) -> Scores:
    """Stratified k-fold (seed 0): weighted and macro F1 of out-of-fold predictions. Classes with fewer
    members than folds still count (their members are spread over the folds they can fill)."""
    x = np.asarray(texts, dtype=object)
    y = np.asarray(labels)
    predicted = np.empty_like(y)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=SEED)
    for train, test in splitter.split(x, y):
        model = make()
        model.fit(list(x[train]), y[train])
        predicted[test] = model.predict(list(x[test]))
    return Scores(
        weighted_f1=float(f1_score(y, predicted, average="weighted")),
        macro_f1=float(f1_score(y, predicted, average="macro")),
    )


@dataclass(frozen=True)
class Group:
    members: list[int]  # positions in the input
    terms: list[str]  # the strongest terms of the group's centroid


def group_similar(
    texts: Sequence[str], threshold: float = 0.4, min_size: int = 3, terms: int = 4
) -> list[Group]:
    """Star groups, largest first: the text with the most neighbours (cosine similarity >= threshold) and
    its neighbours still free form a group, then the next. Every member is similar to its group's centre,
    so groups do not chain into one giant component as single linkage does."""
    if len(texts) < min_size:
        return []
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(list(texts))
    except ValueError:  # nothing but empty texts
        return []
    similar = (matrix @ matrix.T).tocsr()
    similar.data[similar.data < threshold] = 0
    similar.eliminate_zeros()
    free = np.ones(len(texts), dtype=bool)
    names = np.asarray(vectorizer.get_feature_names_out())
    groups = []
    for centre in np.argsort(-np.diff(similar.indptr), kind="stable"):
        if not free[centre]:
            continue
        neighbours = similar.indices[similar.indptr[centre] : similar.indptr[centre + 1]]
        members = np.sort(neighbours[free[neighbours]])
        if len(members) < min_size:
            continue
        free[members] = False
        groups.append([int(m) for m in members])
    return [Group(m, _terms(matrix, m, names, terms)) for m in _merged(matrix, groups, threshold)]


def _merged(matrix: Any, groups: list[list[int]], threshold: float) -> list[list[int]]:
    """Groups whose centroids are as similar as members must be become one (paraphrases of one problem
    can form two stars); one pass over the centroids, joined by connected components."""
    if len(groups) < 2:
        return groups
    centroids = np.vstack([np.asarray(matrix[g].mean(axis=0)).ravel() for g in groups])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    count, labels = connected_components(csr_matrix(centroids @ centroids.T >= threshold), directed=False)
    joined: list[list[int]] = [[] for _ in range(count)]
    for group, label in zip(groups, labels, strict=True):
        joined[label].extend(group)
    return sorted((sorted(g) for g in joined), key=lambda g: -len(g))


def _terms(matrix: Any, members: list[int], names: Any, count: int) -> list[str]:
    centroid = np.asarray(matrix[members].mean(axis=0)).ravel()
    return [str(names[i]) for i in centroid.argsort()[::-1][:count] if centroid[i] > 0]


def purity(groups: Sequence[Group], labels: Sequence[Any]) -> float:
    """The share of grouped texts whose group's majority label is their own."""
    grouped = sum(len(g.members) for g in groups)
    if not grouped:
        return 0.0
    agreeing = 0
    for group in groups:
        _, counts = np.unique(np.asarray([labels[m] for m in group.members]), return_counts=True)
        agreeing += int(counts.max())
    return agreeing / grouped
