"""Pydantic I/O for data sync sources, their previews and their runs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from steward.core.schemas import Strict

Kind = Literal["sql", "file", "stripe", "hubspot", "salesforce"]
ApiObject = Literal["customers", "subscriptions", "invoices", "companies", "accounts", "contacts", "health"]
# What each vendor's objects become; "health" is the other way: scores pushed to CRM companies/accounts.
OBJECTS: dict[str, dict[str, str]] = {
    "stripe": {"customers": "accounts", "subscriptions": "subscriptions", "invoices": "invoices"},
    "hubspot": {"companies": "accounts", "contacts": "contacts", "health": "accounts"},
    "salesforce": {"accounts": "accounts", "contacts": "contacts", "health": "accounts"},
}
API_KINDS = frozenset(OBJECTS)
# invoices: payment trouble on the customer's account (timeline and attributes), from Stripe only
Target = Literal["accounts", "contacts", "subscriptions", "invoices"]
Owner = Literal["source", "steward"]
FileFormat = Literal["csv", "parquet"]
Name = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]
Column = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SourceFields(Strict):
    url: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = Field(
        None, description="SQLAlchemy URL (sql); its password is stored encrypted and never shown back"
    )
    table: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = Field(
        None, description="table to read (sql), or give query"
    )
    query: Annotated[str, StringConstraints(min_length=1, max_length=20000)] | None = None
    path: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = Field(
        None, description="CSV or Parquet file, or a folder of them (file)"
    )
    format: FileFormat | None = Field(None, description="csv or parquet; by default from the file extension")
    mapping: dict[Column, Column] | None = Field(
        None, description='source column -> field ("name", "custom.tier", ...); the rest are ignored'
    )
    owners: dict[Column, Owner] | None = Field(
        None, description="field -> which system wins when both change (default: source)"
    )
    cursor_column: Column | None = Field(None, description="an updated-at or increasing id column")
    object: ApiObject | None = Field(
        None,
        description="stripe: customers | subscriptions | invoices; hubspot: companies | contacts; "
        "salesforce: accounts | contacts; or health (scores pushed to HubSpot company properties or "
        "Salesforce Account fields)",
    )
    api_key: Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)] | None = (
        Field(
            None,
            description="Stripe secret key, HubSpot private-app token or Salesforce access token (session "
            "id); stored encrypted",
        )
    )
    api_base: Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000)] | None = Field(
        None,
        description="the vendor's API address (default: api.stripe.com or api.hubapi.com); salesforce: "
        "the instance URL (https://yourcompany.my.salesforce.com), required",
    )
    batch_size: Annotated[int, Field(ge=1, le=5000)] | None = None
    every_minutes: Annotated[int, Field(ge=5, le=7 * 24 * 60)] | None = None


class SourceCreate(SourceFields):
    name: Name
    kind: Kind
    target: Target | None = Field(
        None, description="required for sql and file; stripe/hubspot/salesforce: from object"
    )

    @model_validator(mode="after")
    def _where_from(self) -> SourceCreate:
        if self.kind == "sql" and (not self.url or bool(self.table) == bool(self.query)):
            raise ValueError("a sql source needs url and exactly one of table or query")
        if self.kind == "file" and (not self.path or self.url or self.table or self.query):
            raise ValueError("a file source needs path (and no url, table or query)")
        if self.kind in API_KINDS:
            objects = OBJECTS[self.kind]
            if self.object not in objects:
                raise ValueError(f"a {self.kind} source needs object: one of {', '.join(objects)}")
            if not self.api_key:
                raise ValueError(f"a {self.kind} source needs api_key")
            if self.url or self.table or self.query or self.path or self.format:
                raise ValueError(f"a {self.kind} source takes no url, table, query, path or format")
            if self.target not in (None, objects[self.object]):
                raise ValueError(
                    f"{self.kind} {self.object} become {objects[self.object]}, not {self.target}"
                )
            self.target = objects[self.object]  # type: ignore[assignment]
        else:
            if self.object or self.api_key or self.api_base:
                raise ValueError(
                    "object, api_key and api_base are for stripe, hubspot and salesforce sources"
                )
            if self.target is None or not self.mapping:
                raise ValueError(f"a {self.kind} source needs target and mapping")
            if self.target == "invoices":
                raise ValueError("invoices are read from Stripe (kind stripe, object invoices)")
        return self


class SourceUpdate(SourceFields):
    """PATCH: only the fields sent change; changing where rows come from or the cursor column restarts the
    cursor."""


class SourceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: Kind
    url: str | None = Field(None, description="password masked as ***")
    object: ApiObject | None = None
    api_key: str | None = Field(None, description="masked: only its last four characters are shown")
    api_base: str | None = None
    table: str | None
    query: str | None
    path: str | None
    format: FileFormat | None
    target: Target
    mapping: dict[str, str]
    owners: dict[str, Owner]
    cursor_column: str | None
    cursor: Any | None = Field(None, description="the last committed cursor value")
    batch_size: int
    every_minutes: int | None
    created_at: datetime
    updated_at: datetime


class Problem(BaseModel):
    row: int | None = Field(None, description="1-based position in this run's read order")
    external_id: str | None = None
    column: str | None = None
    msg: str


class RunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source_id: int
    trigger: str
    status: Literal["running", "succeeded", "failed", "interrupted"]
    started_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    rows_read: int
    created: int
    updated: int
    unchanged: int
    refused: int
    batches: int
    cursor_before: Any | None
    cursor_after: Any | None
    error: str | None
    problems: list[Problem]


class PreviewRow(BaseModel):
    row: int
    source: dict[str, Any]
    mapped: dict[str, Any] | None = Field(None, description="what would be written; null when refused")
    problems: list[Problem]


class Preview(BaseModel):
    columns: list[str]
    unmapped_columns: list[str]
    rows: list[PreviewRow]


class SourceStatus(BaseModel):
    source: SourceRead
    last_run: RunRead | None
    next_run_at: datetime | None
