"""Lexicon-based sentiment for every supported language: word lookup with negation, boosters and contrast
for languages written with spaces, substring search for Chinese and Japanese, emoji everywhere.

The raw sum is squashed with x / sqrt(x^2 + 4) (the normalisation VADER uses, with a constant suited to
weights of 1 and 2), so one plain sentiment word gives about +-0.45 and several agree towards +-1.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from steward.analytics.text.lexicon_cjk import CJK, EMOJI_NEGATIVE, EMOJI_POSITIVE, JA_NEGATORS, ZH_NEGATORS
from steward.analytics.text.lexicon_latin import LATIN

# Emoticons first so that ":)" is one token; then words (letters, inner apostrophes); then emoji; then
# the punctuation that ends a negation's scope.
TOKEN: Final = re.compile(
    r">:\(|:'\(|[:;=]-?[)(DPp/\]\[]|<3|[^\W\d_]+(?:'[^\W\d_]+)*|[\u2600-\u27bf\U0001f300-\U0001faff]|[.,!?;]"
)
BREAKS: Final = frozenset(".,!?;")
NEGATION_WINDOW: Final = 3
NEGATED: Final = -0.8  # "not good" is weaker than "bad"; "not bad" is mildly positive
BOOST: Final = 1.5
# A word followed by these within two words is negated too ("gefällt mir nicht", "ça marche pas").
POST_NEGATORS: Final = {"de": frozenset({"nicht", "nichts", "nie"}), "fr": frozenset({"pas", "jamais"})}
HEBREW_PREFIXES: Final = "והשבלמכ"
SQUASH: Final = 4.0


def squash(raw: float) -> float:
    return raw / math.sqrt(raw * raw + SQUASH)


def _entries(text: str, weight: float, exact: dict[str, float], prefix: dict[str, float]) -> None:
    for entry in text.split():
        entry = entry.lower()
        if entry.endswith("*") and len(entry) > 1:
            prefix[entry[:-1]] = weight
        else:
            exact[entry] = weight


def _emoji() -> dict[str, float]:
    table = {e.lower(): 1.0 for e in EMOJI_POSITIVE.split()}
    table.update({e.lower(): -1.0 for e in EMOJI_NEGATIVE.split()})
    return table


@dataclass
class WordLexicon:
    """Sentiment words of one language written with spaces."""

    language: str
    exact: dict[str, float] = field(default_factory=dict)
    prefix: dict[str, float] = field(default_factory=dict)
    negators: frozenset[str] = frozenset()
    boosters: frozenset[str] = frozenset()
    contrast: frozenset[str] = frozenset()
    memo: dict[str, float] = field(default_factory=dict)

    def weight(self, token: str) -> float:
        hit = self.memo.get(token)
        if hit is None:
            hit = self._lookup(token)
            if hit == 0.0 and self.language == "he" and len(token) > 3 and token[0] in HEBREW_PREFIXES:
                hit = self._lookup(token[1:])  # Hebrew glues "and", "the", "that", "in"... to the word
            if len(self.memo) < 200_000:
                self.memo[token] = hit
        return hit

    def _lookup(self, token: str) -> float:
        if token in self.exact:
            return self.exact[token]
        for end in range(len(token), 2, -1):
            w = self.prefix.get(token[:end])
            if w is not None:
                return w
        return 0.0

    def is_negator(self, token: str) -> bool:
        return token in self.negators or (self.language == "en" and token.endswith("n't"))


@cache
def word_lexicon(language: str) -> WordLexicon:
    pos, neg, strong_pos, strong_neg, negators, boosters, contrast = LATIN[language]
    lex = WordLexicon(
        language,
        negators=frozenset(negators.split()),
        boosters=frozenset(boosters.split()),
        contrast=frozenset(contrast.split()),
    )
    for text, weight in ((pos, 1.0), (neg, -1.0), (strong_pos, 2.0), (strong_neg, -2.0)):
        _entries(text, weight, lex.exact, lex.prefix)
    lex.exact.update(_emoji())
    return lex


def tokens(text: str, language: str) -> list[str]:
    found = TOKEN.findall(text.lower().replace("\u2019", "'"))
    if language != "en":
        # Elision in French, Italian...: "n'aime" -> "n", "aime" (so "n" can negate).
        split: list[str] = []
        for t in found:
            split.extend(t.split("'") if "'" in t else (t,))
        return split
    return found


def word_score(text: str, language: str) -> tuple[float, int]:
    """Raw lexicon sum and the number of sentiment words found, for a language written with spaces."""
    lex = word_lexicon(language if language in LATIN else "en")
    toks = tokens(text, lex.language)
    cut = max((i for i, t in enumerate(toks) if t in lex.contrast), default=-1)
    post = POST_NEGATORS.get(lex.language, frozenset())
    total, hits, start = 0.0, 0, 0
    for i, tok in enumerate(toks):
        if tok in BREAKS:
            start = i + 1
            continue
        w = lex.weight(tok)
        if w == 0.0 or lex.is_negator(tok):
            continue
        hits += 1
        before = toks[max(start, i - NEGATION_WINDOW) : i]
        after = _until_break(toks, i + 1, 2) if post else []
        if any(lex.is_negator(t) for t in before) or any(t in post for t in after):
            w *= NEGATED
        if before and (before[-1] in lex.boosters or (len(before) > 1 and before[-2] in lex.boosters)):
            w *= BOOST
        if cut >= 0:
            w *= 0.5 if i < cut else 1.5  # the clause after "but" carries the verdict
        total += w
    return total, hits


def _until_break(toks: list[str], start: int, n: int) -> list[str]:
    out: list[str] = []
    for t in toks[start : start + n]:
        if t in BREAKS:
            break
        out.append(t)
    return out


@dataclass(frozen=True)
class TermLexicon:
    pattern: re.Pattern[str]
    weights: dict[str, float]


@cache
def term_lexicon(language: str) -> TermLexicon:
    pos, neg, strong_pos, strong_neg = CJK[language]
    weights: dict[str, float] = {}
    for text, weight in ((pos, 1.0), (neg, -1.0), (strong_pos, 2.0), (strong_neg, -2.0)):
        for term in text.split():
            weights[term.lower()] = weight
    weights.update(_emoji())
    ordered = sorted(weights, key=len, reverse=True)  # longest first: "太好了" before "好"
    return TermLexicon(re.compile("|".join(re.escape(t) for t in ordered)), weights)


def term_score(text: str, language: str) -> tuple[float, int]:
    """Raw lexicon sum for Chinese or Japanese: terms found as substrings, negation by position."""
    lex = term_lexicon(language)
    low = text.lower()
    total, hits = 0.0, 0
    for m in lex.pattern.finditer(low):
        w = lex.weights[m.group()]
        hits += 1
        if language == "zh":
            before = low[max(0, m.start() - 2) : m.start()]
            if any(n in before for n in ZH_NEGATORS):
                w *= NEGATED
        elif low.startswith(JA_NEGATORS, m.end()) or low.startswith(
            tuple("じゃ" + n for n in ("ない", "なかった")), m.end()
        ):
            w *= NEGATED
        total += w
    return total, hits


def lexicon_score(text: str, language: str) -> tuple[float, int]:
    """Raw (unsquashed) lexicon sum and hit count in the given language."""
    if language in CJK:
        return term_score(text, language)
    return word_score(text, language)
