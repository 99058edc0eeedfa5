"""Sentiment per theme inside one comment ("love the product, but support takes days"): the comment is cut
into clauses at sentence ends, Chinese commas (which join independent clauses) and at contrast words of
the common languages; each clause that speaks of a matched theme most closely gives that theme its
sentiment.
"""

# ruff: noqa: RUF001  (full-width CJK punctuation is matched on purpose)

from __future__ import annotations

import re
from typing import Final

# Sentence ends, and contrast words that open a new clause (en, de, fr, es, pt, it, nl, pl, ru, uk, tr, sv,
# he, ar, zh, ja, ko, hi, id, vi).
_CONTRAST: Final = (
    r"but|however|although|though|whereas|aber|jedoch|allerdings|doch|mais|cependant|pero|sin embargo|"
    r"aunque|mas|porém|contudo|embora|ma|però|tuttavia|maar|echter|ale|jednak|natomiast|но|однако|зато|"
    r"але|проте|ama|fakat|ancak|men|dock|אבל|אך|לעומת זאת|لكن|ولكن|tapi|tetapi|namun|nhưng|लेकिन|मगर|"
    r"하지만|그러나|그런데"
)
_SPLIT: Final = re.compile(
    rf"[.!?;\n]+\s+|[。！？；，\n]+|[,、]?\s*(?=(?<![^\W\d_])(?:{_CONTRAST})(?![^\W\d_]))|"
    r",?\s*(?=但是|可是|不过|然而|却是)|(?:(?<=けど)|(?<=けれど)|(?<=が))、|でも、?|しかし、?"
)
_CONTRAST_ONLY: Final = re.compile(
    rf"[,，、;]?\s*(?<![^\W\d_])(?:{_CONTRAST})(?![^\W\d_])|[,，]?\s*(?:但是|可是|不过|不過|然而|却|卻)|[,，]\s*但|"
    r"(?:(?<=けど)|(?<=けれど)|(?<=が))、|でも、?|しかし、?"
)
MIN_CLAUSE: Final = 2


def clauses(text: str) -> list[str]:
    """The clauses of a text, in order; a text without sentence breaks or contrast words is one clause."""
    parts = [p.strip(" ,，、") for p in _SPLIT.split(text) if p]
    kept = [p for p in parts if len(p) >= MIN_CLAUSE]
    return kept or ([text.strip()] if text.strip() else [])


def after_contrast(text: str) -> str | None:
    """What follows the last contrast word ("good, but slow" -> "slow"), when there is one with words on
    both sides; the part that usually carries the writer's verdict."""
    found = list(_CONTRAST_ONLY.finditer(text))
    if not found:
        return None
    last = found[-1]
    before, after = text[: last.start()].strip(" ,，、;"), text[last.end() :].strip(" ,，、;")
    return after if len(before) >= MIN_CLAUSE and len(after) >= MIN_CLAUSE else None
