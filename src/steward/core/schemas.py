"""Pydantic shapes shared by every domain's bulk endpoints."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def reject_nul(value: Any) -> Any:
    """Refuse what no store can hold, at any depth: NUL characters (PostgreSQL text cannot hold them) and
    NaN or Infinity (JSON cannot carry them back, and no comparison with them means anything)."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("text must not contain NUL (\\u0000) characters")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("numbers must be finite (not NaN or Infinity)")
    if isinstance(value, dict):
        for key, item in value.items():
            reject_nul(key)
            reject_nul(item)
    elif isinstance(value, list | tuple):
        for item in value:
            reject_nul(item)
    return value


def at_most(limit: int) -> BeforeValidator:
    """A list's length checked before its items are: pydantic's max_length counts after validating every item,
    so a million empty objects cost a second and hundreds of MB before they were refused."""

    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) > limit:
            raise ValueError(f"at most {limit} items, not {len(value)}")
        return value

    return BeforeValidator(check)


class Strict(BaseModel):
    """Input models refuse unknown fields (a typo is an error, not dropped data), NUL characters and NaN or
    Infinity."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    @model_validator(mode="after")
    def _no_nul(self) -> Strict:
        # One pass over the parsed values: a validator per field costs ten times more on 5,000-item bodies.
        for name, value in self.__dict__.items():
            if value.__class__ is str:
                if "\x00" in value:
                    raise ValueError(f"{name}: text must not contain NUL (\\u0000) characters")
            elif value and isinstance(value, dict | list | tuple | float):
                try:
                    reject_nul(value)
                except ValueError as exc:
                    raise ValueError(f"{name}: {exc}") from None
        return self


class BulkItemResult(BaseModel):
    external_id: str
    id: int
    created: bool


class BulkResult(BaseModel):
    created: int
    updated: int
    items: list[BulkItemResult]


# Row ids are 32-bit integers on PostgreSQL; anything outside cannot name a row, so it is refused up front.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
