"""Matching configured themes (a name plus example phrases) in comments of any language.

Each theme becomes keywords: the multilingual keywords of every built-in concept that its name or its
examples point at (so English examples reach German, Chinese or Hebrew comments), its own name words and
its example phrases. A comment with no keyword hit can still match by character n-gram TF-IDF similarity
to the examples (catches spelling variants and unlisted inflections in the examples' language).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from steward.analytics.text.theme_keywords import ALIASES, CONCEPTS

NGRAM_THRESHOLD: Final = 0.45  # cosine of char 3-4 grams; below it unrelated comments start to match
MIN_NAME_WORD: Final = 3
_NO_SPACE_SCRIPT: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_HEBREW: Final = re.compile(r"[\u0590-\u05ff]")
HEBREW_PREFIX: Final = "[והשבלמכ]?"  # Hebrew glues "the", "and", "in"... to the next word
_STOP_TEXT: Final = "the and for with too very our your this that not are was were"
STOP: Final = frozenset(_STOP_TEXT.split())
BY_NAME_ONLY: Final = frozenset({"bugs"})


@dataclass(frozen=True)
class Theme:
    name: str
    examples: tuple[str, ...] = ()


def _pattern(keywords: set[str]) -> re.Pattern[str]:
    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(words, key=len, reverse=True))

    cjk = [k for k in keywords if _NO_SPACE_SCRIPT.search(k)]
    hebrew = [k for k in keywords if _HEBREW.search(k)]
    spaced = [k for k in keywords if k not in cjk and k not in hebrew]
    parts = []
    # Inflections: up to 3 more letters after a long keyword, 2 after a short one, none after 1-3 letters,
    # so "preis" finds "preise" but Portuguese "custo" does not find "customer", nor German "abo" "about".
    for low, high, suffix in ((6, 99, 3), (4, 5, 2), (1, 3, 0)):
        sized = [k for k in spaced if low <= len(k) <= high]
        if sized:
            parts.append(rf"(?<!\w)(?:{alternation(sized)})\w{{0,{suffix}}}(?!\w)")
    if hebrew:
        parts.append(rf"(?<!\w){HEBREW_PREFIX}(?:{alternation(hebrew)})\w{{0,3}}(?!\w)")
    if cjk:
        parts.append(alternation(cjk))
    return re.compile("|".join(parts) if parts else r"(?!x)x")


def _concept_patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for concept, by_language in CONCEPTS.items():
        keywords = {k for text in by_language.values() for k in _split(text)}
        out[concept] = _pattern(keywords)
    return out


def _split(text: str) -> list[str]:
    """Keywords of one table entry; "_" joins the words of a phrase."""
    return [k.replace("_", " ") for k in text.lower().split()]


_CONCEPTS: Final = _concept_patterns()


def concepts_for(theme: Theme) -> list[str]:
    """Built-in concepts a theme stands for: by its name, or by keywords found in its examples."""
    name = theme.name.strip().lower()
    found = [ALIASES[name]] if name in ALIASES else []
    if name in CONCEPTS and name not in found:
        found.append(name)
    for example in theme.examples:
        # The concept covering most of the example wins: "slow response time" is support, not speed.
        # Failure words ("CSV export broken") describe every theme's complaints, so they pull in the
        # bugs concept only through the theme's name.
        low = example.lower()
        covered = {
            c: sum(len(m) for m in p.findall(low)) for c, p in _CONCEPTS.items() if c not in BY_NAME_ONLY
        }
        best = max(covered.values(), default=0)
        found.extend(c for c, n in covered.items() if n and n == best and c not in found)
    return found


@dataclass(frozen=True)
class CompiledTheme:
    name: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...]


def compile_theme(theme: Theme) -> CompiledTheme:
    keywords: set[str] = set()
    for concept in concepts_for(theme):
        keywords.update(k for text in CONCEPTS[concept].values() for k in _split(text))
    keywords.update(
        w for w in re.findall(r"\w+", theme.name.lower()) if len(w) >= MIN_NAME_WORD and w not in STOP
    )
    keywords.update(e.lower().strip() for e in theme.examples if e.strip())
    return CompiledTheme(theme.name, _pattern(keywords), tuple(e for e in theme.examples if e.strip()))


def _ngram_similarity(texts: Sequence[str], compiled: Sequence[CompiledTheme]) -> np.ndarray:
    """texts x themes: best cosine similarity of a text to one of the theme's examples."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    sims = np.zeros((len(texts), len(compiled)))
    examples = [e for c in compiled for e in c.examples]
    if not examples or not texts:
        return sims
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), lowercase=True, sublinear_tf=True)
    ex = vec.fit_transform(examples)
    tx = vec.transform(list(texts))
    all_sims = (tx @ ex.T).toarray()
    start = 0
    for j, c in enumerate(compiled):
        n = len(c.examples)
        if n:
            sims[:, j] = all_sims[:, start : start + n].max(axis=1)
        start += n
    return sims


def match_themes(texts: Sequence[str], themes: Sequence[Theme]) -> list[tuple[str, ...]]:
    """Names of the themes each text matches, strongest first (keyword hits, then n-gram similarity)."""
    if not themes:
        return [() for _ in texts]
    compiled = [compile_theme(t) for t in themes]
    sims = _ngram_similarity(texts, compiled)
    out: list[tuple[str, ...]] = []
    for i, text in enumerate(texts):
        low = text.lower()
        strengths: list[tuple[float, int]] = []
        for j, c in enumerate(compiled):
            hits = len(c.pattern.findall(low))
            strength = hits + (sims[i, j] if sims[i, j] >= NGRAM_THRESHOLD else 0.0)
            if strength > 0:
                strengths.append((strength, j))
        strengths.sort(key=lambda s: (-s[0], s[1]))
        out.append(tuple(compiled[j].name for _, j in strengths))
    return out
