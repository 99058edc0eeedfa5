"""Pydantic output of the measures by channel (tickets.channels.report; GET /sla/report/channels)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class ChannelLine(BaseModel):
    channel: str = Field(description="a ticket channel, or help_center: reading on the public help center")
    tickets: int = Field(description="tickets opened in the window")
    first_response_median: float | None = Field(description="business minutes, fulfilled clocks")
    resolution_median: float | None = Field(description="business minutes, fulfilled clocks")
    csat: float | None = Field(description="share of positive answers on tickets solved in the window")
    csat_responses: int
    article_views: int = Field(description="help-center views (from this channel's ticket form)")
    deflected: int = Field(description="tickets not sent after a suggested article was read")


class ChannelReport(BaseModel):
    start: date
    end: date = Field(description="exclusive")
    account_id: int | None
    lines: list[ChannelLine]
