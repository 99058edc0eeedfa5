"""What a form page says when its input fails: the first error, named by its field."""

from __future__ import annotations

from pydantic import ValidationError

from steward.core.errors import DomainError


def first_error(exc: ValidationError | DomainError) -> str:
    """'reason: String should have at least 1 character', or a domain error's own message."""
    if isinstance(exc, DomainError):
        return exc.msg
    err = exc.errors()[0]
    return f"{err['loc'][0] if err['loc'] else 'form'}: {err['msg']}"
