"""Which CSV column feeds which field: case-insensitive names, --map overrides, custom.<key> allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from steward.core.errors import ErrorItem, Invalid

IGNORE = "-"


@dataclass(frozen=True)
class Target:
    field: str  # model field, "amount" (major units), or the custom key
    custom: bool = False


def normalize(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.strip().lower()).strip("_")


def plan_columns(
    header: list[str],
    model: type[BaseModel],
    custom_keys: set[str],
    overrides: dict[str, str],
    extra_fields: frozenset[str] = frozenset(),
) -> list[Target | None]:
    """One target per column (None = ignored); every problem with the header is reported at once."""
    fields = (set(model.model_fields) - {"custom"}) | extra_fields
    by_normal = {normalize(k): v for k, v in overrides.items()}
    unknown_overrides = set(overrides) - set(header)
    errors: list[ErrorItem] = [
        ErrorItem(
            ("query", "map", k), f"--map names column {k!r}, which the file does not have", "unknown_column"
        )
        for k in sorted(unknown_overrides)
    ]
    targets: list[Target | None] = []
    for col in header:
        wanted = overrides.get(col, by_normal.get(normalize(col))) if col not in unknown_overrides else None
        name = (wanted if wanted is not None else col).strip()
        target = _resolve(name, fields, custom_keys, explicit=wanted is not None)
        if target == "unknown":
            valid = ", ".join(sorted(fields))
            hint = f"; custom fields: {', '.join(sorted(custom_keys))}" if custom_keys else ""
            msg = (
                f'column "{col}" matches no field; map it with --map "{col}=FIELD" or "{col}=-" to skip it. '
                f"Fields: {valid}{hint}"
            )
            errors.append(ErrorItem(("body", "header", col), msg, "unknown_column"))
            targets.append(None)
        else:
            targets.append(target if isinstance(target, Target) else None)
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)
    return targets


def _resolve(name: str, fields: set[str], custom_keys: set[str], *, explicit: bool) -> Target | str | None:
    if explicit and name in (IGNORE, ""):
        return None
    key = normalize(name)
    if (
        key.startswith("custom_")
        and key.removeprefix("custom_") in custom_keys
        and name.lower().startswith("custom.")
    ):
        return Target(key.removeprefix("custom_"), custom=True)
    if key in fields:
        return Target(key)
    if key in custom_keys:
        return Target(key, custom=True)
    return "unknown"


def check_required(
    targets: list[Target | None], model: type[BaseModel], satisfied_by: dict[str, set[str]]
) -> None:
    present = {t.field for t in targets if t is not None and not t.custom}
    missing = []
    for name, info in model.model_fields.items():
        if info.is_required() and name not in present and not (satisfied_by.get(name, set()) & present):
            missing.append(name)
    if missing:
        msg = f"required column missing: {', '.join(missing)}"
        raise Invalid(
            msg, ("body", "header"), [ErrorItem(("body", "header", m), msg, "missing") for m in missing]
        )
