"""Configured themes matched by meaning: a theme is a name plus example phrases in any language, and a text
matches it when its e5 vector is close to the theme's phrases (the mean cosine to its two closest ones,
which measured better than the single closest or the centroid). Because e5 maps translations close
together, a Polish example finds a Chinese complaint. Each match carries a score in [0, 1].

The floor and the margins were chosen on Steward's own theme development sets (bench/data: B2B software
and airline comments in twelve languages); bench/feedback_text.py reports macro-F1 on them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

# Cosine between e5 vectors of unrelated texts sits around 0.75-0.8: BASE and TOP map to scores 0 and 1.
BASE: Final = 0.75
TOP: Final = 0.92
FLOOR: Final = 0.805  # at least this close to the theme's phrases: the text is about it
MARGIN: Final = 0.005  # another theme only when nearly as close as the best one...
SECOND_FLOOR: Final = FLOOR + 0.01  # ...and clearly above the floor
NEAREST: Final = 2  # phrases averaged
MAX_THEMES: Final = 3


@dataclass(frozen=True)
class Theme:
    name: str
    examples: tuple[str, ...] = ()

    def phrases(self) -> tuple[str, ...]:
        """What the theme is compared by: its examples and its name."""
        examples = tuple(e.strip() for e in self.examples if e.strip())
        return (*examples, self.name.strip())


@dataclass(frozen=True)
class ThemeMatch:
    name: str
    score: float  # in [0, 1]: how close the text is to the theme's nearest phrase


def score(similarity: float) -> float:
    return round(min(1.0, max(0.0, (similarity - BASE) / (TOP - BASE))), 4)


class ThemeIndex:
    """The vectors of the themes' phrases, embedded once."""

    def __init__(self, themes: Sequence[Theme], embed: Callable[[Sequence[str]], np.ndarray]) -> None:
        self.names = [t.name for t in themes]
        phrases = [t.phrases() for t in themes]
        flat = [p for group in phrases for p in group]
        vectors = embed(flat) if flat else np.zeros((0, 0), dtype=np.float32)
        self._owner = np.repeat(np.arange(len(themes)), [len(g) for g in phrases])
        self._vectors = vectors

    def similarities(self, vectors: np.ndarray) -> np.ndarray:
        """texts x themes: mean cosine to each theme's NEAREST closest phrases."""
        out = np.full((len(vectors), len(self.names)), -1.0, dtype=np.float32)
        if not len(self.names) or not len(vectors):
            return out
        sims = vectors @ self._vectors.T
        for k in range(len(self.names)):
            own = np.sort(sims[:, self._owner == k], axis=1)
            out[:, k] = own[:, -NEAREST:].mean(axis=1)
        return out

    def match(self, vectors: np.ndarray) -> list[tuple[ThemeMatch, ...]]:
        """The themes each text is about, closest first."""
        return self.pick(self.similarities(vectors))

    def pick(self, sims: np.ndarray) -> list[tuple[ThemeMatch, ...]]:
        """The themes each row of texts x themes similarities is about, closest first."""
        out: list[tuple[ThemeMatch, ...]] = []
        for row in sims:
            order = np.argsort(-row)
            best = float(row[order[0]]) if len(order) else -1.0
            found = [
                ThemeMatch(self.names[k], score(float(row[k])))
                for rank, k in enumerate(order[:MAX_THEMES])
                if row[k] >= (FLOOR if rank == 0 else SECOND_FLOOR) and row[k] >= best - MARGIN
            ]
            out.append(tuple(found))
        return out
