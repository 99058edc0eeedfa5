"""Text models for tickets, offline and trained on the workspace's own tickets.

- A classifier that suggests a ticket's type, category or priority with a confidence: TF-IDF of words
  (1-2 grams) and of characters within words (2-5 grams, which copes with typos, inflection and scripts
  without spaces), then a linear model with log loss, so its probabilities are usable as confidence.
  Evaluated on the Endava tickets in bench/ and tests/, beside a multinomial naive Bayes baseline.
- Grouping of tickets about the same problem, for recurring issues: by the meaning of their e5 vectors
  (analytics.text), so a German and a Polish ticket about one failure join, named in the customers' words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from steward.analytics import text
from steward.analytics.text import Cluster
from steward.analytics.text.clusters import shorten

SEED = 0
REFINE_ROUNDS = 3  # re-assignments of tickets to their groups' means (see group_by_meaning)


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


def group_by_meaning(
    names: Sequence[str],
    vectors: np.ndarray,
    *,
    threshold: float,
    join: float,
    min_size: int = 3,
    max_groups: int = 8,
) -> list[Cluster]:
    """Tickets about the same problem whatever their language or wording, largest group first; `vectors`
    are the tickets' unit e5 vectors, `names` what each is called (its subject).

    Star groups of close vectors find the problems (`text.cluster`: the ticket with the most neighbours
    within `threshold` and those neighbours, then again among the rest). Then every ticket belongs to the
    group whose mean (without the ticket itself) it is closest to, when that is within `join`, else to
    none. A star alone can take a ticket of another problem close to its centre (written in the same
    language, say) and leave out a paraphrase far from its centre; a group's mean stands for its problem
    better than any one ticket: on tests/domains/tickets/ticket_problems.py a paraphrase is at least
    0.910 from the mean of the others of its problem, while two paraphrases in different languages can be
    0.85 apart. A star's mean is that of a few tickets near its centre, so the means are taken again from
    the tickets each group took, and the tickets assigned again, until none moves (at most REFINE_ROUNDS):
    with one assignment two paraphrases of one problem (Polish and Japanese, 0.94 and 0.91 from the mean
    of the others) were left out on one machine's vectors. Each group is named by its members closest to
    its mean."""
    stars = text.cluster(names, vectors, threshold=threshold, min_size=min_size, max_groups=max_groups)
    if not stars:
        return []
    members = [np.asarray(g.members) for g in stars]
    group, similar = _join(vectors, members, join)
    for _ in range(REFINE_ROUNDS):  # each group's mean again from the tickets it took, until none moves
        taken = [np.flatnonzero(group == k) for k in range(len(members))]
        taken = [t if len(t) else m for t, m in zip(taken, members, strict=True)]
        if all(np.array_equal(t, m) for t, m in zip(taken, members, strict=True)):
            break
        members = taken
        group, similar = _join(vectors, members, join)
    out = []
    for k in range(len(stars)):
        mine = np.flatnonzero(group == k)
        if len(mine) >= min_size:
            out.append(_named(names, mine[np.argsort(-similar[mine, k], kind="stable")]))
    return sorted(out, key=lambda g: -len(g.members))[:max_groups]


def _join(vectors: np.ndarray, members: list[np.ndarray], join: float) -> tuple[np.ndarray, np.ndarray]:
    """Each ticket's group (-1: none) and its cosine to every group's mean, a member's without itself."""
    sums = np.vstack([vectors[m].sum(axis=0) for m in members])
    similar = vectors @ _unit(sums).T
    for k, m in enumerate(members):
        similar[m, k] = np.einsum("ij,ij->i", vectors[m], _unit(sums[k] - vectors[m]))
    return np.where(similar.max(axis=1) >= join, similar.argmax(axis=1), -1), similar


def _named(names: Sequence[str], order: np.ndarray) -> Cluster:
    """The group of these members (most central first), named by its most central distinct names."""
    central: list[str] = []
    for i in order:
        name = " ".join(names[int(i)].split())
        if name and name.casefold() not in {c.casefold() for c in central}:
            central.append(name)
        if len(central) == 3:
            break
    # The most central subject (not the shorter of the two most central, as for comments: subjects are
    # short already, and a shorter one in Chinese says less than its English neighbour).
    return Cluster(tuple(int(i) for i in order), shorten(central[0]) if central else "", tuple(central))


def _unit(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = x / (np.linalg.norm(x, axis=-1, keepdims=True) + 1e-12)
    return out
