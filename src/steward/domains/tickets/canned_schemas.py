"""Pydantic I/O for canned responses: saved replies with {{ placeholders }} filled in per ticket."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from steward.core.schemas import Strict
from steward.domains.tickets.schemas import Key, Label

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
PLACEHOLDERS = {
    "contact.name": "the requester's name",
    "contact.first_name": "the requester's first name",
    "account.name": "the customer's account",
    "agent.name": "the agent who sends the reply",
    "ticket.id": "the ticket number",
    "ticket.subject": "the ticket's subject",
}


class CannedCreate(Strict):
    title: Label
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)] = Field(
        description="the reply; {{ contact.first_name }}, {{ account.name }}, {{ agent.name }}, "
        "{{ ticket.id }} and the like are filled in for each ticket"
    )
    language: (
        Annotated[str, StringConstraints(min_length=2, max_length=20, pattern=r"^[a-zA-Z-]+$")] | None
    ) = None
    set_status: Key | None = Field(None, description="the status the reply form proposes with this reply")

    @field_validator("body")
    @classmethod
    def known_placeholders(cls, body: str) -> str:
        unknown = sorted({m.group(1) for m in PLACEHOLDER.finditer(body)} - set(PLACEHOLDERS))
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{{ {unknown[0]} }}}}; use one of: "
                + ", ".join(f"{{{{ {k} }}}}" for k in PLACEHOLDERS)
            )
        return body


class CannedRead(CannedCreate):
    model_config = ConfigDict(from_attributes=True)
    id: int


class CannedForTicket(BaseModel):
    id: int
    title: str
    language: str | None
    set_status: str | None
    body: str = Field(description="with this ticket's placeholders filled in")
