"""Validating Segment messages (track, page, identify, group) one by one: each either becomes a Message
or is rejected with every reason found, so a bad message never takes its valid neighbours down with it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from steward.domains.events.schemas import MAX_MESSAGE_BYTES, TYPES, Message, Rejected

MAX_ID = 200
MAX_EVENT = 200
FUTURE_SLACK = timedelta(days=1)  # clocks drift; a timestamp further ahead is a bug in the sender
KEEP_PAYLOAD = 64 * 1024


def check_batch(
    items: Any, received_at: datetime, defaults: dict[str, Any] | None = None
) -> tuple[list[Message], list[Rejected]]:
    """Every item of a batch, in order; `defaults` are batch-level fields (context) the items inherit."""
    if not isinstance(items, list):
        raise ValueError("batch must be a JSON array of messages")
    good: list[Message] = []
    bad: list[Rejected] = []
    for position, item in enumerate(items):
        checked = check(item, position, received_at, defaults)
        (good if isinstance(checked, Message) else bad).append(checked)  # type: ignore[arg-type]
    return good, bad


def check(
    raw: Any, position: int, received_at: datetime, defaults: dict[str, Any] | None = None
) -> Message | Rejected:
    errors: list[str] = []
    if not isinstance(raw, dict):
        return _reject(position, None, ["a message must be a JSON object"], raw)
    msg = {**(defaults or {}), **raw}
    dumped = orjson.dumps(raw)
    if len(dumped) > MAX_MESSAGE_BYTES:
        errors.append(f"the message is {len(dumped)} bytes; the limit is {MAX_MESSAGE_BYTES}")
    if b"\\u0000" in dumped:
        errors.append("text must not contain NUL (\\u0000) characters")
    kind = msg.get("type")
    if kind not in TYPES:
        errors.append(f"type must be one of {', '.join(TYPES)}, not {kind!r}" if kind else "type is missing")
    message_id = _text(msg, "messageId", errors, required=False) or _derived_id(raw)
    user_id = _text(msg, "userId", errors)
    anonymous_id = _text(msg, "anonymousId", errors)
    if user_id is None and anonymous_id is None:
        errors.append("userId or anonymousId is required")
    context = msg.get("context") or {}
    if not isinstance(context, dict):
        errors.append("context must be an object")
        context = {}
    group_id = (
        _text(msg, "groupId", errors, required=kind == "group")
        if kind == "group"
        else _text(context, "groupId", errors, where="context.groupId")
    )
    timestamp = _timestamp(msg.get("timestamp"), received_at, errors)
    body_key = "traits" if kind in ("identify", "group") else "properties"
    body = msg.get(body_key) or {}
    if not isinstance(body, dict):
        errors.append(f"{body_key} must be an object")
    event = ""
    if kind == "track":
        event = _text(msg, "event", errors, required=True, limit=MAX_EVENT) or ""
    elif kind == "page":
        name = msg.get("name") or (body.get("name") if isinstance(body, dict) else None)
        event = str(name)[:MAX_EVENT] if name else "page"
    elif kind in ("identify", "group"):
        event = f"${kind}"
    if errors:
        return _reject(position, message_id, errors, raw)
    return Message(
        type=str(kind),
        message_id=message_id,
        event=event,
        user_id=user_id,
        anonymous_id=anonymous_id,
        group_id=group_id,
        timestamp=timestamp,
        properties=body if isinstance(body, dict) else {},
        position=position,
    )


def _text(
    msg: dict[str, Any],
    key: str,
    errors: list[str],
    *,
    required: bool = False,
    limit: int = MAX_ID,
    where: str = "",
) -> str | None:
    value = msg.get(key)
    if value is None or value == "":
        if required:
            errors.append(f"{where or key} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        errors.append(f"{where or key} must be a string")
        return None
    text = str(value)
    if len(text) > limit:
        errors.append(f"{where or key} is longer than {limit} characters")
        return None
    if "\x00" in text:
        errors.append(f"{where or key} must not contain NUL characters")
        return None
    return text


def _timestamp(value: Any, received_at: datetime, errors: list[str]) -> datetime:
    if value is None:
        return received_at
    if not isinstance(value, str):
        errors.append("timestamp must be an ISO-8601 string")
        return received_at
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        errors.append(f"timestamp {value[:40]!r} is not ISO-8601 (like 2026-12-03T10:15:00Z)")
        return received_at
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if parsed > received_at + FUTURE_SLACK:
        errors.append(f"timestamp {value[:40]} is more than a day in the future")
    return parsed.astimezone(UTC)


def _derived_id(raw: Any) -> str:
    """Segment libraries always send messageId; for hand-made calls without one, the content names it, so a
    resent identical call is still deduplicated."""
    return "sha1:" + hashlib.sha1(orjson.dumps(raw, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


def _reject(position: int, message_id: str | None, errors: list[str], raw: Any) -> Rejected:
    try:
        text = orjson.dumps(raw).decode()
    except TypeError:
        text = repr(raw)
    return Rejected(position=position, message_id=message_id, errors=errors, payload=text[:KEEP_PAYLOAD])
