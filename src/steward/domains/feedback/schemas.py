"""Shapes of the feedback reader: what a body of texts (survey comments, tickets, timeline notes) says."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from steward.domains.surveys.schemas import ThemeSummary

Source = Literal["surveys", "tickets", "notes"]


class FeedbackReport(BaseModel):
    source: Source
    start: str
    end: str
    texts: int
    languages: dict[str, int]
    sentiment: dict[str, int]
    mean_sentiment: float | None
    themes: list[ThemeSummary]
