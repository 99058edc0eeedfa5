"""Pydantic I/O for live chat: the frames each side sends over its WebSocket, settings, and what is read."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from steward.core.schemas import Id, Strict
from steward.domains.tickets.schemas import Attachment

# Characters of one chat message; the widget counts the same and the server refuses more.
MAX_BODY = 4000
SUGGEST_CHARS = 300  # of the message being typed, searched for articles (the widget sends no more)
SUGGESTIONS = 3  # articles suggested in the widget at most
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Body = Annotated[str, StringConstraints(min_length=1, max_length=MAX_BODY)]
# A day's opening and closing time, HH:MM (checked below).
Span = Annotated[list[Annotated[str, StringConstraints(max_length=5)]], Field(min_length=2, max_length=2)]


class ChatSettings(Strict):
    """Office hours per weekday in the channel's time zone (a day left out is closed); None: always open."""

    office_hours: dict[Weekday, Span] | None = Field(None, description='e.g. {"mon": ["09:00", "17:00"]}')
    time_zone: Annotated[str, StringConstraints(max_length=64)] = "UTC"

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value != "UTC" and value not in available_timezones():
            raise ValueError(f"unknown time zone {value!r}")
        return value

    @field_validator("office_hours")
    @classmethod
    def _hours(cls, value: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        for day, (start, end) in (value or {}).items():
            if not CLOCK.match(start) or not CLOCK.match(end):
                raise ValueError(f"{day}: times are HH:MM, like 09:00 and 17:30")
            if start >= end:
                raise ValueError(f"{day}: the start {start} must come before the end {end}")
        return value


class ChatSettingsRead(ChatSettings):
    public_key: str
    widget_secret: str | None = None  # admins only


# Frames from the customer's widget
class CustomerMessage(Strict):
    type: Literal["message"]
    body: Body
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)


class Typing(Strict):
    type: Literal["typing"]


class Ping(Strict):
    type: Literal["ping"]


class CustomerRead(Strict):
    type: Literal["read"]
    message_id: Id


class CustomerRating(Strict):
    type: Literal["csat"]
    conversation_id: Id  # the ended chat, as the "ended" event named it
    rating: int = Field(ge=0, le=5)
    comment: Annotated[str, StringConstraints(max_length=MAX_BODY)] = ""


class CustomerSuggest(Strict):
    """What the visitor is typing as their first message: help-center articles matching it are suggested."""

    type: Literal["suggest"]
    text: Annotated[str, StringConstraints(max_length=SUGGEST_CHARS)]
    language: Annotated[str, StringConstraints(max_length=35)] = "en"  # the widget's (BCP 47)


class CustomerSolved(Strict):
    """'A suggested article answered my question': the articles read count as deflected at once."""

    type: Literal["solved"]


CustomerFrame = Annotated[
    CustomerMessage | Typing | Ping | CustomerRead | CustomerRating | CustomerSuggest | CustomerSolved,
    Field(discriminator="type"),
]


# Frames from an agent's page; each names the conversation
class AgentMessage(Strict):
    type: Literal["message"]
    conversation_id: Id
    body: Body
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)


class AgentTyping(Strict):
    type: Literal["typing"]
    conversation_id: Id


class AgentRead(Strict):
    type: Literal["read"]
    conversation_id: Id
    message_id: Id


class AgentTransfer(Strict):
    type: Literal["transfer"]
    conversation_id: Id
    team_id: Id


class AgentEnd(Strict):
    type: Literal["end"]
    conversation_id: Id


AgentFrame = Annotated[
    AgentMessage | AgentTyping | AgentRead | AgentTransfer | AgentEnd | Ping, Field(discriminator="type")
]


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    conversation_id: int
    author: str
    author_id: int | None
    body: str
    attachments: list[dict[str, Any]]
    created_at: datetime


class ConversationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    status: str
    account_id: int | None
    contact_id: int | None
    assignee_id: int | None
    team_id: int | None
    ticket_id: int | None
    customer_read_id: int
    agent_read_id: int
    started_at: datetime
    ended_at: datetime | None


class LiveConversation(ConversationRead):
    """A conversation in the agents' queue, with what the agent needs beside it."""

    account_name: str | None = None
    contact_name: str | None = None
    health_grade: str | None = None
    health_score: float | None = None
    arr_minor: int | None = None
    currency: str | None = None
    last_message: str | None = None
    waiting: int = 0  # customer messages no agent has read
