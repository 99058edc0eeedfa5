"""Finding recurring themes nobody configured: TF-IDF over words (and character pairs for Chinese and
Japanese, which have no spaces), star groups around the comments with the most close neighbours, each
labelled by the phrases that most set it apart from the rest of the comments.

Large inputs are grouped on a fixed-seed sample, and every other comment then joins the group whose
centre it is closest to, when close enough, so the cost stays bounded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final

import numpy as np

SIMILARITY: Final = 0.3  # cosine of word TF-IDF above which two comments count as neighbours
SAMPLE: Final = 4000
SEED: Final = 0
LABEL_PHRASES: Final = 3
_CJK_RUN: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
_WORD: Final = re.compile(r"[^\W\d_]{2,}")
# Function words of the supported languages: never a theme's key phrase.
_STOP_TEXT: Final = """
    every again always still now time times day days month week year thing things lot
    the and for with this that was were are is it its not but have has had you your our they them very
    too just really can could would should will been from what when there their about all also any some
    more most much than then into out get got one app der die das und ist nicht ein eine mit für auf den
    dem des sich ich wir sie es zu von im am bei noch auch aber sehr le la les et est pas un une des du
    de en pour avec dans sur que qui ce il elle nous vous très mais el los las es por con para una del
    al lo se su muy pero como más y o no en w z na się jest nie to że do za co jak ale tak של את זה לא
    על עם גם אבל מאוד הוא היא אני
"""
STOP_WORDS: Final = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class DiscoveredTheme:
    label: str
    key_phrases: tuple[str, ...]
    members: tuple[int, ...]


def analyzer(text: str) -> list[str]:
    """Lowercase words (no stop words) and their adjacent pairs; character pairs inside CJK runs."""
    low = text.lower()
    words = [w for w in _WORD.findall(_CJK_RUN.sub(" ", low)) if w not in STOP_WORDS]
    grams = words + [f"{a} {b}" for a, b in pairwise(words)]
    for run in _CJK_RUN.findall(low):
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def discover_themes(texts: Sequence[str], *, max_themes: int = 8, min_size: int = 3) -> list[DiscoveredTheme]:
    """Up to max_themes groups of at least min_size similar comments, largest first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < min_size:
        return []
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2)
    try:
        x = vec.fit_transform(list(texts))
    except ValueError:  # no term occurs twice: nothing recurs
        return []
    rng = np.random.default_rng(SEED)
    sample = np.arange(len(texts)) if len(texts) <= SAMPLE else np.sort(rng.choice(len(texts), SAMPLE, False))
    groups = _star_groups(x[sample], max_themes, min_size)
    vocab = vec.get_feature_names_out()
    overall = np.asarray(x.mean(axis=0)).ravel()
    members = (
        _assign_all(x, [sample[g] for g in groups])
        if len(sample) < len(texts)
        else [sample[g] for g in groups]
    )
    out = []
    for m in members:
        if len(m) < min_size:
            continue
        phrases = _key_phrases(x[m], overall, vocab)
        out.append(DiscoveredTheme(" / ".join(phrases), phrases, tuple(int(i) for i in sorted(m))))
    out.sort(key=lambda t: -len(t.members))
    return out[:max_themes]


def _star_groups(x: Any, max_themes: int, min_size: int) -> list[np.ndarray]:
    sims = (x @ x.T).toarray()
    np.fill_diagonal(sims, 0.0)
    close = sims >= SIMILARITY
    free = np.ones(x.shape[0], dtype=bool)
    groups: list[np.ndarray] = []
    while len(groups) < max_themes:
        degree = (close[:, free] & free[:, None]).sum(axis=1)
        centre = int(degree.argmax())
        if degree[centre] + 1 < min_size:
            break
        group = np.flatnonzero(close[centre] & free)
        group = np.append(group, centre)
        free[group] = False
        groups.append(group)
    return groups


def _assign_all(x: Any, groups: list[np.ndarray]) -> list[np.ndarray]:
    """Every comment joins the nearest group centre above the similarity threshold."""
    if not groups:
        return []
    centres = np.vstack([np.asarray(x[g].mean(axis=0)) for g in groups])
    centres /= np.linalg.norm(centres, axis=1, keepdims=True) + 1e-12
    sims = np.asarray(x @ centres.T)
    best = sims.argmax(axis=1)
    keep = sims.max(axis=1) >= SIMILARITY
    return [np.flatnonzero(keep & (best == k)) for k in range(len(groups))]


def _key_phrases(x: Any, overall: np.ndarray, vocab: np.ndarray) -> tuple[str, ...]:
    """Terms most over-represented in the group, skipping a word already inside a chosen phrase."""
    weight = np.asarray(x.mean(axis=0)).ravel() - overall
    chosen: list[str] = []
    for i in np.argsort(-weight):
        term = str(vocab[i])
        if weight[i] <= 0 or len(chosen) == LABEL_PHRASES:
            break
        if any(term in c or c in term for c in chosen):
            continue
        chosen.append(term)
    return tuple(chosen)
