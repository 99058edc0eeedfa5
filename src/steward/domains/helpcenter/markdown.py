"""Article Markdown to HTML that is safe to show: raw HTML in the source is printed as text (never passed
through), and links and images may only point to http(s), mailto or a path on the same site."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

_ALLOWED_URL = re.compile(r"^(https?://|mailto:|/(?!/)|#|\.{0,2}/?[\w\-.~%]+(/|$|[?#]))", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str) -> bool:
    """True for http(s), mailto, same-site paths and fragments; javascript:, data:, vbscript: and other
    schemes (also disguised with control characters or entities, which markdown-it decodes first) are not."""
    return bool(_ALLOWED_URL.match(_CONTROL.sub("", url)))


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.validateLink = safe_url  # type: ignore[method-assign]
    return md


def render(source: str) -> str:
    """The article body as HTML (escaped text, no raw HTML, no unsafe links)."""
    return str(_renderer().render(source))


def plain_text(source: str) -> str:
    """The words of the article without Markdown syntax, for search terms, snippets and descriptions."""
    tokens = _renderer().parse(source)
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline" and token.children:
            parts.extend(child.content for child in token.children if child.type in ("text", "code_inline"))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
    return " ".join(" ".join(parts).split())
