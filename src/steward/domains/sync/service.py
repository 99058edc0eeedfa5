"""Data sync sources: configuration (checked, secrets sealed), preview, and the writes of one run's batches.
The run loop itself, which commits after each batch, is in jobs.py."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from steward.core import secretbox
from steward.core.errors import Conflict, ErrorItem, Invalid, NotFound
from steward.domains.sync import frame, inputs, queries, salesforce_source, sources, targets, vendors
from steward.domains.sync.models import SyncSource
from steward.domains.sync.schemas import (
    API_KINDS,
    Preview,
    PreviewRow,
    Problem,
    SourceCreate,
    SourceRead,
    SourceUpdate,
)
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service

PURPOSE = "sync-source-url"
TOKEN_PURPOSE = "sync-source-token"
DEFAULT_BATCH = 5000
LOCATION_FIELDS = ("url", "table", "query", "path", "format", "cursor_column", "api_key", "api_base")
NOT_FOR_API = ("url", "table", "query", "path", "format")
PUSH_NAMES = {
    "hubspot": "a HubSpot property name (lower case letters, digits and _)",
    "salesforce": "a Salesforce field API name (letters, digits and _)",
}


def _get(session: Session, workspace_id: int, source_id: int) -> SyncSource:
    src = queries.source(session, workspace_id, source_id)
    if src is None:
        raise NotFound("sync source", source_id)
    return src


def _read(src: SyncSource) -> SourceRead:
    return SourceRead(
        id=src.id, name=src.name, kind=src.kind, url=src.url_masked, object=src.api_object,
        api_key=src.token_masked, api_base=src.api_base, table=src.table_name,
        query=src.query, path=src.path, format=src.file_format, target=src.target,
        mapping=src.mapping, owners=src.owners, cursor_column=src.cursor_column,
        cursor=src.cursor_value["value"] if src.cursor_value else None, batch_size=src.batch_size,
        every_minutes=src.every_minutes, created_at=src.created_at, updated_at=src.updated_at,
    )  # fmt: skip


def get_source(*, session: Session, workspace_id: int, source_id: int) -> SourceRead:
    return _read(_get(session, workspace_id, source_id))


def source_id_by_name(*, session: Session, workspace_id: int, name: str) -> int:
    src = queries.source_by_name(session, workspace_id, name)
    if src is None:
        raise NotFound("sync source", repr(name), ("name",))
    return src.id


def list_sources(*, session: Session, workspace_id: int) -> list[SourceRead]:
    return [_read(s) for s in queries.sources(session, workspace_id)]


def create_source(*, session: Session, workspace_id: int, data: SourceCreate, secret: str) -> SourceRead:
    if queries.source_by_name(session, workspace_id, data.name) is not None:
        raise Conflict(f"a sync source named {data.name!r} exists already", ("body", "name"))
    assert data.target is not None  # SourceCreate fills it in (from object for stripe and hubspot)
    src = SyncSource(
        workspace_id=workspace_id, name=data.name, kind=data.kind, target=data.target,
        batch_size=data.batch_size or DEFAULT_BATCH, owners={}, mapping={}, api_object=data.object,
    )  # fmt: skip
    if data.kind in API_KINDS:
        if "cursor_column" not in data.model_fields_set:
            src.cursor_column = vendors.DEFAULT_CURSOR.get((data.kind, data.object or ""))
        if "mapping" not in data.model_fields_set:
            src.mapping = vendors.mapping_for(data.kind, data.object or "", None)
    _apply(session, src, data, secret)
    session.add(src)
    session.flush()
    return _read(src)


def update_source(
    *, session: Session, workspace_id: int, source_id: int, data: SourceUpdate, secret: str
) -> SourceRead:
    src = _get(session, workspace_id, source_id)
    if src.kind in API_KINDS:
        wrong = [f for f in (*NOT_FOR_API, "object") if f in data.model_fields_set]
        if wrong:
            raise Invalid(f"this is a {src.kind} source: {wrong[0]} does not apply", ("body", wrong[0]))
    elif {"object", "api_key", "api_base"} & data.model_fields_set:
        raise Invalid(f"this is a {src.kind} source: object, api_key and api_base do not apply", ("body",))
    if src.kind == "sql" and data.path is not None:
        raise Invalid(f"this is a {src.kind} source: path does not apply", ("body", "path"))
    if src.kind == "file" and ({"url", "table", "query"} & data.model_fields_set):
        raise Invalid("this is a file source: url, table and query do not apply", ("body",))
    if {"table", "query"} <= data.model_fields_set and data.table and data.query:
        raise Invalid("give table or query, not both", ("body", "query"))
    moved = any(f in data.model_fields_set for f in LOCATION_FIELDS)
    _apply(session, src, data, secret)
    if moved:  # another table, query or cursor: the stored cursor means nothing there
        src.cursor_value = None
    session.flush()
    return _read(src)


def delete_source(*, session: Session, workspace_id: int, source_id: int) -> None:
    session.delete(_get(session, workspace_id, source_id))
    session.flush()


def _apply(session: Session, src: SyncSource, data: SourceCreate | SourceUpdate, secret: str) -> None:
    """Copy the fields sent onto the source, checking each; every problem is reported at once."""
    sent = data.model_fields_set
    errors: list[ErrorItem] = []
    if data.url is not None:
        try:
            url = inputs.normalize_url(data.url)
            src.url_sealed = secretbox.seal(url, secret=secret, purpose=PURPOSE)
            src.url_masked = inputs.masked(url)
        except inputs.SourceError as exc:
            errors.append(ErrorItem(("body", "url"), str(exc), "invalid"))
    if "table" in sent:
        src.table_name = data.table
        src.query = None if data.table else src.query
    if "query" in sent:
        src.query = data.query
        src.table_name = None if data.query else src.table_name
    if data.path is not None:
        src.path = data.path
        try:
            inputs.check_path(data.path, data.format or src.file_format)
        except inputs.SourceError as exc:
            errors.append(ErrorItem(("body", "path"), str(exc), "invalid"))
    if "format" in sent:
        src.file_format = data.format
    if data.api_key is not None:
        src.token_sealed = secretbox.seal(data.api_key, secret=secret, purpose=TOKEN_PURPOSE)
        src.token_masked = vendors.mask(data.api_key)
    if "api_base" in sent:
        src.api_base = data.api_base
    for name in ("cursor_column", "batch_size", "every_minutes"):
        if name in sent and (getattr(data, name) is not None or name != "batch_size"):
            setattr(src, name, getattr(data, name))
    if "mapping" in sent and data.mapping is not None:
        api = src.kind in API_KINDS
        src.mapping = (
            vendors.mapping_for(src.kind, src.api_object or "", data.mapping) if api else dict(data.mapping)
        )
    if "owners" in sent:
        src.owners = dict(data.owners or {})
    target = getattr(data, "target", src.target)
    if target != src.target:
        src.target = target
    if src.kind in API_KINDS:
        errors += _check_api(src)
    if src.api_object != "health":
        spec = targets.spec(src.target)
        custom_keys = _custom_keys(session, src.workspace_id, spec.custom_entity)
        errors += frame.check_mapping(
            mapping=src.mapping,
            owners=src.owners,
            model=spec.model,
            target=src.target,
            custom_keys=custom_keys,
        )
    if src.kind == "sql" and src.table_name is None and src.query is None:
        errors.append(ErrorItem(("body", "table"), "a sql source needs a table or a query", "missing"))
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)


def _check_api(src: SyncSource) -> list[ErrorItem]:
    """The cursor a vendor's object can be read by; a push's mapping of measures to properties; Salesforce's
    instance URL and the field names its SOQL selects."""
    errors = []
    if src.kind == "salesforce":
        if not (src.api_base or "").startswith("https://"):
            msg = "a salesforce source needs api_base: its https:// instance URL"
            errors.append(ErrorItem(("body", "api_base"), msg, "missing"))
        if src.api_object != "health":
            fixed = {
                *salesforce_source.derived(src.api_object or ""),
                *salesforce_source.BASE.get(src.api_object or "", ()),
            }
            for column in src.mapping:
                if column not in fixed and not salesforce_source.FIELD.match(column):
                    msg = f"{column!r} is not a Salesforce field name (Tier__c, Owner.Email)"
                    errors.append(ErrorItem(("body", "mapping", column), msg, "invalid"))
    key = (src.kind, src.api_object or "")
    allowed = [c for c in (vendors.CURSORS.get(key), *vendors.MORE_CURSORS.get(key, ())) if c]
    if src.cursor_column is not None and src.cursor_column not in allowed:
        can = f"only {' or '.join(repr(c) for c in allowed)} (or none)" if allowed else "none"
        msg = f"{src.kind} {src.api_object} take {can} as cursor_column, not {src.cursor_column!r}"
        errors.append(ErrorItem(("body", "cursor_column"), msg, "invalid"))
    if src.api_object == "health":
        for measure, prop in src.mapping.items():
            if measure not in vendors.PUSH_FIELDS:
                msg = f"{measure!r} is not pushed; measures: {', '.join(vendors.PUSH_FIELDS)}"
                errors.append(ErrorItem(("body", "mapping", measure), msg, "unknown_field"))
            elif not re.match(vendors.PUSH_PROPERTY[src.kind], prop):
                what = PUSH_NAMES[src.kind]
                msg = f"{prop!r} is not {what}"
                errors.append(ErrorItem(("body", "mapping", measure), msg, "invalid"))
        if src.owners:
            errors.append(ErrorItem(("body", "owners"), "a push has no field owners", "invalid"))
    return errors


def _custom_keys(session: Session, workspace_id: int, entity: str | None) -> set[str]:
    if entity is None:
        return set()
    return set(
        workspaces_service.custom_field_types(session=session, workspace_id=workspace_id, entity=entity)
    )


def read_spec(*, session: Session, workspace_id: int, source_id: int, secret: str) -> inputs.ReadSpec:
    src = _get(session, workspace_id, source_id)
    url = secretbox.unseal(src.url_sealed, secret=secret, purpose=PURPOSE) if src.url_sealed else None
    token = (
        secretbox.unseal(src.token_sealed, secret=secret, purpose=TOKEN_PURPOSE) if src.token_sealed else None
    )
    emails: frozenset[str] = frozenset()
    if src.kind in ("hubspot", "salesforce") and "owner_email" in src.mapping:
        users = users_service.list_users(session=session, workspace_id=workspace_id)
        emails = frozenset(u.email.lower() for u in users)
    return inputs.ReadSpec(
        kind=src.kind, url=url, table=src.table_name, query=src.query, path=src.path,
        file_format=src.file_format, cursor_column=src.cursor_column, api_object=src.api_object,
        api_base=src.api_base, token=token, columns=tuple(src.mapping), known_emails=emails,
    )  # fmt: skip


def check_columns(*, session: Session, workspace_id: int, source_id: int, columns: list[str]) -> None:
    """The columns the mapping and the cursor name must be in what the source returns."""
    src = _get(session, workspace_id, source_id)
    have = set(columns)
    errors = [
        ErrorItem(
            ("mapping", c), f"the mapping names column {c!r}, which the source does not have", "missing"
        )
        for c in src.mapping
        if c not in have
    ]
    if src.cursor_column and src.cursor_column not in have:
        msg = f"the cursor column {src.cursor_column!r} is not among the source's columns"
        errors.append(ErrorItem(("cursor_column",), msg, "missing"))
    if errors:
        shown = ", ".join(sorted(have))
        errors = [ErrorItem(e.loc, f"{e.msg} ({shown})", e.type) for e in errors]
        raise Invalid(errors[0].msg, errors[0].loc, errors)


def preview(*, session: Session, workspace_id: int, source_id: int, secret: str, rows: int) -> Preview:
    """The first rows as read and as they would be written; nothing is written."""
    src = _get(session, workspace_id, source_id)
    if src.api_object == "health":
        raise Invalid("a health push reads nothing to preview: run it", ("source",))
    spec = read_spec(session=session, workspace_id=workspace_id, source_id=source_id, secret=secret)
    model = targets.spec(src.target).model
    try:
        with sources.read(spec, limit=rows) as result:
            check_columns(
                session=session, workspace_id=workspace_id, source_id=source_id, columns=result.columns
            )
            plan = frame.Plan.build(result.columns, src.mapping)
            out = [_preview_row(n, row, result.columns, plan, model) for n, row in enumerate(result.rows, 1)]
    except inputs.SourceError as exc:
        raise Invalid(f"the source cannot be read: {exc}", ("source",)) from None
    unmapped = [c for c in result.columns if c not in src.mapping]
    return Preview(columns=result.columns, unmapped_columns=unmapped, rows=out)


def _preview_row(
    n: int, row: tuple[Any, ...], columns: list[str], plan: frame.Plan, model: type[BaseModel]
) -> PreviewRow:
    shown = {c: _json_safe(v) for c, v in zip(columns, row, strict=True)}
    try:
        item = frame.to_item(model, frame.values_of(row, plan), plan)
    except frame.RowProblem as exc:
        return PreviewRow(row=n, source=shown, problems=[Problem(row=n, column=exc.column, msg=exc.msg)])
    return PreviewRow(
        row=n, source=shown, mapped=item.model_dump(mode="json", exclude_unset=True), problems=[]
    )


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    try:
        return frame.as_text(value)
    except frame.RowProblem:
        return f"<{type(value).__name__}>"
