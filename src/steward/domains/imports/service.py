"""CSV import of accounts, contacts, subscriptions and survey responses: validate every row, then write all
or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from steward.core.errors import ErrorItem, Invalid
from steward.core.money import NotANumber, TooPrecise, minor_exponent, to_minor
from steward.core.schemas import BulkResult
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.contacts import service as contacts_service
from steward.domains.contacts.schemas import ContactCreate
from steward.domains.imports import csvread
from steward.domains.imports.mapping import Target, check_required, plan_columns
from steward.domains.imports.schemas import Entity, ImportResult
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.subscriptions.schemas import SubscriptionCreate
from steward.domains.surveys import service as surveys_service
from steward.domains.surveys.schemas import ResponseImport
from steward.domains.workspaces import service as workspaces_service

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class _Spec:
    model: type[BaseModel]
    upsert: Callable[..., BulkResult]
    custom_entity: str | None
    extra_fields: frozenset[str] = frozenset()


SPECS: dict[str, _Spec] = {
    "accounts": _Spec(AccountCreate, accounts_service.bulk_upsert, "account"),
    "contacts": _Spec(ContactCreate, contacts_service.bulk_upsert, "contact"),
    "subscriptions": _Spec(
        SubscriptionCreate, subscriptions_service.bulk_upsert, None, frozenset({"amount"})
    ),
    "responses": _Spec(ResponseImport, surveys_service.import_responses, None),
}


def run_import(
    *,
    session: Session,
    workspace_id: int,
    entity: Entity,
    data: bytes,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate every row, then upsert them in one go; any error rejects the file with every problem found.

    With dry_run the writes still run (so references are checked) and the caller rolls the transaction back.
    """
    spec = SPECS[entity]
    table = csvread.parse(data)
    custom_keys = (
        set(
            workspaces_service.custom_field_types(
                session=session, workspace_id=workspace_id, entity=spec.custom_entity
            )
        )
        if spec.custom_entity
        else set()
    )
    targets = plan_columns(table.header, spec.model, custom_keys, mapping or {}, spec.extra_fields)
    check_required(targets, spec.model, {"amount_minor": {"amount"}})
    if entity == "subscriptions" and not {t.field for t in targets if t} & {
        "account_id",
        "account_external_id",
    }:
        raise Invalid("required column missing: account_external_id (or account_id)", ("body", "header"))
    items: list[BaseModel] = []
    errors: list[ErrorItem] = []
    total = len(table.rows)
    for n, row in enumerate(table.rows, start=1):
        try:
            items.append(_to_item(spec.model, table.header, targets, row))
        except Invalid as exc:
            errors.extend(exc.details())
        if progress and (n % 1000 == 0 or n == total):
            progress("validating", n, total)
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)
    if progress:
        progress("writing", 0, total)
    # Survey answers spend their time reading comments: told as each batch of new comments is read.
    told = {"progress": _reading(progress)} if progress and entity == "responses" else {}
    try:
        result = spec.upsert(session=session, workspace_id=workspace_id, items=items, loc=("rows",), **told)
    except Invalid as exc:
        raise _to_csv_errors(exc, table.rows, table.header, targets) from None
    if progress:
        progress("writing", total, total)
    return ImportResult(
        entity=entity, rows=total, created=result.created, updated=result.updated, dry_run=dry_run
    )


def _reading(progress: Progress) -> Callable[[int, int], None]:
    def read(done: int, texts: int) -> None:
        progress("reading comments", done, texts)

    return read


def _where(row: csvread.CsvRow, column: str | None) -> tuple[tuple[str | int, ...], str]:
    loc: tuple[str | int, ...] = (
        ("body", "row", row.number, column) if column else ("body", "row", row.number)
    )
    text = f"row {row.number} (line {row.line})" + (f', column "{column}"' if column else "")
    return loc, text


def _to_item(
    model: type[BaseModel], header: list[str], targets: Sequence[Target | None], row: csvread.CsvRow
) -> BaseModel:
    values: dict[str, Any] = {}
    custom: dict[str, str] = {}
    amount: tuple[str, str] | None = None
    for col, target, cell in zip(header, targets, [*row.cells, *[""] * len(header)], strict=False):
        cell = cell.strip()
        if target is None or cell == "":
            continue  # a blank cell means "not given", never an empty string
        if target.custom:
            custom[target.field] = cell
        elif target.field == "amount":
            amount = (col, cell)
        else:
            values[target.field] = cell
    if custom:
        values["custom"] = custom
    if amount is not None:
        col, cell = amount
        if "amount_minor" in values:
            loc, where = _where(row, col)
            raise Invalid(f"{where}: give amount or amount_minor, not both", loc)
        values["amount_minor"] = _minor_units(cell, str(values.get("currency", "USD")).upper(), row, col)
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        items = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else None
            column = _column_for(field, err["loc"], header, targets)
            loc, where = _where(row, column)
            items.append(ErrorItem(loc, f"{where}: {err['msg']}", err["type"]))
        raise Invalid(items[0].msg, items[0].loc, items) from None


def _minor_units(cell: str, currency: str, row: csvread.CsvRow, col: str) -> int:
    try:
        return to_minor(cell, currency)
    except NotANumber:
        loc, where = _where(row, col)
        raise Invalid(f"{where}: {cell!r} is not a number", loc) from None
    except TooPrecise:
        loc, where = _where(row, col)
        raise Invalid(
            f"{where}: {cell} has more decimals than {currency} allows ({minor_exponent(currency)})", loc
        ) from None


def _column_for(
    field: str | None, loc: tuple[int | str, ...], header: list[str], targets: Sequence[Target | None]
) -> str | None:
    if field is None:
        return None
    want_custom = field == "custom" and len(loc) > 1
    key = str(loc[1]) if want_custom else field
    key_options = {"amount_minor", "amount"} if field == "amount_minor" else {key}
    for col, target in zip(header, targets, strict=True):
        if target is not None and target.field in key_options and target.custom == want_custom:
            return col
    return field


def _to_csv_errors(
    exc: Invalid, rows: list[csvread.CsvRow], header: list[str], targets: Sequence[Target | None]
) -> Invalid:
    """Errors from the domain services point at ("rows", i, field); turn them into CSV rows and columns."""
    items = []
    for item in exc.details():
        if len(item.loc) >= 2 and item.loc[0] == "rows" and isinstance(item.loc[1], int):
            row = rows[item.loc[1]]
            rest = item.loc[2:]
            column = _column_for(str(rest[0]), rest, header, targets) if rest else None
            loc, where = _where(row, column)
            items.append(ErrorItem(loc, f"{where}: {item.msg}", item.type))
        else:
            items.append(item)
    return Invalid(items[0].msg, items[0].loc, items)
