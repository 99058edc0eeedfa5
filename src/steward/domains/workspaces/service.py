"""Writes for workspaces, lifecycle stages and typed custom attributes (validation of values included)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.orm import Session

from steward.core.errors import Conflict, ErrorItem, Invalid, NotFound
from steward.core.security import new_token, token_digest
from steward.domains.workspaces import queries
from steward.domains.workspaces.models import CustomFieldDefinition, Workspace
from steward.domains.workspaces.schemas import (
    CustomFieldCreate,
    LifecycleStagesUpdate,
    WorkspaceCreate,
    WorkspaceCreated,
)


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    return slug or "workspace"


def create_workspace(*, session: Session, data: WorkspaceCreate) -> WorkspaceCreated:
    slug = data.slug or _slugify(data.name)
    if queries.by_slug(session, slug) is not None:
        raise Conflict(f"a workspace with slug {slug!r} already exists", ("body", "slug"))
    write_key = new_token("wk")
    ws = Workspace(
        name=data.name, slug=slug, currency=data.currency, write_key_digest=token_digest(write_key)
    )
    session.add(ws)
    session.flush()
    return WorkspaceCreated(id=ws.id, slug=ws.slug, write_key=write_key)


def get_workspace(*, session: Session, workspace_id: int) -> Workspace:
    ws = queries.by_id(session, workspace_id)
    if ws is None:
        raise NotFound("workspace", workspace_id)
    # The session's identity map holds objects weakly: without a reference of its own, every call would
    # load the workspace again (and flush pending changes first); settings are read many times a request.
    session.info.setdefault("workspaces", {})[workspace_id] = ws
    return ws


def all_ids(*, session: Session) -> list[int]:
    """Every workspace, for the daily jobs that visit each."""
    return queries.all_ids(session)


def rotate_write_key(*, session: Session, workspace_id: int) -> str:
    """A new write key for the workspace's sources, shown once; the old one stops working at once."""
    ws = get_workspace(session=session, workspace_id=workspace_id)
    key = new_token("wk")
    ws.write_key_digest = token_digest(key)
    session.flush()
    return key


def by_write_key(*, session: Session, write_key: str) -> int | None:
    """The workspace a source's write key belongs to (None for an unknown key)."""
    ws = queries.by_write_key_digest(session, token_digest(write_key))
    return ws.id if ws else None


def get_by_slug(*, session: Session, slug: str) -> Workspace:
    ws = queries.by_slug(session, slug)
    if ws is None:
        raise NotFound("workspace", slug, ("workspace",))
    return ws


def set_lifecycle_stages(*, session: Session, workspace_id: int, data: LifecycleStagesUpdate) -> Workspace:
    if len(set(data.stages)) != len(data.stages):
        raise Invalid("lifecycle stages must be unique", ("body", "stages"))
    ws = get_workspace(session=session, workspace_id=workspace_id)
    ws.lifecycle_stages = list(data.stages)
    session.flush()
    return ws


def lifecycle_stages(*, session: Session, workspace_id: int) -> list[str]:
    return list(get_workspace(session=session, workspace_id=workspace_id).lifecycle_stages)


def create_custom_field(
    *, session: Session, workspace_id: int, data: CustomFieldCreate
) -> CustomFieldDefinition:
    existing = {(f.entity, f.key) for f in queries.custom_fields(session, workspace_id)}
    if (data.entity, data.key) in existing:
        raise Conflict(f"custom field {data.entity}.{data.key} already exists", ("body", "key"))
    field = CustomFieldDefinition(workspace_id=workspace_id, **data.model_dump())
    session.add(field)
    session.flush()
    return field


def custom_field_types(*, session: Session, workspace_id: int, entity: str) -> dict[str, str]:
    return {f.key: f.type for f in queries.custom_fields(session, workspace_id, entity)}


def coerce_custom_value(kind: str, value: Any) -> Any:
    """Turn one raw value (JSON or CSV text) into the stored form of its type, or raise ValueError."""
    if value is None or value == "":
        return None
    if kind == "text":
        return str(value)
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError("expected a number, got a boolean")
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("expected a finite number")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "date":
        return date.fromisoformat(str(value)).isoformat()
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"true", "1", "yes", "y"}:
            return True
        if text in {"false", "0", "no", "n"}:
            return False
        raise ValueError("expected true or false")
    if kind == "url":
        parsed = urlparse(str(value))
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ValueError("expected an http(s) URL")
        return str(value)
    raise ValueError(f"unknown custom field type {kind}")


def validate_custom(
    types: dict[str, str], values: dict[str, Any], loc: tuple[str | int, ...]
) -> dict[str, Any]:
    """Check custom attribute values against the workspace's definitions; collect every error."""
    out: dict[str, Any] = {}
    errors: list[ErrorItem] = []
    for key, raw in values.items():
        kind = types.get(key)
        if kind is None:
            errors.append(ErrorItem((*loc, key), f"no custom field {key!r} is defined", "unknown_field"))
            continue
        try:
            out[key] = coerce_custom_value(kind, raw)
        except (TypeError, ValueError) as exc:
            errors.append(ErrorItem((*loc, key), f"{key}: {exc}", "invalid_custom_value"))
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)
    return out
