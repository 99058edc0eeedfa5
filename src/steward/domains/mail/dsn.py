"""Delivery status notifications (RFC 3464): the bounce reports mail servers send back later. Parsed with
the standard library; a report that is not one is refused with the reason."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import Message

from steward.core import mime_limits

MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Report:
    failed: list[tuple[str, str]]  # (address, status and diagnostic)
    delayed: list[str]
    message_ids: list[str]  # of the original message, where the report quotes it


def parse(raw: bytes) -> Report:
    if not raw.strip():
        raise ValueError("the body is empty: send the bounce message as it arrived (RFC 822)")
    if len(raw) > MAX_BYTES:
        raise ValueError(f"the bounce message is larger than {MAX_BYTES} bytes")
    mime_limits.check(raw)  # a ShapeError is a ValueError: refused with the limit it broke
    with mime_limits.parse_budget():
        return _parse(raw)


def _parse(raw: bytes) -> Report:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    status = next((p for p in msg.walk() if p.get_content_type() == "message/delivery-status"), None)
    if status is None:
        raise ValueError("not a delivery status notification: no message/delivery-status part (RFC 3464)")
    failed, delayed = [], []
    for block in _recipient_blocks(status):
        address = _address(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
        action = (block.get("Action") or "").strip().lower()
        if not address:
            continue
        if action == "failed":
            code, why = (block.get("Status") or "").strip(), (block.get("Diagnostic-Code") or "").strip()
            said = f"{code} {why}".strip()
            failed.append((address, said[:900] or "failed"))
        elif action == "delayed":
            delayed.append(address)
    if not failed and not delayed:
        raise ValueError("the report names no recipient with Action: failed or delayed")
    return Report(failed=failed, delayed=delayed, message_ids=_original_ids(msg))


def _recipient_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):  # the parser splits the per-message and per-recipient fields
        return [p for p in payload if isinstance(p, Message)][1:]
    text = payload if isinstance(payload, str) else ""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [email.message_from_string(b) for b in blocks[1:]]


def _address(field: str) -> str:
    """'rfc822; someone@example.com' -> someone@example.com"""
    value = field.split(";", 1)[-1].strip().strip("<>").lower()
    return value if "@" in value and len(value) <= 320 else ""


def _original_ids(msg: Message) -> list[str]:
    ids = []
    for part in msg.walk():
        if part.get_content_type() in ("message/rfc822", "text/rfc822-headers"):
            inner = part.get_payload()
            headers = inner[0] if isinstance(inner, list) and inner else None
            if headers is None and isinstance(inner, str):
                headers = email.message_from_string(inner)
            if isinstance(headers, Message) and headers.get("Message-ID"):
                ids.append(str(headers["Message-ID"]).strip())
    return ids
