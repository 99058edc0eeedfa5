"""Groups of texts that say the same thing, whatever their language or wording: star groups over the cosine
similarity of their e5 vectors (the text with most close neighbours and those neighbours, then again among
the rest), each named by its most central texts. Used for discovered feedback themes and recurring issues.

Large inputs are grouped on a fixed-seed sample and every other text then joins the nearest group centre
when close enough, so memory stays bounded (SAMPLE^2 similarities).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

SAMPLE: Final = 3000
SEED: Final = 0
LABEL_CHARS: Final = 90


@dataclass(frozen=True)
class Cluster:
    members: tuple[int, ...]  # indices into the input, most central first
    label: str  # the most central member's text (cut at a word), a name in the customers' words
    central: tuple[str, ...]  # the few most central texts, distinct


def cluster(
    texts: Sequence[str],
    vectors: np.ndarray,
    *,
    threshold: float,
    min_size: int = 3,
    max_groups: int = 8,
) -> list[Cluster]:
    """Up to max_groups groups of at least min_size texts whose vectors are within `threshold` cosine of
    the group's centre text, largest first."""
    n = len(texts)
    if n < min_size:
        return []
    rng = np.random.default_rng(SEED)
    sample = np.arange(n) if n <= SAMPLE else np.sort(rng.choice(n, SAMPLE, replace=False))
    groups = _star_groups(vectors[sample], threshold, min_size, max_groups)
    members = [sample[g] for g in groups]
    if len(sample) < n:
        members = _assign_all(vectors, members, threshold)
    out = []
    for m in members:
        if len(m) >= min_size:
            out.append(_named(texts, vectors, m))
    out.sort(key=lambda c: -len(c.members))
    return out[:max_groups]


def _star_groups(x: np.ndarray, threshold: float, min_size: int, max_groups: int) -> list[np.ndarray]:
    close = (x @ x.T) >= threshold
    np.fill_diagonal(close, False)
    free = np.ones(len(x), dtype=bool)
    groups: list[np.ndarray] = []
    while len(groups) < max_groups:
        degree = (close[:, free] & free[:, None]).sum(axis=1)
        centre = int(degree.argmax())
        if degree[centre] + 1 < min_size:
            break
        group = np.append(np.flatnonzero(close[centre] & free), centre)
        free[group] = False
        groups.append(group)
    return groups


def _assign_all(x: np.ndarray, groups: list[np.ndarray], threshold: float) -> list[np.ndarray]:
    centres = _unit(np.vstack([x[g].mean(axis=0) for g in groups]))
    sims = x @ centres.T
    best = sims.argmax(axis=1)
    keep = sims.max(axis=1) >= threshold
    return [np.flatnonzero(keep & (best == k)) for k in range(len(groups))]


def _named(texts: Sequence[str], vectors: np.ndarray, members: np.ndarray) -> Cluster:
    centre = _unit(vectors[members].mean(axis=0, keepdims=True))[0]
    order = members[np.argsort(-(vectors[members] @ centre))]
    central: list[str] = []
    for i in order:
        text = " ".join(texts[int(i)].split())
        if text and text.casefold() not in {c.casefold() for c in central}:
            central.append(text)
        if len(central) == 3:
            break
    # The shorter of the two most central wordings reads best as a name.
    label = min(central[:2], key=len) if central else ""
    return Cluster(tuple(int(i) for i in order), shorten(label), tuple(central))


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def _unit(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-12)
    return out
