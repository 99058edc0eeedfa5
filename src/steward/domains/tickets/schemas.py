"""Pydantic I/O for tickets, statuses, teams, calendars and SLA policies."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from steward.analytics.business_time import overlapping
from steward.analytics.sla import Behaviour
from steward.core.schemas import Id, Strict

PRIORITIES = ("low", "normal", "high", "urgent")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Priority = Literal["low", "normal", "high", "urgent"]
Channel = Literal["email", "web", "api", "chat"]
Subject = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Body = Annotated[str, StringConstraints(max_length=200_000)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=50, pattern=r"^[^\s,]+$")]
Key = Annotated[str, StringConstraints(min_length=1, max_length=30, pattern=r"^[a-z][a-z0-9_]*$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=100)]
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")


class Status(Strict):
    key: Key
    label: Label
    behaviour: Behaviour = Field(description="running: SLA clocks run; paused: they stop; fulfilled: solved")


DEFAULT_STATUSES = [
    Status(key="new", label="New", behaviour="running"),
    Status(key="open", label="Open", behaviour="running"),
    Status(key="pending", label="Waiting on customer", behaviour="paused"),
    Status(key="on_hold", label="On hold", behaviour="paused"),
    Status(key="solved", label="Solved", behaviour="fulfilled"),
]


class Statuses(Strict):
    statuses: list[Status] = Field(min_length=2, max_length=30)

    @model_validator(mode="after")
    def _complete(self) -> Statuses:
        keys = [s.key for s in self.statuses]
        if len(set(keys)) != len(keys):
            raise ValueError("status keys must be unique")
        behaviours = {s.behaviour for s in self.statuses}
        if not {"running", "fulfilled"} <= behaviours:
            raise ValueError("at least one status must run the SLA clocks and one must fulfil them (solved)")
        return self


class Attachment(Strict):
    filename: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    content_type: Annotated[str, StringConstraints(max_length=100)] = "application/octet-stream"
    size: int = Field(ge=0, le=10**10)
    url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://[^\s<>\"']+$")] | None = Field(
        None, description="where the file can be fetched (only http and https links are kept)"
    )


class TicketCreate(Strict):
    subject: Subject
    body: Body = ""
    account_id: Id | None = None
    contact_id: Id | None = None
    requester_email: (
        Annotated[str, StringConstraints(max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")] | None
    ) = None
    channel: Channel = "api"
    priority: Priority = "normal"
    type: Annotated[str, StringConstraints(min_length=1, max_length=50)] | None = None
    category: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=30)
    language: Annotated[str, StringConstraints(min_length=2, max_length=20)] | None = None
    status: Key | None = Field(None, description="default: the first running status")
    assignee_id: Id | None = None
    team_id: Id | None = None
    attachments: list[Attachment] = Field(default_factory=list, max_length=50)
    created_at: datetime | None = Field(None, description="for imports of past tickets; default: now")


class TicketUpdate(Strict):
    subject: Subject | None = None
    priority: Priority | None = None
    type: Annotated[str, StringConstraints(min_length=1, max_length=50)] | None = None
    category: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    tags: list[Tag] | None = Field(None, max_length=30)
    status: Key | None = None
    assignee_id: Id | None = None
    team_id: Id | None = None
    account_id: Id | None = None


class MessageCreate(Strict):
    body: Annotated[str, StringConstraints(min_length=1, max_length=200_000)]
    public: bool = Field(True, description="false: an internal note the customer never sees")
    author: Literal["agent", "customer"] = "agent"
    status: Key | None = Field(None, description="set the ticket's status with the reply")
    attachments: list[Attachment] = Field(default_factory=list, max_length=50)
    at: datetime | None = Field(None, description="for imports; default: now")


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    author: str
    author_id: int | None
    public: bool
    body: str
    attachments: list[dict[str, Any]]
    created_at: datetime


class ChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    field: str
    old: Any
    new: Any
    actor: str
    actor_id: int | None
    at: datetime


class ClockRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    metric: str
    seq: int
    priority: str
    target_minutes: int
    activated_at: datetime
    fulfilled_at: datetime | None
    due_at: datetime
    business_seconds: float
    breached: bool
    state: str = ""  # met | breached | running (set by the service)


class TicketRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    subject: str
    account_id: int | None
    contact_id: int | None
    requester_email: str | None
    channel: str
    priority: str
    type: str | None
    category: str | None
    tags: list[str]
    language: str | None
    status: str
    assignee_id: int | None
    team_id: int | None
    sla_policy_id: int | None
    created_at: datetime
    updated_at: datetime
    solved_at: datetime | None
    next_due_at: datetime | None = None
    breached: bool = False

    @classmethod
    def listed(cls, ticket: Any, now: datetime) -> TicketRead:
        """A row of a ticket list: its next SLA deadline and whether a clock is breached (an open one past
        due counts), read from the columns each SLA replay keeps on the ticket."""
        due = ticket.sla_due_at
        hit = bool(ticket.sla_breached or (due is not None and due <= now))
        return cls.model_validate(ticket).model_copy(update={"next_due_at": due, "breached": hit})


class TicketDetail(TicketRead):
    messages: list[MessageRead]
    history: list[ChangeRead]
    clocks: list[ClockRead]


class TicketPage(BaseModel):
    items: list[TicketRead]
    total: int


class TeamCreate(Strict):
    name: Label
    member_ids: list[Id] = Field(default_factory=list, max_length=500)


class TeamRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    member_ids: list[int]


class CalendarCreate(Strict):
    name: Label
    time_zone: Annotated[str, StringConstraints(min_length=1, max_length=64)] = "UTC"
    hours: dict[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], list[tuple[str, str]]] = Field(
        description='open hours by weekday, local time, like {"mon": [["09:00", "17:00"]]}; absent: closed'
    )
    holidays: list[date] = Field(default_factory=list, max_length=1000)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in _zones():
            raise ValueError(f"{value!r} is not an IANA time zone (like Europe/Berlin or America/New_York)")
        return value

    @field_validator("hours")
    @classmethod
    def _valid_hours(cls, hours: dict[str, list[tuple[str, str]]]) -> dict[str, list[tuple[str, str]]]:
        for day, intervals in hours.items():
            for n, (low, high) in enumerate(intervals):
                for value in (low, high):
                    if not CLOCK.match(value):
                        raise ValueError(f"{day}[{n}]: {value!r} is not a time of day like 09:00")
            problem = overlapping([(minutes(a), minutes(b)) for a, b in intervals])
            if problem:
                raise ValueError(f"{day}: {problem}")
        if not any(hours.values()):
            raise ValueError("the calendar must be open on at least one day")
        return hours


class CalendarRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    time_zone: str
    hours: dict[str, list[list[str]]]
    holidays: list[str]


class PolicyFilter(Strict):
    """Every list given must contain the ticket's value (an empty filter matches every ticket)."""

    tiers: list[Label] = Field(default_factory=list, max_length=50)
    segments: list[Label] = Field(default_factory=list, max_length=50)
    account_ids: list[Id] = Field(default_factory=list, max_length=1000)
    plans: list[Label] = Field(
        default_factory=list, max_length=50, description="plans of subscriptions in force"
    )
    subscription_ids: list[Id] = Field(
        default_factory=list, max_length=1000, description="the account holds one of these, in force"
    )
    priorities: list[Priority] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    types: list[Label] = Field(default_factory=list, max_length=50)


class Targets(Strict):
    first_response: int | None = Field(None, ge=1, le=525_600, description="business minutes")
    next_response: int | None = Field(None, ge=1, le=525_600)
    periodic_update: int | None = Field(None, ge=1, le=525_600)
    resolution: int | None = Field(None, ge=1, le=525_600)


class PolicyCreate(Strict):
    name: Label
    position: int | None = Field(None, ge=1, le=1000, description="default: after the others")
    filter: PolicyFilter = Field(default_factory=PolicyFilter)
    targets: dict[Priority, Targets] = Field(min_length=1)
    calendar_id: Id | None = Field(None, description="business hours; default: around the clock")


class PolicyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    position: int
    filter: dict[str, list[Any]]
    targets: dict[str, dict[str, int | None]]
    calendar_id: int | None


class RuleMatch(Strict):
    """Each list given must contain the ticket's value (tags: any of them)."""

    languages: list[Label] = Field(default_factory=list, max_length=50)
    types: list[Label] = Field(default_factory=list, max_length=50)
    categories: list[Label] = Field(default_factory=list, max_length=50)
    tags: list[Label] = Field(default_factory=list, max_length=50)
    channels: list[Channel] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)


class RoutingRule(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    match: RuleMatch = Field(default_factory=RuleMatch)
    team_id: Id | None = None
    method: Literal["round_robin", "least_open", "account_owner", "team_only"] = "round_robin"


class RoutingRules(Strict):
    rules: list[RoutingRule] = Field(max_length=100)


class SlaRow(BaseModel):
    key: str = Field(description="the group: a metric, user id, team id, account id, priority or YYYY-MM")
    met: int
    breached: int
    running: int = Field(description="open clocks not yet due: not counted in the share")
    share_met: float | None = Field(description="met / (met + breached)")
    first_response_median: float | None = Field(description="business minutes, fulfilled first responses")
    first_response_p90: float | None
    resolution_median: float | None = Field(description="business minutes, resolved tickets")
    resolution_p90: float | None


class SlaReport(BaseModel):
    by: str
    start: date
    end: date
    overall: SlaRow
    rows: list[SlaRow]


class ModelRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    field: str
    tickets: int = Field(description="solved tickets it learned from")
    classes: list[str]
    weighted_f1: float | None = Field(description="on a held-out fifth of those tickets")
    trained_at: datetime


class SuggestionRead(BaseModel):
    value: str
    confidence: float = Field(description="the model's probability for this value")
    model_f1: float | None = Field(description="the model's held-out weighted F1")


class Suggestions(BaseModel):
    type: SuggestionRead | None
    category: SuggestionRead | None
    priority: SuggestionRead | None


class RecurringIssueRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    title: str  # the most central ticket's subject
    terms: list[str]  # how customers said it: the few most central subjects
    status: str
    tickets: int
    accounts: int
    last_week: int
    week_before: int
    growing: bool
    first_seen: datetime
    last_seen: datetime
    notes: str | None


class SimilarTicket(BaseModel):
    id: int
    subject: str
    status: str
    account_id: int | None
    similarity: float  # cosine of the two tickets' e5 vectors
    created_at: datetime


class RecurringIssueDetail(RecurringIssueRead):
    ticket_ids: list[int]
    account_ids: list[int]


class DetectionRead(BaseModel):
    groups: int
    new: int
    growing: int
    handed_off: int


class IssueResolve(Strict):
    notes: Annotated[str, StringConstraints(max_length=5000)] | None = None


CsatScale = Literal["five", "thumbs", "emoji"]
SCALES: dict[str, tuple[int, ...]] = {"five": (1, 2, 3, 4, 5), "thumbs": (0, 1), "emoji": (1, 2, 3, 4, 5)}
POSITIVE: dict[str, frozenset[int]] = {
    "five": frozenset({4, 5}),
    "thumbs": frozenset({1}),
    "emoji": frozenset({4, 5}),
}


# What support gives health scores per account (tickets.measures): counts, then a share.
SUPPORT_COUNTS = ("tickets_90d", "open_tickets", "sla_breaches_90d", "recurring_issues")
SUPPORT_INPUTS = (*SUPPORT_COUNTS, "csat_90d")


class IssueBrief(BaseModel):
    id: int
    title: str
    status: str


class SupportSummary(BaseModel):
    """One account's support over a period, for its business review."""

    tickets_opened: int
    open_now: int
    sla_met: int = Field(description="SLA clocks started in the period and met")
    sla_breached: int
    share_met: float | None
    first_response_median: float | None = Field(description="business minutes")
    csat: float | None = Field(description="share of satisfied answers in the period")
    csat_responses: int
    top_categories: dict[str, int] = Field(description="tickets opened in the period by category (or type)")
    recurring_issues: list[IssueBrief] = Field(description="the recurring issues it is caught in")


class CsatSettings(Strict):
    enabled: bool = True
    scale: CsatScale = Field("five", description="five: 1-5; thumbs: 0 (down) or 1 (up); emoji: 1-5 faces")
    questions: list[Annotated[str, StringConstraints(min_length=1, max_length=300)]] = Field(
        default_factory=list, max_length=5, description="follow-up questions, answered in free text"
    )
    reminder_days: int | None = Field(2, ge=1, le=30, description="one reminder after this many days")
    expires_days: int = Field(30, ge=1, le=365)


class CsatResponse(Strict):
    rating: int = Field(ge=0, le=5)
    comment: Annotated[str, StringConstraints(max_length=5000)] | None = None
    answers: dict[
        Annotated[str, StringConstraints(max_length=300)], Annotated[str, StringConstraints(max_length=2000)]
    ] = Field(default_factory=dict, max_length=5)


class CsatRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    ticket_id: int
    account_id: int | None
    agent_id: int | None
    scale: str
    questions: list[str]
    sent_at: datetime | None
    expires_at: datetime
    responded_at: datetime | None
    rating: int | None
    comment: str | None
    answers: dict[str, str]


class CsatLink(BaseModel):
    url: str
    expires_at: datetime


class CsatRow(BaseModel):
    key: str
    responses: int
    positive: int
    csat: float | None = Field(description="positive responses / responses")
    sent: int = Field(description="surveys opened (tickets solved)")
    response_rate: float | None


class CsatReport(BaseModel):
    by: str
    start: date
    end: date
    overall: CsatRow
    rows: list[CsatRow]


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES
