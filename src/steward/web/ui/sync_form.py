"""The data sync source form's values: read from the posted form, turned into the API's SourceCreate or a
SourceUpdate of only what changed (so an edit that leaves the table and cursor alone keeps the cursor), and
pydantic or domain errors turned into messages that name the field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Form
from pydantic import ValidationError
from sqlalchemy.orm import Session

from steward.core import secretbox
from steward.core.errors import DomainError, Invalid
from steward.domains.sync import frame, targets, vendors
from steward.domains.sync.schemas import API_KINDS, OBJECTS, SourceCreate, SourceRead, SourceUpdate
from steward.domains.workspaces import service as workspaces_service

EMPTY_ROWS = 8  # blank mapping rows shown after the filled ones (no script needed to add one)
MORE_ROWS = 5
MAX_ROWS = 200
TARGETS = ("accounts", "contacts", "subscriptions")
LABELS = {
    "name": "Name", "kind": "Kind", "target": "Target", "object": "Object", "url": "Database URL",
    "table": "Table", "query": "Query", "path": "Path", "format": "Format", "cursor_column": "Cursor column",
    "api_key": "API key", "api_base": "API address", "every_minutes": "Schedule", "batch_size": "Batch size",
    "mapping": "Mapping", "owners": "Field owners", "source": "Source",
}  # fmt: skip
Text = Annotated[str, Form(max_length=2000)]


@dataclass
class Draft:
    """The form as typed. Secrets typed before a preview come back sealed (never as text) in hidden fields."""

    name: str = ""
    kind: str = "sql"
    target: str = ""
    object: str = ""
    url: str = ""
    table: str = ""
    query: str = ""
    path: str = ""
    format: str = ""
    cursor_column: str = ""
    api_key: str = ""
    api_base: str = ""
    every_minutes: str = ""
    batch_size: str = ""
    url_sealed: str = ""
    key_sealed: str = ""
    columns: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    extra_rows: int = 0

    def rows(self) -> list[tuple[str, str, str]]:
        padded = self.owners + ["source"] * (len(self.columns) - len(self.owners))
        filled = [
            (c, f, o) for c, f, o in zip(self.columns, self.fields, padded, strict=False) if c.strip() or f
        ]
        return filled + [("", "", "source")] * (EMPTY_ROWS + self.extra_rows)


def read_form(
    name: Annotated[str, Form(max_length=200)] = "",
    kind: Annotated[str, Form(max_length=20)] = "sql",
    target: Annotated[str, Form(max_length=40)] = "",
    object: Annotated[str, Form(max_length=40)] = "",
    url: Text = "",
    table: Text = "",
    query: Annotated[str, Form(max_length=20000)] = "",
    path: Text = "",
    format: Annotated[str, Form(max_length=20)] = "",
    cursor_column: Text = "",
    api_key: Text = "",
    api_base: Text = "",
    every_minutes: Annotated[str, Form(max_length=20)] = "",
    batch_size: Annotated[str, Form(max_length=20)] = "",
    url_sealed: Annotated[str, Form(max_length=8000)] = "",
    key_sealed: Annotated[str, Form(max_length=4000)] = "",
    column: Annotated[list[str] | None, Form()] = None,
    target_field: Annotated[list[str] | None, Form()] = None,
    owner: Annotated[list[str] | None, Form()] = None,
    extra_rows: Annotated[int, Form(ge=0, le=100)] = 0,
) -> Draft:
    cols, fields, owners = (list(v or [])[:MAX_ROWS] for v in (column, target_field, owner))
    return Draft(
        name=name, kind=kind, target=target, object=object, url=url.strip(), table=table, query=query,
        path=path, format=format, cursor_column=cursor_column, api_key=api_key.strip(), api_base=api_base,
        every_minutes=every_minutes, batch_size=batch_size, url_sealed=url_sealed, key_sealed=key_sealed,
        columns=cols, fields=fields, owners=owners, extra_rows=extra_rows,
    )  # fmt: skip


def draft_of(src: SourceRead) -> Draft:
    """A saved source as the edit form shows it: secrets left blank (blank keeps them)."""
    owners: list[str] = [src.owners.get(f, "source") for f in src.mapping.values()]
    return Draft(
        name=src.name, kind=src.kind, target=src.target, object=src.object or "", table=src.table or "",
        query=src.query or "", path=src.path or "", format=src.format or "",
        cursor_column=src.cursor_column or "", api_base=src.api_base or "",
        every_minutes=str(src.every_minutes or ""), batch_size=str(src.batch_size),
        columns=list(src.mapping), fields=list(src.mapping.values()), owners=owners,
    )  # fmt: skip


def new_draft(kind: str, api_object: str) -> Draft:
    d = Draft(kind=kind, object=api_object, target="accounts")
    if kind in API_KINDS and (kind, api_object) in vendors.DEFAULT_MAPPINGS:
        defaults = vendors.DEFAULT_MAPPINGS[(kind, api_object)]
        d.columns, d.fields = list(defaults), list(defaults.values())
        d.cursor_column = vendors.DEFAULT_CURSOR.get((kind, api_object), "")
    return d


def target_of(d: Draft) -> str:
    if d.kind in API_KINDS:
        return OBJECTS[d.kind].get(d.object, "accounts")
    return d.target if d.target in TARGETS else "accounts"


def has_fields(target: str) -> bool:
    return target in (*TARGETS, "invoices")


def allowed_fields(session: Session, workspace_id: int, target: str) -> list[str]:
    """The Steward fields a column can map onto: the target's own (as the sync checks them) and this
    workspace's custom fields."""
    spec = targets.spec(target)
    custom: list[str] = []
    if spec.custom_entity:
        kinds = workspaces_service.custom_field_types(
            session=session, workspace_id=workspace_id, entity=spec.custom_entity
        )
        custom = [frame.CUSTOM + k for k in sorted(kinds)]
    return sorted(frame.fields_of(spec.model, target)) + custom


def _purpose(workspace_id: int, user_id: int) -> str:
    return f"sync-form-draft:{workspace_id}:{user_id}"  # a sealed draft secret opens for its author only


def seal_secrets(d: Draft, *, secret: str, workspace_id: int, user_id: int) -> None:
    """After a preview the form comes back: typed secrets travel sealed, never as text."""
    purpose = _purpose(workspace_id, user_id)
    if d.url:
        d.url_sealed = secretbox.seal(d.url, secret=secret, purpose=purpose)
    if d.api_key:
        d.key_sealed = secretbox.seal(d.api_key, secret=secret, purpose=purpose)
    d.url = d.api_key = ""


def _secrets(d: Draft, secret: str, workspace_id: int, user_id: int) -> tuple[str, str]:
    purpose = _purpose(workspace_id, user_id)
    url, key = d.url, d.api_key
    try:
        if not url and d.url_sealed:
            url = secretbox.unseal(d.url_sealed, secret=secret, purpose=purpose)
        if not key and d.key_sealed:
            key = secretbox.unseal(d.key_sealed, secret=secret, purpose=purpose)
    except Invalid:
        raise Invalid("the form's saved secret cannot be read: type it again", ("body", "url")) from None
    return url, key


def _mapping(d: Draft) -> tuple[dict[str, str], dict[str, str], list[tuple[tuple[str, ...], str]]]:
    mapping: dict[str, str] = {}
    owners: dict[str, str] = {}
    errors: list[tuple[tuple[str, ...], str]] = []
    for n, (column, target_field, owner) in enumerate(d.rows(), 1):
        column = column.strip()
        if not column and not target_field:
            continue
        if not column or not target_field:
            errors.append((("mapping",), f"row {n}: give both the source column and the Steward field"))
            continue
        if column in mapping:
            errors.append((("mapping", column), f"row {n}: column {column!r} is mapped twice"))
        mapping[column] = target_field
        if owner == "steward":
            owners[target_field] = "steward"
    return mapping, owners, errors


def _opt(value: str) -> str | None:
    return value.strip() or None


def create_body(d: Draft, *, secret: str, workspace_id: int, user_id: int) -> SourceCreate:
    """The API's own checks (SourceCreate) on what the form says; raises FormErrors."""
    url, key = _secrets(d, secret, workspace_id, user_id)
    mapping, owners, errors = _mapping(d)
    body: dict[str, Any] = {"name": d.name, "kind": d.kind, "cursor_column": _opt(d.cursor_column)}
    if d.kind in API_KINDS:
        body |= {"object": _opt(d.object), "api_key": key or None, "api_base": _opt(d.api_base)}
    else:
        body["target"] = _opt(d.target)
    if d.kind == "sql":
        body |= {"url": url or None, "table": _opt(d.table), "query": _opt(d.query)}
    if d.kind == "file":
        body |= {"path": _opt(d.path), "format": _opt(d.format)}
    if mapping:
        body["mapping"] = mapping
    if owners:
        body["owners"] = owners
    body |= {k: _opt(getattr(d, k)) for k in ("every_minutes", "batch_size") if _opt(getattr(d, k))}
    body = {k: v for k, v in body.items() if v is not None}
    try:
        created = SourceCreate.model_validate(body)
    except ValidationError as exc:
        raise FormErrors(errors + _pydantic(exc)) from None
    if errors:
        raise FormErrors(errors)
    return created


def update_body(d: Draft, cur: SourceRead, *, secret: str, workspace_id: int, user_id: int) -> SourceUpdate:
    """Only what changed: a blank secret keeps the stored one; the cursor restarts only when where the rows
    come from (or the cursor column) changes."""
    url, key = _secrets(d, secret, workspace_id, user_id)
    mapping, owners, errors = _mapping(d)
    body: dict[str, Any] = {}
    if cur.kind == "sql":
        if url:
            body["url"] = url
        if (_opt(d.table), _opt(d.query)) != (cur.table, cur.query):
            body |= {"table": _opt(d.table), "query": _opt(d.query)}
    if cur.kind == "file":
        for name in ("path", "format"):
            if _opt(getattr(d, name)) != getattr(cur, name):
                body[name] = _opt(getattr(d, name))
    if cur.kind in API_KINDS:
        if key:
            body["api_key"] = key
        if _opt(d.api_base) != cur.api_base:
            body["api_base"] = _opt(d.api_base)
    if _opt(d.cursor_column) != cur.cursor_column:
        body["cursor_column"] = _opt(d.cursor_column)
    if mapping != cur.mapping:
        body["mapping"] = mapping
    if owners != {f: o for f, o in cur.owners.items() if o == "steward"}:
        body["owners"] = owners
    every = _opt(d.every_minutes)
    if every != (str(cur.every_minutes) if cur.every_minutes else None):
        body["every_minutes"] = every
    if _opt(d.batch_size) and _opt(d.batch_size) != str(cur.batch_size):
        body["batch_size"] = _opt(d.batch_size)
    try:
        update = SourceUpdate.model_validate(body)
    except ValidationError as exc:
        raise FormErrors(errors + _pydantic(exc)) from None
    if errors:
        raise FormErrors(errors)
    return update


class FormErrors(Exception):
    def __init__(self, items: list[tuple[tuple[str, ...], str]]) -> None:
        super().__init__("; ".join(m for _, m in items))
        self.items = items


def _pydantic(exc: ValidationError) -> list[tuple[tuple[str, ...], str]]:
    return [(tuple(str(p) for p in e["loc"]), e["msg"].removeprefix("Value error, ")) for e in exc.errors()]


def messages(exc: FormErrors | DomainError) -> list[tuple[str, str]]:
    """(field, message) for each problem, the field as the form labels it ("" for the form as a whole)."""
    if isinstance(exc, FormErrors):
        items = exc.items
    else:
        items = [(tuple(str(p) for p in e.loc), e.msg) for e in exc.details()]
    out = []
    for loc, msg in items:
        parts = [p for p in loc if p != "body"]
        head = parts[0] if parts else ""
        label = LABELS.get(head, head)
        if head in ("mapping", "owners") and len(parts) > 1:
            label = f"{label} ({parts[1]})"
        out.append((label, msg))
    return out
