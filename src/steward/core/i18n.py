"""Translations of what customers and staff read, from gettext catalogues: one per part of the product
(`steward/locales/<part>.pot`, and `steward/locales/<language>/LC_MESSAGES/<part>.po` per language; `messages`
holds the respondent pages and the first staff pages). The catalogues are read with Babel and merged and
compiled in memory once per language, so no compiled .mo file has to be kept in step with its .po."""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES = Path(__file__).resolve().parents[1] / "locales"
LANGUAGES = ("en", "zh-Hans", "zh-Hant", "he", "pl", "de", "es", "fr", "ja")
RTL = frozenset({"he"})
NAMES = {
    "en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文", "he": "עברית", "pl": "Polski",
    "de": "Deutsch", "es": "Español", "fr": "Français", "ja": "日本語",
}  # fmt: skip
_TRADITIONAL = ("tw", "hk", "mo", "hant")


def resolve(tag: str | None) -> str | None:
    """The supported language a BCP 47 tag or POSIX locale asks for ("zh-TW" -> zh-Hant, "iw" -> he,
    "de_AT" -> de), or None when it names none of them."""
    if not tag:
        return None
    parts = tag.strip().replace("_", "-").lower().split("-")
    first = {"iw": "he"}.get(parts[0], parts[0])
    if first == "zh":
        return "zh-Hant" if any(p in _TRADITIONAL for p in parts[1:]) else "zh-Hans"
    return first if first in LANGUAGES else None


def negotiate(*tags: str | None, accept_language: str | None = None) -> str:
    """The first supported language among these tags, then the browser's Accept-Language, else English."""
    for tag in tags:
        found = resolve(tag)
        if found:
            return found
    ranked: list[tuple[float, str]] = []
    for item in (accept_language or "").split(",")[:20]:
        tag, _, q = item.strip().partition(";q=")
        try:
            ranked.append((float(q) if q else 1.0, tag))
        except ValueError:
            continue
    for _, tag in sorted(ranked, key=lambda r: -r[0]):
        found = resolve(tag)
        if found:
            return found
    return "en"


def catalogue_parts(folder: Path = LOCALES, suffix: str = ".pot") -> list[str]:
    """The parts the strings are split into, `messages` first: the templates (`<part>.pot`) by default, or the
    catalogues in one language's folder."""
    found = (p.stem for p in folder.glob(f"*{suffix}"))
    return sorted(found, key=lambda part: (part != "messages", part))


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of a supported language, all parts merged (English and anything unknown: the source
    strings). A string in two parts keeps the translation of the first part that has it."""
    folder = LOCALES / language.replace("-", "_") / "LC_MESSAGES"
    if language == "en" or not folder.is_dir():
        return gettext.NullTranslations()
    merged = None
    for part in catalogue_parts(folder, ".po"):
        with (folder / f"{part}.po").open("rb") as fh:
            catalog = read_po(fh, locale=language.replace("-", "_"))
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if message.id and merged.get(message.id, message.context) is None:  # a msgctxt is its own string
                merged[message.id] = message
    if merged is None:
        return gettext.NullTranslations()
    buffer = BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return Translations(buffer)
