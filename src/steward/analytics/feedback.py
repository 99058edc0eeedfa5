"""What a body of feedback says, theme by theme: for each configured theme the texts touch, and each theme
discovered among the texts that match none, how many texts, how positive, and a few examples (the most
negative ones first, and the most positive one), so a reader sees both sides in the customers' own words."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from steward.analytics.text import discover_themes

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


def theme_stats(items: Sequence[Said], *, examples: int = 3, discover: bool = True) -> list[ThemeStats]:
    """Configured themes first, then discovered ones, each group by size."""
    named: dict[str, list[Said]] = defaultdict(list)
    for item in items:
        for theme in item.themes:
            named[theme].append(item)
    out = [_stats(name, "configured", members, examples) for name, members in named.items()]
    if discover:
        rest = [i for i in items if not i.themes][:DISCOVER_LIMIT]
        for found in discover_themes([i.text for i in rest]):
            out.append(_stats(found.label, "discovered", [rest[m] for m in found.members], examples))
    return sorted(out, key=lambda t: (t.source != "configured", -t.count, t.name))


def _stats(
    name: str, source: Literal["configured", "discovered"], members: Sequence[Said], n: int
) -> ThemeStats:
    said = [m.sentiment for m in members]
    scores = [m.score for m in members if m.score is not None]
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
