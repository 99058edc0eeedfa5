"""Pydantic input of the customer portal's forms (checked like API input) and the signed-in contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, StringConstraints

from steward.core.schemas import Strict
from steward.domains.contacts.schemas import Email


class LinkRequest(Strict):
    email: Email


MAX_ATTACHMENTS = 5  # per message
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024  # what a contact may say a file weighs (only its details are kept)


class PortalAttachment(Strict):
    """What a contact tells about a file (no file is uploaded or stored): name, size, type, where it is."""

    filename: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    size: int = Field(ge=0, le=MAX_ATTACHMENT_BYTES)
    content_type: Annotated[
        str, StringConstraints(max_length=100, pattern=r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*$")
    ] = "application/octet-stream"
    url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://[^\s<>\"']+$")] | None = None


Attachments = Annotated[list[PortalAttachment], Field(max_length=MAX_ATTACHMENTS)]


class PortalTicketCreate(Strict):
    subject: Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    attachments: Attachments = Field(default_factory=list)


class PortalReply(Strict):
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    attachments: Attachments = Field(default_factory=list)


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
    language: str | None = None  # the contact's own language tag, if their record has one
