"""Mapping a source's columns onto a target's fields: checking the mapping once, then turning each row into
the values the target's bulk upsert validates (as text, as a CSV import would send them)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from steward.core.errors import ErrorItem
from steward.core.money import NotANumber, TooPrecise, to_minor

CUSTOM = "custom."
EXTRA_FIELDS = {"subscriptions": frozenset({"amount"})}  # major units, turned into amount_minor
# Alternatives that satisfy a required field: amount for amount_minor, account_id for account_external_id.
SATISFIED_BY = {"amount_minor": {"amount"}, "account_external_id": {"account_id"}}


def fields_of(model: type[BaseModel], target: str) -> set[str]:
    return (set(model.model_fields) - {"custom"}) | EXTRA_FIELDS.get(target, frozenset())


def check_mapping(
    *,
    mapping: dict[str, str],
    owners: dict[str, str],
    model: type[BaseModel],
    target: str,
    custom_keys: set[str],
) -> list[ErrorItem]:
    """Every problem with a mapping and its owners, each naming the column or field at fault."""
    fields = fields_of(model, target)
    errors: list[ErrorItem] = []
    seen: dict[str, str] = {}
    for column, field in mapping.items():
        loc = ("body", "mapping", column)
        if field.startswith(CUSTOM):
            key = field.removeprefix(CUSTOM)
            if key not in custom_keys:
                known = ", ".join(sorted(custom_keys)) or "none defined"
                msg = f"column {column!r} maps to {field!r}, a custom field this workspace lacks ({known})"
                errors.append(ErrorItem(loc, msg, "unknown_field"))
        elif field not in fields:
            valid = ", ".join(sorted(fields))
            msg = f"column {column!r} maps to {field!r}, which {target} do not have; fields: {valid}"
            errors.append(ErrorItem(loc, msg, "unknown_field"))
        if field in seen:
            msg = f"columns {seen[field]!r} and {column!r} both map to {field!r}"
            errors.append(ErrorItem(loc, msg, "duplicate"))
        seen.setdefault(field, column)
    mapped = set(mapping.values())
    required = [n for n, info in model.model_fields.items() if info.is_required()]
    if target == "subscriptions":
        required.append("account_external_id")
    for name in required:
        if name not in mapped and not (SATISFIED_BY.get(name, set()) & mapped):
            also = SATISFIED_BY.get(name)
            either = f" (or {', '.join(sorted(also))})" if also else ""
            msg = f"no column maps to {name}{either}, which {target} need"
            errors.append(ErrorItem(("body", "mapping"), msg, "missing"))
    for field, owner in owners.items():
        loc = ("body", "owners", field)
        if field not in mapped:
            errors.append(ErrorItem(loc, f"owners names {field!r}, which no column maps to", "unknown_field"))
        elif field == "external_id" and owner == "steward":
            errors.append(ErrorItem(loc, "external_id identifies the record: the source owns it", "invalid"))
    return errors


@dataclass(frozen=True)
class Plan:
    """Where each mapped field's value sits in a source row."""

    positions: list[tuple[int, str, str]]  # (index in the row, column, field)
    external_id_at: int

    @classmethod
    def build(cls, columns: Sequence[str], mapping: dict[str, str]) -> Plan:
        at = {c: i for i, c in enumerate(columns)}
        positions = [(at[c], c, f) for c, f in mapping.items() if c in at]
        ext = next(i for i, _, f in positions if f == "external_id")
        return cls(positions, ext)

    def column_of(self, field: str) -> str | None:
        return next((c for _, c, f in self.positions if f == field), None)


class RowProblem(Exception):
    def __init__(self, msg: str, column: str | None = None) -> None:
        super().__init__(msg)
        self.msg, self.column = msg, column


def as_text(value: Any) -> str | None:
    """A source value as the text a CSV would carry; None (and blank text) means "not given"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bytes | bytearray | memoryview):
        raise RowProblem("binary values cannot be synced")
    text = str(value).strip()
    return text or None


def values_of(row: Sequence[Any], plan: Plan) -> dict[str, Any]:
    """The mapped values of one row, keyed by field (custom.<key> kept as is)."""
    out: dict[str, Any] = {}
    for index, column, field in plan.positions:
        try:
            text = as_text(row[index])
        except RowProblem as exc:
            raise RowProblem(exc.msg, column) from None
        if text is not None:
            out[field] = text
    return out


def to_item(model: type[BaseModel], values: dict[str, Any], plan: Plan) -> BaseModel:
    """Validate one row's values as the target's create model; a RowProblem names the column at fault."""
    data: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    for name, value in values.items():
        if name.startswith(CUSTOM):
            custom[name.removeprefix(CUSTOM)] = value
        elif name != "amount":
            data[name] = value
    if custom:
        data["custom"] = custom
    if "amount" in values:
        column = plan.column_of("amount")
        if "amount_minor" in data:
            raise RowProblem("give amount or amount_minor, not both", column)
        currency = str(data.get("currency", "USD")).upper()
        try:
            data["amount_minor"] = to_minor(values["amount"], currency)
        except (NotANumber, TooPrecise):
            raise RowProblem(f"{values['amount']!r} is not an amount in {currency}", column) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else None
        if field == "custom" and len(err["loc"]) > 1:
            field = CUSTOM + str(err["loc"][1])
        column = plan.column_of(field) if field else None
        shown = values.get(field) if field else None
        value = f" (value {shown!r})" if shown is not None and len(str(shown)) <= 80 else ""
        raise RowProblem(f"{err['msg']}{value}", column) from None


def digest(values: dict[str, Any]) -> str:
    return hashlib.blake2b(orjson.dumps(values, option=orjson.OPT_SORT_KEYS), digest_size=16).hexdigest()
