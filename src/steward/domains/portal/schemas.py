"""Pydantic input of the customer portal's forms (checked like API input) and the signed-in contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, StringConstraints

from steward.core.schemas import Strict
from steward.domains.contacts.schemas import Email


class LinkRequest(Strict):
    email: Email


class PortalTicketCreate(Strict):
    subject: Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class PortalReply(Strict):
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class PortalRating(Strict):
    rating: int = Field(ge=0, le=5)
    comment: Annotated[str, StringConstraints(max_length=5000)] | None = None


@dataclass(frozen=True)
class PortalUser:
    """The contact behind a portal session cookie."""

    session_id: int
    workspace_id: int
    contact_id: int
    account_id: int | None
    name: str
    email: str
    company: bool  # sees the account's tickets, not only their own
    csrf_token: str
