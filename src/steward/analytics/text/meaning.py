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
# A comment names a theme only when about as close to it as to these generic remarks, which sit close to
# every theme ("thank you" was "Lost luggage"): a short one (under SHORT characters) must be closer, a longer
# one may be GENERIC_SLACK less close. Macro-F1 on the development sets 0.722 -> 0.730 and 0.671 -> 0.663.
SHORT: Final = 30
GENERIC_SLACK: Final = 0.02
GENERIC: Final = ("thank you", "great, thanks", "ok", "good", "bad", "hello", "see you soon", "nice people",
                  "terrible experience", "love it")  # fmt: skip
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
        self._embed = embed
        self._generic: np.ndarray | None = None

    def generic(self, vectors: np.ndarray) -> np.ndarray:
        """How close each text is to generic remarks (mean cosine to the NEAREST closest)."""
        if self._generic is None:
            self._generic = self._embed(GENERIC)
        sims = np.sort(vectors @ self._generic.T, axis=1)
        out: np.ndarray = sims[:, -NEAREST:].mean(axis=1)
        return out

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

    def match(self, texts: Sequence[str], vectors: np.ndarray) -> list[tuple[ThemeMatch, ...]]:
        """The themes each text is about, closest first."""
        return self.pick(texts, vectors, self.similarities(vectors))

    def pick(
        self, texts: Sequence[str], vectors: np.ndarray, sims: np.ndarray
    ) -> list[tuple[ThemeMatch, ...]]:
        """The themes each text is about, from its texts x themes similarities, closest first."""
        floor = np.full(len(texts), -1.0)
        if len(self.names) and len(texts):
            slack = np.asarray([0.0 if len(t.strip()) < SHORT else GENERIC_SLACK for t in texts])
            floor = self.generic(vectors) - slack
        out: list[tuple[ThemeMatch, ...]] = []
        for row, generic in zip(sims, floor, strict=True):
            row = np.where(row >= generic, row, -1.0)
            order = np.argsort(-row)
            best = float(row[order[0]]) if len(order) else -1.0
            found = [
                ThemeMatch(self.names[k], score(float(row[k])))
                for rank, k in enumerate(order[:MAX_THEMES])
                if row[k] >= (FLOOR if rank == 0 else SECOND_FLOOR) and row[k] >= best - MARGIN
            ]
            out.append(tuple(found))
        return out
