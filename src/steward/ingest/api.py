"""Segment-compatible intake: POST /v1/batch, /v1/track, /v1/identify, /v1/group and /v1/page. The write
key comes as the Basic auth username (or `writeKey` in the body); bodies may be gzipped; a message may be
32 KB and a request 500 KB. Valid messages are stored and committed before the answer; invalid ones are
quarantined and listed in it. Too many writers at once get 429 with Retry-After, never a dropped event."""

from __future__ import annotations

import asyncio
import base64
import zlib
from datetime import datetime
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.core.errors import Unauthorized
from steward.domains.events import service as events_service
from steward.domains.events.messages import check, check_batch
from steward.domains.events.schemas import MAX_BATCH_BYTES, IngestResult, Message, Rejected, RejectedRead
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service

router = APIRouter(prefix="/v1", tags=["ingest (Segment-compatible)"])
WRITERS = 8  # concurrent batches writing; more wait up to WAIT_SECONDS, then get 429
WAIT_SECONDS = 2.0
_writers = asyncio.Semaphore(WRITERS)


@router.post("/batch", response_model=IngestResult)
async def batch(request: Request) -> JSONResponse:
    """`{"batch": [messages...], "context": {...}, "writeKey": "..."}` as Segment's libraries send it."""
    return await _intake(request, single=None)


@router.post("/track", response_model=IngestResult)
async def track(request: Request) -> JSONResponse:
    return await _intake(request, single="track")


@router.post("/page", response_model=IngestResult)
async def page(request: Request) -> JSONResponse:
    return await _intake(request, single="page")


@router.post("/identify", response_model=IngestResult)
async def identify(request: Request) -> JSONResponse:
    return await _intake(request, single="identify")


@router.post("/group", response_model=IngestResult)
async def group(request: Request) -> JSONResponse:
    return await _intake(request, single="group")


async def _intake(request: Request, single: str | None) -> JSONResponse:
    raw = await request.body()
    try:
        body = _decode(raw, request.headers.get("content-encoding", ""))
    except _Refused as exc:
        return _error(exc.status, exc.loc, exc.msg)
    key = _write_key(request.headers.get("authorization", ""), body)
    body.pop("writeKey", None)  # a secret: never stored with the message, nor echoed in the quarantine
    if not key:
        return _error(
            401, ["header", "Authorization"], "missing write key: send it as the Basic auth username"
        )
    received_at = now_utc()
    if single is None:
        items = body.get("batch")
        defaults = {"context": body["context"]} if isinstance(body.get("context"), dict) else None
        try:
            good, bad = check_batch(items, received_at, defaults)
        except ValueError as exc:
            return _error(422, ["body", "batch"], str(exc))
    else:
        checked = check({**body, "type": single}, 0, received_at)  # the path decides the type
        good, bad = ([checked], []) if isinstance(checked, Message) else ([], [checked])
    try:
        await asyncio.wait_for(_writers.acquire(), WAIT_SECONDS)
    except TimeoutError:
        return _error(429, ["body"], "too many writers at once: retry after a second", {"Retry-After": "1"})
    try:
        stored, refused = await run_in_threadpool(_store, key, good, bad, received_at)
    except Unauthorized as exc:  # other domain errors go to the common handler with their own status
        return _error(401, ["header", "Authorization"], exc.msg)
    finally:
        _writers.release()
    result = IngestResult(
        success=bool(stored) or not refused,
        accepted=len(stored),
        rejected=[RejectedRead(index=r.position, messageId=r.message_id, errors=r.errors) for r in refused],
    )
    status = 400 if single is not None and refused else 200
    return JSONResponse(result.model_dump(), status_code=status)


def _store(
    key: str, good: list[Message], bad: list[Rejected], received_at: datetime
) -> tuple[list[Message], list[Rejected]]:
    """One transaction: committed (durable) before the answer goes out."""
    with unit_of_work() as s:
        workspace = workspaces_service.by_write_key(session=s, write_key=key)
        if workspace is None:  # an API key with the events:write (or write) scope is an intake key
            workspace = users_service.intake_workspace(session=s, key=key)
        if workspace is None:
            raise Unauthorized("unknown write key")
        return events_service.append(
            session=s, workspace_id=workspace, messages=good, rejected=bad, received_at=received_at
        )


class _Refused(Exception):
    def __init__(self, status: int, loc: list[str], msg: str) -> None:
        super().__init__(msg)
        self.status, self.loc, self.msg = status, loc, msg


def _decode(raw: bytes, encoding: str) -> dict[str, Any]:
    if encoding.strip().lower() == "gzip":
        try:
            raw = _gunzip(raw)
        except (OSError, EOFError, zlib.error):
            raise _Refused(400, ["body"], "the body says gzip but is not valid gzip") from None
    if len(raw) > MAX_BATCH_BYTES:
        raise _Refused(
            413,
            ["body"],
            f"the body is {len(raw)} bytes; the limit is {MAX_BATCH_BYTES} (send smaller batches)",
        )
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _Refused(400, ["body"], f"the body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise _Refused(422, ["body"], "the body must be a JSON object")
    return body


def _gunzip(raw: bytes) -> bytes:
    """Decompress, stopping just past the batch limit (a small bomb cannot fill the memory)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = inflater.decompress(raw, MAX_BATCH_BYTES + 1)
    if not inflater.eof and len(out) <= MAX_BATCH_BYTES:
        raise EOFError("truncated gzip stream")
    return out


def _write_key(header: str, body: dict[str, Any]) -> str | None:
    if header.lower().startswith("basic "):
        try:
            user = base64.b64decode(header[6:].strip(), validate=True).decode().split(":", 1)[0]
        except (ValueError, UnicodeDecodeError):
            user = ""
        if user:
            return user
    key = body.get("writeKey")
    return key if isinstance(key, str) and key else None


def _error(status: int, loc: list[str], msg: str, headers: dict[str, str] | None = None) -> JSONResponse:
    kind = {401: "unauthorized", 413: "too_large", 429: "overloaded"}.get(status, "invalid")
    return JSONResponse(
        {"detail": [{"loc": loc, "msg": msg, "type": kind}]}, status_code=status, headers=headers
    )
