"""Lexicon-based sentiment for every supported language: word lookup with negation, boosters and contrast
for languages written with spaces, substring search for Chinese and Japanese, emoji everywhere.

The raw sum is squashed with x / sqrt(x^2 + 4) (the normalisation VADER uses, with a constant suited to
weights of 1 and 2), so one plain sentiment word gives about +-0.45 and several agree towards +-1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from lexicon_reader.lexicon_cjk import (
    CJK,
    EMOJI_NEGATIVE,
    EMOJI_POSITIVE,
    EXPECTED,
    JA_BOOSTERS,
    JA_CONTRAST,
    JA_I_ADJECTIVE_ENDINGS,
    JA_NEGATION_AFTER,
    JA_PREFIX_NEGATORS,
    NEUTRAL,
    ZH_BOOSTERS,
    ZH_CONTRAST,
    ZH_FILLERS,
    ZH_NEGATORS,
)
from lexicon_reader.lexicon_latin import EXPECTED as WORD_EXPECTED
from lexicon_reader.lexicon_latin import LATIN, PHRASES

# Emoticons first so that ":)" is one token; then words (letters, inner apostrophes); then emoji; then
# the punctuation that ends a negation's scope.
TOKEN: Final = re.compile(
    r">:\(|:'\(|[:;=]-?[)(DPp/\]\[]|<3|[^\W\d_]+(?:'[^\W\d_]+)*|[\u2600-\u27bf\U0001f300-\U0001faff]|[.,!?;]"
)
BREAKS: Final = frozenset(".,!?;")
NEGATION_WINDOW: Final = 3
NEGATED: Final = -0.8  # "not good" is weaker than "bad"; "not bad" is mildly positive
MISSING: Final = -1.0  # a negated expected thing: "no reply", "can't log in", "没回复", "返事がありません"
BOOST: Final = 1.5
# A word followed by these within two words is negated too ("gefällt mir nicht", "ça marche pas").
POST_NEGATORS: Final = {"de": frozenset({"nicht", "nichts", "nie"}), "fr": frozenset({"pas", "jamais"})}
HEBREW_PREFIXES: Final = "והשבלמכ"
SQUASH: Final = 4.0
JA_NEGATION: Final = re.compile(JA_NEGATION_AFTER)


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
    # Expected things ("reply", "log in"): only count, as MISSING, when negated.
    expected_exact: dict[str, float] = field(default_factory=dict)
    expected_prefix: dict[str, float] = field(default_factory=dict)
    # First word -> (words, weight) of multi-word expressions, longest first.
    phrases: dict[str, list[tuple[tuple[str, ...], float]]] = field(default_factory=dict)
    memo: dict[str, tuple[float, bool]] = field(default_factory=dict)

    def weight(self, token: str) -> float:
        return self._memo(token)[0]

    def expected(self, token: str) -> bool:
        return self._memo(token)[1]

    def _memo(self, token: str) -> tuple[float, bool]:
        hit = self.memo.get(token)
        if hit is None:
            w = self._hebrew(token, self._lookup)
            hit = (w, w == 0.0 and self._hebrew(token, self._lookup_expected) != 0.0)
            if len(self.memo) < 200_000:
                self.memo[token] = hit
        return hit

    def _hebrew(self, token: str, lookup: Callable[[str], float]) -> float:
        """Lookup, then for Hebrew without up to two glued prefixes ("and", "the", "that", "in"...)."""
        hit = lookup(token)
        if self.language == "he":
            for cut in (1, 2):
                if hit != 0.0 or len(token) - cut < 2 or token[cut - 1] not in HEBREW_PREFIXES:
                    break
                hit = lookup(token[cut:])
        return hit

    def _lookup(self, token: str) -> float:
        return _find(token, self.exact, self.prefix)

    def _lookup_expected(self, token: str) -> float:
        return _find(token, self.expected_exact, self.expected_prefix)

    def is_negator(self, token: str) -> bool:
        if token in self.negators:
            return True
        if self.language == "en":
            return token.endswith("n't")
        if self.language == "he" and len(token) > 2 and token[0] in HEBREW_PREFIXES:
            return token[1:] in self.negators or (token[1] in HEBREW_PREFIXES and token[2:] in self.negators)
        return False


def _find(token: str, exact: dict[str, float], prefix: dict[str, float]) -> float:
    if token in exact:
        return exact[token]
    for end in range(len(token), 2, -1):
        w = prefix.get(token[:end])
        if w is not None:
            return w
    return 0.0


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
    _entries(WORD_EXPECTED.get(language, ""), 1.0, lex.expected_exact, lex.expected_prefix)
    for text, weight in zip(PHRASES.get(language, ("", "", "")), (1.0, -1.0, 0.0), strict=True):
        for phrase in text.split("|"):
            words = tuple(tokens(phrase, language))
            if len(words) > 1:
                lex.phrases.setdefault(words[0], []).append((words[1:], weight))
    for found in lex.phrases.values():
        found.sort(key=lambda p: -len(p[0]))
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


def _phrase(lex: WordLexicon, toks: list[str], i: int) -> tuple[int, float] | None:
    """(length, weight) of the longest multi-word expression starting at toks[i], if any."""
    for rest, weight in lex.phrases.get(toks[i], ()):
        end = i + 1 + len(rest)
        if end <= len(toks) and all(
            t == w or (w.endswith("*") and t.startswith(w[:-1]))
            for t, w in zip(toks[i + 1 : end], rest, strict=True)
        ):
            return len(rest) + 1, weight
    return None


def word_score(text: str, language: str) -> tuple[float, int]:
    """Raw lexicon sum and the number of sentiment words found, for a language written with spaces."""
    lex = word_lexicon(language if language in LATIN else "en")
    toks = tokens(text, lex.language)
    cut = max((i for i, t in enumerate(toks) if t in lex.contrast), default=-1)
    post = POST_NEGATORS.get(lex.language, frozenset())
    total, hits, start, skip = 0.0, 0, 0, 0
    for i, tok in enumerate(toks):
        if skip:
            skip -= 1
            continue
        if tok in BREAKS:
            start = i + 1
            continue
        before = toks[max(start, i - NEGATION_WINDOW) : i]
        phrase = _phrase(lex, toks, i) if lex.phrases else None
        if phrase is not None:
            length, w = phrase
            # The expression is weighed as a whole; its words neither count again nor negate what follows.
            skip, start = length - 1, i + length
            if w == 0.0:
                continue
        else:
            w = lex.weight(tok)
            if (w == 0.0 and not lex.expected(tok)) or lex.is_negator(tok):
                continue
            # An expected thing counts only when its own negator governs it ("no reply"), not when the
            # negator already went to a sentiment word between them ("kein Problem, klappt").
            scope = before[_last_sentiment(lex, before) + 1 :] if w == 0.0 else before
            after = _until_break(toks, i + 1, 2) if post else []
            if any(lex.is_negator(t) for t in scope) or any(t in post for t in after):
                w = MISSING if w == 0.0 else w * NEGATED
            elif w == 0.0:
                continue  # an expected thing mentioned without negation: no sentiment
        hits += 1
        if before and (before[-1] in lex.boosters or (len(before) > 1 and before[-2] in lex.boosters)):
            w *= BOOST
        if cut >= 0:
            w *= 0.5 if i < cut else 1.5  # the clause after "but" carries the verdict
        total += w
    return total, hits


def _last_sentiment(lex: WordLexicon, toks: list[str]) -> int:
    return max((k for k, t in enumerate(toks) if lex.weight(t) != 0.0 and not lex.is_negator(t)), default=-1)


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
    neutral: re.Pattern[str] | None
    contrast: re.Pattern[str]
    suffixes: frozenset[str]  # "easy to" endings that only qualify the verb before them


def _ja_forms(term: str) -> list[str]:
    """An i-adjective stem written "遅~" -> 遅い 遅く 遅かっ 遅すぎ 遅さ; any other term as it is."""
    if term.endswith("~"):
        return [term[:-1] + end for end in JA_I_ADJECTIVE_ENDINGS]
    return [term]


@cache
def term_lexicon(language: str) -> TermLexicon:
    pos, neg, strong_pos, strong_neg = CJK[language]
    weights: dict[str, float] = {}
    for text, weight in ((pos, 1.0), (neg, -1.0), (strong_pos, 2.0), (strong_neg, -2.0)):
        for entry in text.split():
            for term in _ja_forms(entry.lower()):
                weights[term] = weight
    for term in EXPECTED.get(language, "").split():
        weights.setdefault(term.lower(), 0.0)
    weights.update(_emoji())
    ordered = sorted(weights, key=len, reverse=True)  # longest first: "太好了" before "好"
    neutral = sorted(NEUTRAL.get(language, "").split(), key=len, reverse=True)
    return TermLexicon(
        re.compile("|".join(re.escape(t) for t in ordered)),
        weights,
        re.compile("|".join(re.escape(t) for t in neutral)) if neutral else None,
        re.compile(ZH_CONTRAST if language == "zh" else JA_CONTRAST),
        frozenset(_ja_forms("やす~")) if language == "ja" else frozenset(),
    )


def _zh_modifiers(text: str, start: int) -> tuple[bool, bool]:
    """(negated, boosted) for a Chinese term starting at `start`: the characters before it, with degree
    adverbs and fillers peeled off, end with a negator (不太稳定, 不是很好, 一直没解决)."""
    window = text[max(0, start - 8) : start]
    boosted = False
    for _ in range(4):
        booster = next((b for b in ZH_BOOSTERS if window.endswith(b)), None)
        if booster is not None:
            window, boosted = window[: -len(booster)], True
            continue
        filler = next((f for f in ZH_FILLERS if window.endswith(f)), None)
        if filler is None:
            break
        window = window[: -len(filler)]
    return window.endswith(ZH_NEGATORS), boosted


def _ja_modifiers(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(negated, boosted) for a Japanese term: negation after it (良くない, 満足していません, 問題なく) or a
    negative prefix glued to it (不親切, 未解決); a degree adverb just before it boosts it."""
    negated = JA_NEGATION.match(text, end) is not None or (
        start > 0 and text[start - 1] in JA_PREFIX_NEGATORS
    )
    return negated, text[max(0, start - 6) : start].endswith(JA_BOOSTERS)


def term_score(text: str, language: str) -> tuple[float, int]:
    """Raw lexicon sum for Chinese or Japanese: terms found as substrings, longest first, with negation,
    degree adverbs and contrast ("但是", "でも": the clause after it carries the verdict)."""
    lex = term_lexicon(language)
    low = text.lower()
    if lex.neutral is not None:
        low = lex.neutral.sub(lambda m: "\x00" * len(m.group()), low)
    cut = max((m.start() for m in lex.contrast.finditer(low)), default=-1)
    found = list(lex.pattern.finditer(low))
    total, hits = 0.0, 0
    for k, m in enumerate(found):
        term = m.group()
        follows = found[k + 1].start() == m.end() if k + 1 < len(found) else False
        if language == "zh" and term == "好" and follows:
            continue  # 好 as a degree adverb: 好慢, 好贵
        w = lex.weights[term]
        after_negative = (
            k > 0 and found[k - 1].end() >= m.start() - 1 and lex.weights[found[k - 1].group()] < 0
        )
        if term in lex.suffixes and after_negative:
            continue  # 壊れやすい "breaks easily": the ending qualifies the negative verb before it
        if language == "zh":
            negated, boosted = _zh_modifiers(low, m.start())
        else:
            negated, boosted = _ja_modifiers(low, m.start(), m.end())
        if w == 0.0:
            if not negated:
                continue  # an expected thing mentioned: no sentiment
            w, negated = MISSING, False
        hits += 1
        if negated:
            w *= NEGATED
        elif boosted:
            w *= BOOST
        if cut >= 0:
            w *= 0.5 if m.start() < cut else 1.5
        total += w
    return total, hits


def lexicon_score(text: str, language: str) -> tuple[float, int]:
    """Raw (unsquashed) lexicon sum and hit count in the given language."""
    if language in CJK:
        return term_score(text, language)
    return word_score(text, language)
