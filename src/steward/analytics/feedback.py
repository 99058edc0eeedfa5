"""What a body of feedback says, theme by theme: for each configured theme the texts touch, and each theme
discovered among the texts that match none, how many texts, how positive, and a few examples (the most
negative ones first, and the most positive one), so a reader sees both sides in the customers' own words."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from steward.analytics.text import DISCOVER_SIMILARITY, cluster

DISCOVER_LIMIT = 5000  # texts clustered for discovered themes, in the order given (newest first)


@dataclass(frozen=True)
class Said:
    """One piece of feedback, already read: its text, language, sentiment and configured themes."""

    ref: str  # what it is, e.g. "response:12", "ticket:40"
    text: str
    language: str | None
    sentiment: str | None
    score: float | None  # sentiment score in [-1, 1]
    themes: tuple[str, ...]
    rating: int | None = None  # a survey answer's score
    # Sentiment of the part of the text about each theme: {theme: (sentiment, score)}.
    aspects: dict[str, tuple[str | None, float | None]] = field(default_factory=dict)

    def about(self, theme: str) -> tuple[str | None, float | None]:
        """The sentiment of what the text says about a theme (the whole text's when not known)."""
        return self.aspects.get(theme, (self.sentiment, self.score))


@dataclass(frozen=True)
class ThemeStats:
    name: str
    source: Literal["configured", "discovered"]
    count: int
    positive: int
    neutral: int
    negative: int
    mean_sentiment: float | None
    examples: tuple[Said, ...]


def theme_stats(
    items: Sequence[Said], *, vectors: np.ndarray | None = None, examples: int = 3
) -> list[ThemeStats]:
    """Configured themes first, then the themes discovered among the texts that match none (when their
    `vectors` are given, one row per item), each group by size."""
    named: dict[str, list[Said]] = defaultdict(list)
    for item in items:
        for theme in item.themes:
            named[theme].append(item)
    out = [_stats(name, "configured", members, examples, theme=name) for name, members in named.items()]
    if vectors is not None:
        rest = [k for k, i in enumerate(items) if not i.themes and i.text.strip()][:DISCOVER_LIMIT]
        texts = [items[k].text for k in rest]
        for found in cluster(texts, vectors[rest], threshold=DISCOVER_SIMILARITY):
            out.append(_stats(found.label, "discovered", [items[rest[m]] for m in found.members], examples))
    return sorted(out, key=lambda t: (t.source != "configured", -t.count, t.name))


def _stats(
    name: str,
    source: Literal["configured", "discovered"],
    members: Sequence[Said],
    n: int,
    theme: str | None = None,
) -> ThemeStats:
    """A configured theme counts what each text says about it (its aspect), not the whole text's tone."""
    readings = [m.about(theme) if theme else (m.sentiment, m.score) for m in members]
    said = [r[0] for r in readings]
    scores = [r[1] for r in readings if r[1] is not None]
    distinct = list({m.text.strip(): m for m in sorted(members, key=lambda m: m.score or 0.0)}.values())
    ranked = sorted(distinct, key=lambda m: m.score or 0.0)  # one example per wording
    picked = ranked[: n - 1] + ranked[-1:] if len(ranked) > n else ranked
    return ThemeStats(
        name=name,
        source=source,
        count=len(members),
        positive=said.count("positive"),
        neutral=said.count("neutral"),
        negative=said.count("negative"),
        mean_sentiment=round(sum(scores) / len(scores), 4) if scores else None,
        examples=tuple(picked),
    )
