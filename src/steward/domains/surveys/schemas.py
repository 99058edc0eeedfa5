"""Input and output shapes of surveys. Questions and branching are checked here, so a survey that could not
be answered (no questions, a choice without options, a branch on a score the scale cannot give) is refused
before it is stored."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from steward.analytics.nps import CSAT_POINTS, scale_of
from steward.core.schemas import Id, Strict, at_most

SurveyKind = Literal["nps", "csat", "ces", "custom"]
Purpose = Literal["relationship", "transactional"]
Status = Literal["draft", "active", "paused", "archived"]  # only active surveys are sent or answered
QuestionType = Literal["rating", "choice", "text"]
LANGUAGES = ("en", "zh-Hans", "zh-Hant", "he", "pl", "de", "es", "fr", "ja")
RTL = frozenset({"he"})
SURVEY_INPUTS = ("nps_180d", "csat_180d", "survey_responses_180d")  # health-score inputs
MAX_COMMENT = 5000  # characters: a comment longer than a page is refused, not cut
Key = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="a-z, 0-9 and _; starts with a letter")
]
Text200 = Annotated[str, Field(min_length=1, max_length=200)]


class Branch(Strict):
    """Show a question only when the survey's score is in this range (both ends included)."""

    score_min: int | None = None
    score_max: int | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Branch:
        if self.score_min is None and self.score_max is None:
            raise ValueError("a branch needs score_min, score_max or both")
        if self.score_min is not None and self.score_max is not None and self.score_min > self.score_max:
            raise ValueError(f"score_min {self.score_min} is above score_max {self.score_max}")
        return self

    def shows(self, score: int | None) -> bool:
        if score is None:
            return False
        return (self.score_min is None or score >= self.score_min) and (
            self.score_max is None or score <= self.score_max
        )


class Question(Strict):
    key: Key
    type: QuestionType
    prompt: Annotated[str, Field(min_length=1, max_length=500)]
    prompts: dict[str, Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=dict, description="the prompt in other languages, by language code"
    )
    options: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=20
    )
    translated_options: dict[str, list[Annotated[str, Field(min_length=1, max_length=200)]]] = Field(
        default_factory=dict, description="a choice's options in other languages, by language code, in order"
    )
    low: int = 1
    high: int = 5
    required: bool = False
    show_if: Branch | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError(f"choice question {self.key!r} needs at least two options")
        if self.type == "choice" and len(set(self.options)) != len(self.options):
            raise ValueError(f"choice question {self.key!r} lists an option twice")
        if self.type != "choice" and self.options:
            raise ValueError(f"only a choice question has options ({self.key!r} is {self.type})")
        if self.type == "rating" and not (0 <= self.low < self.high <= 10):
            raise ValueError(f"rating question {self.key!r} needs 0 <= low < high <= 10")
        unknown = sorted((set(self.prompts) | set(self.translated_options)) - set(LANGUAGES))
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not a survey language ({', '.join(LANGUAGES)})")
        for language, texts in self.translated_options.items():
            if len(texts) != len(self.options):  # an answer is stored as the option itself, matched by place
                raise ValueError(
                    f"question {self.key!r} translates {len(texts)} of its {len(self.options)} options"
                    f" into {language!r}: translate every option or none"
                )
        return self

    def option_labels(self, language: str) -> list[tuple[str, str]]:
        """(stored value, text shown) of each option in a language; untranslated: the option itself."""
        shown = self.translated_options.get(language) or self.options
        return list(zip(self.options, shown, strict=True))


class Audience(Strict):
    """Who a relationship survey goes to: every rule given must match (an empty audience is everyone)."""

    segments: list[Text200] = Field(default_factory=list)
    tiers: list[Text200] = Field(default_factory=list)
    roles: list[Text200] = Field(default_factory=list, description="contact roles")
    account_fields: dict[Key, list[str | int | float | bool]] = Field(
        default_factory=dict, description="custom account attribute -> accepted values"
    )


class SurveyCreate(Strict):
    name: Text200
    kind: SurveyKind
    purpose: Purpose = "relationship"
    points: int = Field(5, description=f"CSAT scale points: one of {CSAT_POINTS}")
    questions: list[Question] = Field(default_factory=list, max_length=30)
    audience: Audience = Field(default_factory=Audience)
    recurrence_days: int | None = Field(None, ge=7, le=730, description="ask each contact again after this")
    reminder_days: int | None = Field(3, ge=1, le=30)
    expires_days: int = Field(14, ge=1, le=90)
    status: Status = "active"

    @model_validator(mode="after")
    def _answerable(self) -> SurveyCreate:
        if self.kind == "csat" and self.points not in CSAT_POINTS:
            raise ValueError(f"points must be one of {', '.join(map(str, CSAT_POINTS))} for CSAT")
        if self.kind == "custom" and not self.questions:
            raise ValueError("a custom survey needs at least one question")
        keys = [q.key for q in self.questions]
        for i, key in enumerate(keys):
            if key in keys[:i] or key in ("score", "comment"):
                raise ValueError(f"question key {key!r} is used twice (score and comment are taken)")
        low, high = self.scale()
        for q in self.questions:
            ends = (
                [v for v in (q.show_if.score_min, q.show_if.score_max) if v is not None] if q.show_if else []
            )
            if any(not low <= v <= high for v in ends):
                raise ValueError(f"question {q.key!r} branches on a score outside {low}-{high}")
        return self

    def scale(self) -> tuple[int, int]:
        if self.kind == "custom":
            first = next((q for q in self.questions if q.type == "rating"), None)
            return (first.low, first.high) if first else (0, 0)
        return scale_of(self.kind, self.points)


class SurveyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: SurveyKind
    purpose: Purpose
    points: int
    questions: list[dict[str, Any]]
    audience: dict[str, Any]
    recurrence_days: int | None
    reminder_days: int | None
    expires_days: int
    status: Status
    public_key: str
    waves: int
    created_at: datetime


class WidgetSecret(BaseModel):
    widget_secret: str


class SendRequest(Strict):
    """A transactional send: these contacts now (a relationship survey's audience when none is given)."""

    contact_ids: Annotated[list[Id], at_most(5000)] = Field(default_factory=list, max_length=5000)


class SendResult(BaseModel):
    wave: int
    invited: int
    skipped: dict[str, int] = Field(description="reason -> contacts not asked")


class Answer(Strict):
    """What a respondent sends: the score, a comment (the "why?") and the other questions' answers."""

    score: int | None = None
    comment: Annotated[str, Field(max_length=MAX_COMMENT)] | None = None
    answers: dict[Key, int | str] = Field(default_factory=dict)
    language: str | None = Field(None, max_length=10, description="the page's language")


class WidgetAnswer(Answer):
    """An answer from the in-app widget or the public link; user_id and user_hash tie it to a contact."""

    user_id: str | None = Field(None, min_length=1, max_length=200, description="the contact's external id")
    user_hash: str | None = Field(None, max_length=128, description="hex HMAC-SHA256 of user_id")


class ResponseImport(Strict):
    """One row of a CSV of answers collected elsewhere (`steward import responses`)."""

    external_id: Annotated[
        str, Field(min_length=1, max_length=200, description="the answer's id at its source")
    ]
    survey_id: Id
    contact_external_id: Annotated[str, Field(min_length=1, max_length=200)]
    score: int | None = None
    comment: Annotated[str, Field(max_length=MAX_COMMENT)] | None = None
    responded_at: AwareDatetime


class ResponseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    survey_id: int
    contact_id: int | None
    account_id: int | None
    channel: str
    wave: int
    score: int | None
    verdict: str | None
    comment: str | None
    answers: dict[str, Any]
    language: str | None
    sentiment: str | None
    sentiment_score: float | None
    sentiment_confidence: float | None = None
    sentiment_source: str | None = None  # model | workspace (its own head) | analyst (corrected)
    themes: list[str]
    # What the comment says about each theme: {"theme", "match", "sentiment", "score"}.
    aspects: list[dict[str, Any]] = []
    responded_at: datetime


class ThemeConfig(Strict):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    examples: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=20
    )


class SurveySettings(Strict):
    throttle_days: int = Field(
        30, ge=0, le=365, description="at most one survey per person in this many days"
    )
    themes: list[ThemeConfig] = Field(default_factory=list, max_length=50)


class ScoreRow(BaseModel):
    key: str
    label: str
    responses: int
    score: float | None = Field(description="NPS -100..100, CSAT % satisfied, or CES mean; 2 decimals")
    good: int
    neutral: int
    bad: int

    @field_validator("score")
    @classmethod
    def _rounded(cls, value: float | None) -> float | None:
        return None if value is None else round(value, 2)


class SurveyReport(BaseModel):
    kind: SurveyKind
    by: str
    start: str
    end: str
    overall: ScoreRow
    rows: list[ScoreRow]


class SurveySummary(BaseModel):
    responses: int
    score: float | None
    month: str  # of the latest answer
    latest: float | None  # the score in that month


class RateRow(BaseModel):
    key: str
    invited: int
    answered: int
    rate: float | None


class ThemeExample(BaseModel):
    comment: str
    language: str | None
    sentiment: str | None
    score: int | None
    ref: str | None = None  # what it is, to correct its reading: "response:12", "ticket:40", "note:7"
    themes: list[str] = Field(default_factory=list)  # the configured themes it speaks of


class ThemeSummary(BaseModel):
    name: str
    source: Literal["configured", "discovered"]
    responses: int
    positive: int
    neutral: int
    negative: int
    mean_sentiment: float | None
    examples: list[ThemeExample]
