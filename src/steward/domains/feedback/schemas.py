"""Shapes of the feedback reader: what a body of texts (survey comments, tickets, timeline notes) says, and
the analysts' corrections of single readings with the workspace's sentiment head learned from them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from steward.core.schemas import Strict
from steward.domains.surveys.schemas import ThemeSummary

Source = Literal["surveys", "tickets", "notes"]
Sentiment = Literal["positive", "neutral", "negative"]
REF_PATTERN = r"^(response|ticket|note):[1-9][0-9]{0,17}$"


class FeedbackReport(BaseModel):
    source: Source
    start: str
    end: str
    texts: int
    languages: dict[str, int]
    sentiment: dict[str, int]
    mean_sentiment: float | None
    themes: list[ThemeSummary]


class CorrectionCreate(Strict):
    """An analyst's reading of one text. A field left out or null keeps what an earlier correction of the
    same text said (or, with none, the machine's reading); give a sentiment, themes or both."""

    ref: Annotated[
        str,
        Field(
            max_length=40,
            pattern=REF_PATTERN,
            description='what is corrected: "response:<id>" (a survey comment), "ticket:<id>" or "note:<id>" '
            "(a timeline note, call or meeting)",
            examples=["response:12"],
        ),
    ]
    sentiment: Sentiment | None = None
    themes: list[Annotated[str, Field(min_length=1, max_length=80)]] | None = Field(
        None, max_length=50, description="names of the workspace's configured themes; [] for none of them"
    )


class CorrectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ref: str
    text: str
    sentiment: Sentiment | None
    themes: list[str] | None
    author_id: int | None
    created_at: datetime
    updated_at: datetime


class CorrectionPage(BaseModel):
    items: list[CorrectionRead]
    total: int
    next_cursor: str | None


class ModelReport(BaseModel):
    """The sentiment head the workspace reads with: its own once analysts corrected enough readings."""

    corrections: int = Field(
        description="sentiment corrections the workspace's head learned from (or so far)"
    )
    agreement: float | None = Field(description="its agreement with them, each predicted without itself")
    builtin_agreement: float | None = Field(description="the built-in head's agreement with the same texts")
    active: bool = Field(description="the workspace reads with its own head")
    needed: int = Field(description="sentiment corrections still needed before it has one")
    training: bool = Field(
        False, description="the corrections changed since: a refit runs in the background (seconds)"
    )
    summary: str


class CorrectionResult(BaseModel):
    correction: CorrectionRead
    model: ModelReport
