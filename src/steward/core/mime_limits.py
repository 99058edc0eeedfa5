"""Limits on the shape of a raw e-mail, checked on its bytes before the standard library parses it: the
parser's cost grows much faster than the message (a 280 KB Subject of 20,000 encoded words took 3.2 s and
2.7 GB; 3,000 nested multiparts or 2,000 nested comments overflowed its recursion), so a message beyond any
real one's shape is refused with the limit it broke, at the cost of a few scans of its bytes."""

from __future__ import annotations

import re
from typing import Final

MAX_HEADER_BYTES: Final = 64 * 1024  # the top header block; real ones are a few KB
MAX_HEADER_FIELDS: Final = 500
MAX_ENCODED_WORDS: Final = 200  # "=?utf-8?b?...?=" in the top headers
MAX_ADDRESSES: Final = 500  # "@" in the top headers (From, To, Cc, Reply-To...)
MAX_NESTING: Final = 50  # parentheses (RFC 5322 comments) inside one header
MAX_BOUNDARIES: Final = 50  # multipart containers, nested or not
MAX_PARTS: Final = 1000  # boundary lines
MAX_PARAMETER_SECTIONS: Final = 500  # RFC 2231 continuations ("name*0*=")

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_FOLD = re.compile(rb"\r?\n[ \t]")
_FIELD = re.compile(rb"^[!-9;-~]+:", re.MULTILINE)
_BOUNDARY = re.compile(rb"boundary\s*=", re.IGNORECASE)
_PART_LINE = re.compile(rb"^--", re.MULTILINE)
_SECTION = re.compile(rb";\s*[!#-'*+.0-9A-Z^-~-]+\*\d*\*?\s*=", re.IGNORECASE)


class ShapeError(ValueError):
    """The message breaks `limit`; `too_large` tells a size limit (413) from a count limit (422)."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


def check(raw: bytes) -> None:
    """Refuse a message whose headers or MIME structure exceed what any real message has."""
    end = _HEADER_END.search(raw)
    headers = raw[: end.start()] if end else raw
    if len(headers) > MAX_HEADER_BYTES:
        raise ShapeError(
            f"the headers are {len(headers):,} bytes; the limit is {MAX_HEADER_BYTES:,}", too_large=True
        )
    _at_most(len(_FIELD.findall(headers)), MAX_HEADER_FIELDS, "header fields")
    _at_most(headers.count(b"=?"), MAX_ENCODED_WORDS, "encoded words (=?...?=) in the headers")
    _at_most(headers.count(b"@"), MAX_ADDRESSES, "addresses in the headers")
    _at_most(_deepest_comment(raw), MAX_NESTING, "nested parentheses in a header")
    _at_most(len(_BOUNDARY.findall(raw)), MAX_BOUNDARIES, "multipart containers")
    _at_most(len(_PART_LINE.findall(raw)), MAX_PARTS, "MIME boundary lines")
    _at_most(len(_SECTION.findall(raw)), MAX_PARAMETER_SECTIONS, "RFC 2231 parameter sections")


def _at_most(count: int, limit: int, what: str) -> None:
    if count > limit:
        raise ShapeError(f"the message has {count:,} {what}; the limit is {limit:,}")


def _deepest_comment(raw: bytes) -> int:
    """The deepest nesting of '(' within one logical line (folded header lines joined); only lines with more
    '(' than the limit are walked, so an ordinary message costs one count."""
    if raw.count(b"(") <= MAX_NESTING:
        return 0
    deepest = 0
    for line in _FOLD.sub(b" ", raw).split(b"\n"):
        if line.count(b"(") <= MAX_NESTING:
            continue
        depth = 0
        for byte in line:
            if byte == 40:  # (
                depth += 1
                deepest = max(deepest, depth)
            elif byte == 41 and depth:  # )
                depth -= 1
    return deepest
