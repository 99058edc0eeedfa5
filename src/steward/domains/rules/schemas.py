"""Pydantic I/O for rules: a trigger, conditions on account fields, and actions."""

from __future__ import annotations

from datetime import datetime
from string import Formatter
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from steward.core.schemas import Id, Strict

Label = Annotated[str, StringConstraints(min_length=1, max_length=100)]
TextValue = Annotated[str, StringConstraints(max_length=200)]


class HealthGrade(Strict):
    kind: Literal["health_grade"]
    grades: list[Label] = Field(
        min_length=1, max_length=10, description="fires while the grade is one of these"
    )


class HealthDrop(Strict):
    kind: Literal["health_drop"]
    points: float = Field(gt=0, le=100, description="fires when the score fell at least this much in 7 days")


class RenewalDue(Strict):
    kind: Literal["renewal_due"]
    days: int = Field(ge=0, le=730, description="fires from this many days before the next renewal")


class ChurnRisk(Strict):
    kind: Literal["churn_risk"]
    above: float = Field(gt=0, lt=1, description="fires while the churn probability is at least this")


class Schedule(Strict):
    kind: Literal["schedule"] = Field(description="every account, once a day (conditions narrow it)")


class ActivityLogged(Strict):
    kind: Literal["activity_logged"]
    kinds: list[Literal["note", "call", "meeting", "email", "milestone"]] = Field(min_length=1, max_length=5)
    within_days: int = Field(
        1, ge=0, le=90, description="fires for accounts with such an activity this many days back (0: today)"
    )


class UsageDrop(Strict):
    kind: Literal["usage_drop"]
    share: float = Field(
        gt=0, le=1, description="fires when events of the last 30 days fell this share below the 30 before"
    )


class SeatUtilisation(Strict):
    kind: Literal["seat_utilisation"]
    above: float = Field(
        gt=0, le=10, description="fires while active users / licensed seats is at least this"
    )


Trigger = Annotated[
    HealthGrade
    | HealthDrop
    | RenewalDue
    | ChurnRisk
    | Schedule
    | ActivityLogged
    | UsageDrop
    | SeatUtilisation,
    Field(discriminator="kind"),
]

Field_ = Literal[
    "segment", "tier", "region", "lifecycle_stage", "grade", "owner_id", "arr", "health", "health_change_7d",
    "churn_probability", "days_to_renewal", "contacts", "seats", "activities_30d", "days_since_activity",
    "tenure_days", "product", "days_since_note", "days_since_call", "days_since_meeting", "days_since_email",
    "days_since_milestone", "active_users_30d", "seat_utilisation", "usage_trend_30d", "events_30d",
    "key_events_used", "nps_180d", "csat_180d", "survey_responses_180d", "tickets_30d_email",
    "tickets_30d_web", "tickets_30d_api", "tickets_30d_chat", "articles_read_30d",
]  # fmt: skip
Op = Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "empty", "not_empty"]


class ConditionIn(Strict):
    field: Field_ = Field(description="arr is in major units (dollars, euros)")
    op: Op
    value: float | TextValue | list[float | TextValue] | None = Field(None)


class CreateCta(Strict):
    kind: Literal["create_cta"]
    type: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None
    priority: Literal["low", "medium", "high", "urgent"] = "medium"
    due_in_days: int | None = Field(7, ge=0, le=365)
    playbook_id: Id | None = None


class SetField(Strict):
    kind: Literal["set_field"]
    field: Literal["segment", "tier", "region", "lifecycle_stage", "owner_id"]
    value: TextValue | Id


class CallWebhook(Strict):
    kind: Literal["call_webhook"]
    endpoint_id: Id = Field(description="a webhook (POST /webhooks); one signed POST per run that matched")


# What an e-mail's subject and body may name, in braces: "{account_name} renews in {days_to_renewal} days".
PLACEHOLDERS = (
    "account_name", "rule_name", "owner_name", "segment", "tier", "region", "lifecycle_stage", "grade",
    "health", "health_change_7d", "arr", "days_to_renewal", "churn_probability",
)  # fmt: skip


class SendEmail(Strict):
    kind: Literal["send_email"]
    to: Literal["account_owner", "contacts"] = Field(
        "account_owner", description="the account's CSM, or every contact of the account with an address"
    )
    subject: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    once_per_days: int = Field(
        30, ge=1, le=365, description="an account and address get this at most once in so many days"
    )

    @field_validator("subject", "body")
    @classmethod
    def _known_placeholders(cls, text: str) -> str:
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion in Formatter().parse(text)
                      if name is not None]  # fmt: skip
        except ValueError as exc:
            raise ValueError(f"{exc}; write {{{{ and }}}} for literal braces") from None
        for name, spec, conversion in fields:
            if spec or conversion:
                raise ValueError(
                    f"write {{{name}}} plainly: formats and conversions (:, !) are not supported"
                )
            if name not in PLACEHOLDERS:
                raise ValueError(f"unknown placeholder {{{name}}}; use one of: {', '.join(PLACEHOLDERS)}")
        return text


class AssignOwner(Strict):
    kind: Literal["assign_owner"]
    pool: list[Id] = Field(
        min_length=1, max_length=100, description="the CSMs (user ids) to share accounts among"
    )
    method: Literal["round_robin", "lightest_book"] = Field(
        "round_robin", description="in turn, or to the CSM with the fewest accounts (then least ARR)"
    )

    @field_validator("pool")
    @classmethod
    def _distinct(cls, pool: list[int]) -> list[int]:
        if len(set(pool)) != len(pool):
            raise ValueError("a user is in the pool twice")
        return pool


Action = Annotated[CreateCta | SetField | CallWebhook | SendEmail | AssignOwner, Field(discriminator="kind")]


class RuleFields(Strict):
    trigger: Trigger
    conditions: list[ConditionIn] = Field(default_factory=list, max_length=50)
    actions: list[Action] = Field(min_length=1, max_length=10)


class RuleCreate(RuleFields):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    enabled: bool = Field(False, description="preview a rule before switching it on")


class RuleRead(RuleCreate):
    id: int
    created_at: datetime
    updated_at: datetime


class MatchedAccount(BaseModel):
    account_id: int
    name: str
    why: dict[str, Any] = Field(description="the values of the fields the rule read")


class Preview(BaseModel):
    accounts_checked: int
    matched: int
    accounts: list[MatchedAccount] = Field(description="the first 50")


class RunRead(BaseModel):
    id: int
    rule_id: int
    cause: str
    started_at: datetime
    duration_ms: int
    accounts_checked: int
    matched: int
    ctas_created: int
    ctas_updated: int
    fields_changed: int
    emails_queued: int
    sample: list[dict[str, Any]]
    error: str | None
