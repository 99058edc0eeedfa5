"""Inbound e-mail: a raw RFC 822 message parsed with the standard library into what a ticket needs. Text in
an unknown or wrong charset is decoded with replacement characters rather than refused; a message without
a sender, or too large, is refused with the reason."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from steward.core import mime_limits
from steward.core.errors import Invalid, TooLarge

MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT = 200_000
TICKET_REF = re.compile(r"\[#(\d{1,10})\]")
MESSAGE_ID = re.compile(r"<[^<>\s]{1,290}>")
TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Inbound:
    sender: str
    sender_name: str | None
    subject: str
    text: str
    message_id: str | None
    refers_to: list[str] = field(default_factory=list)  # In-Reply-To and References, newest first
    attachments: list[dict[str, Any]] = field(default_factory=list)
    language: str | None = None

    @property
    def ticket_ref(self) -> int | None:
        found = TICKET_REF.search(self.subject)
        return int(found[1]) if found else None


def parse(raw: bytes) -> Inbound:
    if not raw.strip():
        raise Invalid("the body is empty: post the raw message (RFC 822)", ("body",))
    if len(raw) > MAX_BYTES:
        raise TooLarge(
            f"the message is {len(raw) / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB", ("body",)
        )
    try:
        mime_limits.check(raw)
        with mime_limits.parse_budget():
            return _parse(raw)
    except mime_limits.ShapeError as exc:
        raise (TooLarge if exc.too_large else Invalid)(str(exc), ("body",)) from None


def _parse(raw: bytes) -> Inbound:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise Invalid("no headers found: is this a raw RFC 822 message?", ("body",))
    name, sender = parseaddr(_header(message, "From"))
    if not sender or "@" not in sender:
        raise Invalid("the message has no sender address (From)", ("body", "From"))
    text = _text(message)
    if len(text) > MAX_TEXT:
        raise TooLarge(f"the text is {len(text):,} characters; the limit is {MAX_TEXT:,}", ("body",))
    refs = MESSAGE_ID.findall(_header(message, "References")) + MESSAGE_ID.findall(
        _header(message, "In-Reply-To")
    )
    own = MESSAGE_ID.findall(_header(message, "Message-ID"))
    language = _header(message, "Content-Language").split(",")[0].strip() or None
    return Inbound(
        sender=sender.lower(),
        sender_name=name or None,
        subject=(_header(message, "Subject").strip() or "(no subject)")[:300],
        text=text,
        message_id=own[0] if own else None,
        refers_to=list(dict.fromkeys(reversed(refs))),
        attachments=_attachments(message),
        language=language[:20] if language else None,
    )


def _header(message: EmailMessage, name: str) -> str:
    """A header as text; one that cannot be decoded is read as its raw bytes with replacements."""
    try:
        value = message.get(name)
    except (ValueError, LookupError, IndexError):
        value = None
    if value is None:
        return ""
    return str(value)


def _text(message: EmailMessage) -> str:
    """The plain text part, else the HTML part without tags, else nothing."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError):
        part = None
    if part is None:
        return ""
    content = _content(part)
    if part.get_content_subtype() == "html":
        content = re.sub(r"\n\s*\n+", "\n\n", TAGS.sub("", content))
    return content.replace("\x00", "").strip()


def _content(part: Any) -> str:
    try:
        value = part.get_content()
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    except (LookupError, UnicodeError, AssertionError):  # an unknown or wrong charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def _attachments(message: EmailMessage) -> list[dict[str, Any]]:
    out = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        out.append(
            {
                "filename": (part.get_filename() or "attachment")[:300],
                "content_type": part.get_content_type()[:100],
                "size": len(payload),
            }
        )
    return out
