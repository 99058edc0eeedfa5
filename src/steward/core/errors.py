"""Domain errors; web/errors.py maps each to one HTTP status and the detail[].loc/msg/type shape."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ErrorItem:
    loc: tuple[str | int, ...]
    msg: str
    type: str


@dataclass
class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    msg: str
    loc: tuple[str | int, ...] = ()
    type: str = "error"
    items: Sequence[ErrorItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.msg)

    def details(self) -> list[ErrorItem]:
        return list(self.items) or [ErrorItem(self.loc, self.msg, self.type)]


class NotFound(DomainError):
    """The row does not exist in the caller's workspace (another workspace's rows are not found too)."""

    def __init__(self, what: str, key: object, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(f"{what} {key!s} not found", loc or ("path",), "not_found")
        self.what, self.key = what, str(key)  # the UI says it in the page's language (web/ui/form_errors.py)


class Conflict(DomainError):
    """The request contradicts stored state (duplicate key, cycle, ...)."""

    def __init__(self, msg: str, loc: tuple[str | int, ...] = (), items: Sequence[ErrorItem] = ()) -> None:
        super().__init__(msg, loc, "conflict", list(items))


class Invalid(DomainError):
    """The request is well-formed JSON but breaks a rule the schema cannot express."""

    def __init__(self, msg: str, loc: tuple[str | int, ...] = (), items: Sequence[ErrorItem] = ()) -> None:
        super().__init__(msg, loc, "invalid", list(items))


class Forbidden(DomainError):
    def __init__(self, msg: str = "your role does not allow this") -> None:
        super().__init__(msg, (), "forbidden")


class Unauthorized(DomainError):
    def __init__(self, msg: str = "missing or invalid credentials") -> None:
        super().__init__(msg, ("header", "Authorization"), "unauthorized")


class TooLarge(DomainError):
    """The request or a part of it is over a size limit (HTTP 413)."""

    def __init__(self, msg: str, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(msg, loc, "too_large")


class TooMany(DomainError):
    """Too many requests from one client for now (HTTP 429, with Retry-After)."""

    def __init__(self, msg: str, loc: tuple[str | int, ...] = (), retry_after: int = 1) -> None:
        super().__init__(msg, loc, "too_many")
        self.retry_after = retry_after


class Gone(DomainError):
    """The thing existed but is no longer available, such as an expired link (HTTP 410)."""

    def __init__(self, msg: str, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(msg, loc, "gone")
