"""Limits on the shape of a raw e-mail, checked on its bytes before the standard library parses it: the
parser's cost grows much faster than the message (a 280 KB Subject of 20,000 encoded words took 3.2 s and
2.7 GB; 3,000 nested multiparts or 2,000 nested comments overflowed its recursion), so a message beyond any
real one's shape is refused with the limit it broke, at the cost of a few scans of its bytes. The header
limits hold for every header block the parser reads, not only the top one: a part's (after a boundary line)
and an enclosed message's (after a message/* part or in a digest) are parsed and decoded alike, so each block
has the per-block limits and the whole message a total (a 20,000-word filename in one part took 12 s).
The parse itself then runs under a time budget (`parse_budget`): shapes within every limit can still cost
seconds (20,000 flat comments in From took 16 s; thousands of plain parameters, which each access of
Content-Type parses again, took several)."""

from __future__ import annotations

import email
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, Final

MAX_HEADER_BYTES: Final = 64 * 1024  # one header block; real ones are a few KB
MAX_HEADER_FIELDS: Final = 500  # in one header block
MAX_ENCODED_WORDS: Final = 200  # "=?utf-8?b?...?=" in one header block
MAX_ADDRESSES: Final = 500  # "@" in one header block (From, To, Cc, Reply-To...)
# Over all the header blocks together: room for many attachments with encoded names, while the parser's
# cost, which grows with each header's size, stays bounded (every block is also under the limits above).
TOTAL_FACTOR: Final = 5
MAX_NESTING: Final = 50  # parentheses (RFC 5322 comments) inside one header
MAX_BOUNDARIES: Final = 50  # multipart containers, nested or not
MAX_PARTS: Final = 1000  # boundary lines
MAX_PARAMETER_SECTIONS: Final = 500  # RFC 2231 continuations ("name*0*=")
# "; name=value" in one header block: real ones hold a handful, and the parser parses a Content-Type's
# parameters again on each access (7,000 of them held the parse for seconds).
MAX_PARAMETERS: Final = 200
PARSE_SECONDS = 2.0  # an ordinary message parses in milliseconds
_PARSER_DIR = os.path.dirname(email.__file__)  # the standard library's e-mail parser, whose calls are timed

_PART_START = re.compile(rb"^--[^\r\n]*(?:\r?\n|$)", re.MULTILINE)  # a boundary line, its end included
_ENCLOSES = re.compile(
    rb"^content-type:[ \t]*(?:\r?\n[ \t]+)?message/(?:rfc822|global)\b", re.IGNORECASE | re.MULTILINE
)
_CONTENT_TYPE = re.compile(rb"^content-type:", re.IGNORECASE | re.MULTILINE)
_DIGEST = re.compile(rb"multipart/digest", re.IGNORECASE)
_FOLD = re.compile(rb"\r?\n[ \t]")
_FIELD = re.compile(rb"^[!-9;-~]+:", re.MULTILINE)
_BOUNDARY = re.compile(rb"boundary\s*=", re.IGNORECASE)
_PART_LINE = re.compile(rb"^--", re.MULTILINE)
_SECTION = re.compile(rb";\s*[!#-'*+.0-9A-Z^-~-]+\*\d*\*?\s*=", re.IGNORECASE)
_PARAMETER = re.compile(rb";\s*[!#-'*+.0-9A-Z^-~-]+\s*=", re.IGNORECASE)


class ShapeError(ValueError):
    """The message breaks `limit`; `too_large` tells a size limit (413) from a count limit (422)."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


def check(raw: bytes) -> None:
    """Refuse a message whose headers or MIME structure exceed what any real message has."""
    _at_most(_deepest_comment(raw), MAX_NESTING, "nested parentheses in a header")
    _at_most(len(_BOUNDARY.findall(raw)), MAX_BOUNDARIES, "multipart containers")
    _at_most(len(_PART_LINE.findall(raw)), MAX_PARTS, "MIME boundary lines")
    _at_most(len(_SECTION.findall(raw)), MAX_PARAMETER_SECTIONS, "RFC 2231 parameter sections")
    _at_most(len(_ENCLOSES.findall(raw)), MAX_BOUNDARIES, "enclosed messages (message/rfc822)")
    total = dict.fromkeys(("bytes", "fields", "words", "addresses"), 0)  # over all the header blocks
    for headers in header_blocks(raw):  # after the counts above, so there are at most a few thousand
        if len(headers) > MAX_HEADER_BYTES:
            raise ShapeError(
                f"a header block is {len(headers):,} bytes; the limit is {MAX_HEADER_BYTES:,}", too_large=True
            )
        fields, words, addresses = len(_FIELD.findall(headers)), headers.count(b"=?"), headers.count(b"@")
        _at_most(fields, MAX_HEADER_FIELDS, "header fields in one header block")
        _at_most(words, MAX_ENCODED_WORDS, "encoded words (=?...?=) in one header block")
        _at_most(addresses, MAX_ADDRESSES, "addresses in one header block")
        _at_most(
            len(_PARAMETER.findall(headers)), MAX_PARAMETERS, "parameters (; name=value) in one header block"
        )
        total["bytes"] += len(headers)
        total["fields"] += fields
        total["words"] += words
        total["addresses"] += addresses
        if total["bytes"] > MAX_HEADER_BYTES * TOTAL_FACTOR:
            limit = MAX_HEADER_BYTES * TOTAL_FACTOR
            raise ShapeError(
                f"the headers are over {limit:,} bytes in all; that is the limit", too_large=True
            )
        _at_most(total["fields"], MAX_HEADER_FIELDS * TOTAL_FACTOR, "header fields in all its header blocks")
        _at_most(
            total["words"], MAX_ENCODED_WORDS * TOTAL_FACTOR, "encoded words (=?...?=) in all its headers"
        )
        _at_most(total["addresses"], MAX_ADDRESSES * TOTAL_FACTOR, "addresses in all its headers")


class _Late(BaseException):
    """Raised inside the parser once the budget is spent: a BaseException, so that no `except Exception`
    in the standard library's parser swallows it."""


@contextmanager
def parse_budget(seconds: float | None = None) -> Iterator[None]:
    """Stop the parse in the block once `seconds` (PARSE_SECONDS) have passed, with a ShapeError naming the
    limit. The clock is read on each Python call made in this thread (sys.settrace is per thread, so no other
    request is slowed, and nothing is left running when the block ends). Under a debugger or coverage, which
    own the trace hook, only the shape limits hold."""
    budget = PARSE_SECONDS if seconds is None else seconds
    if sys.gettrace() is not None:
        yield
        return
    end = time.monotonic() + budget
    late = False
    message = f"parsing the message took over {budget:g} s; the limit is {budget:g} s"

    def stop_when_late(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal late
        # Raised only in the parser's own frames: a call the garbage collector makes meanwhile (a weakref
        # callback) would ignore the exception, and Python would drop the hook with it.
        if time.monotonic() > end and frame.f_code.co_filename.startswith(_PARSER_DIR):
            late = True
            raise _Late
        return None  # no line-by-line tracing: only calls are checked

    sys.settrace(stop_when_late)
    try:
        yield
    except _Late:
        raise ShapeError(message) from None
    finally:
        sys.settrace(None)
    if late:  # the parser swallowed _Late after all: its result is refused all the same
        raise ShapeError(message)


def header_blocks(raw: bytes) -> Iterator[bytes]:
    """Every stretch of the message the parser may read as headers: the top block, the lines after each
    line starting "--" (a boundary; a signature or epilogue is counted too, which only errs on the safe
    side) up to the next blank line, and the block after a message/rfc822 part's headers (or a digest
    part's, whose default type is message/rfc822). Blocks never overlap: one pass over the bytes."""
    digest = _DIGEST.search(raw) is not None
    starts = _PART_START.finditer(raw)
    start: int | None = 0
    while start is not None:
        end, after = _block_end(raw, start)
        block = raw[start:end]
        yield block
        encloses = _ENCLOSES.search(block) or (digest and start and not _CONTENT_TYPE.search(block))
        if encloses and after < len(raw):
            start = after  # the enclosed message's own headers follow at once
            continue
        start = next((line.end() for line in starts if line.start() >= after), None)


def _block_end(raw: bytes, start: int) -> tuple[int, int]:
    """Where the header block from `start` ends and its body begins; find() rather than a regex, bounded
    by the first match so that no byte is scanned twice."""
    if raw.startswith((b"\n", b"\r\n"), start):  # a part without headers
        return start, start + (1 if raw[start] == 10 else 2)
    lf = raw.find(b"\n\n", start)
    crlf = raw.find(b"\n\r\n", start, len(raw) if lf < 0 else lf + 1)
    if crlf >= 0:
        return (crlf - 1 if raw[crlf - 1] == 13 else crlf), crlf + 3
    if lf >= 0:
        return (lf - 1 if raw[lf - 1] == 13 else lf), lf + 2
    return len(raw), len(raw)


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
