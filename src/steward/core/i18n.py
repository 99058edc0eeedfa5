"""Translations of what customers read (survey pages and survey e-mails), from standard gettext catalogues
in `steward/locales/<language>/LC_MESSAGES/messages.po`. The catalogues are read with Babel and compiled in
memory once per language, so no compiled .mo file has to be kept in step with its .po."""

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


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of a supported language (English and anything unknown: the source strings)."""
    path = LOCALES / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"
    if language == "en" or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language.replace("-", "_"))
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)
