"""Search terms of a text, the same on SQLite and PostgreSQL: words are case-folded and stemmed in the text's
language, Hebrew words are also kept without their one-letter prefixes (HEBREW_PREFIXES), and Chinese and
Japanese text (written without spaces) becomes overlapping two-character pieces, so a two-character query
inside a sentence finds it. Terms are letters and digits only, safe to quote in FTS5 and tsquery syntax."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_QUERY_TERMS = 32  # a 10,000-character query is cut to its first terms, not refused
MAX_TERM_CHARS = 60
STEMMERS = {"en": "english", "de": "german", "es": "spanish", "fr": "french", "pl": "polish"}
HEBREW_PREFIXES = "הובלמשכ"
# Han, Hiragana, Katakana (with the prolonged sound mark) and Hangul: scripts written without spaces.
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
CJK_RUN = re.compile(rf"[{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_HEBREW = re.compile(r"[\u0590-\u05ff]")


@lru_cache(maxsize=len(STEMMERS) + 1)
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer(STEMMERS.get(language, "english"))


def _normal(text: str) -> str:
    # NFKC folds full-width letters and digits; dropping combining marks drops Hebrew vowel points and accents
    # the same way on both sides (a query typed without them still matches). Kana keep their voicing marks.
    out = []
    for char in unicodedata.normalize("NFKC", text).casefold():
        if char.isascii() or _CJK_CHAR.match(char):
            out.append(char)
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", "".join(out))


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _hebrew_forms(word: str) -> list[str]:
    """The word, then the word without up to two leading prefix letters while three letters stay."""
    forms = [word]
    while len(word) > 3 and word[0] in HEBREW_PREFIXES and len(forms) < 3:
        word = word[1:]
        forms.append(word)
    return forms


def word_groups(text: str, language: str) -> list[list[str]]:
    """Each word or CJK piece of the text as its alternative terms (several only for Hebrew prefixes)."""
    groups: list[list[str]] = []
    for match in RUN.finditer(_normal(text)):
        run = match.group()
        if CJK_RUN.fullmatch(run):
            groups.extend([piece] for piece in _bigrams(run))
        elif _HEBREW.search(run):
            groups.append(_hebrew_forms(run[:MAX_TERM_CHARS]))
        else:
            groups.append([_stemmer(language).stemWord(run[:MAX_TERM_CHARS])])
    return groups


def index_terms(text: str, language: str) -> str:
    """What is stored for a text: its terms separated by spaces (every alternative of each word)."""
    return " ".join(term for group in word_groups(text, language) for term in group)


def query_groups(text: str, language: str) -> list[list[str]]:
    """A query's distinct term groups, at most MAX_QUERY_TERMS (emoji or punctuation only: none)."""
    seen: set[tuple[str, ...]] = set()
    out: list[list[str]] = []
    for group in word_groups(text[:2_000], language):
        key = tuple(group)
        if key not in seen:
            seen.add(key)
            out.append(group)
        if len(out) == MAX_QUERY_TERMS:
            break
    return out
