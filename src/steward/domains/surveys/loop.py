"""Closing the loop on an answer: every response goes on its account's timeline; a detractor or a negative
comment puts a Risk CTA with the comment and its themes on the account owner's work list; a promoter whose
comment is positive becomes an Opportunity CTA to ask for a review or a referral."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from steward.domains.contacts import service as contacts_service
from steward.domains.ctas import service as ctas_service
from steward.domains.surveys.models import Survey, SurveyResponse
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate

RISK_DUE_DAYS = 3
# A comment's sentiment opens or shapes a CTA only when the reading is this sure (probability of its class),
# or an analyst said so: an unsure reading would fill the work list with noise.
CONFIDENT = 0.6
ADVOCACY_DUE_DAYS = 14
LABEL = {"nps": "NPS", "csat": "CSAT", "ces": "CES", "custom": "Survey"}


def close(session: Session, survey: Survey, row: SurveyResponse, *, work_list: bool = True) -> None:
    if row.account_id is None:
        return
    who = _who(session, row)
    headline = f"{LABEL[survey.kind]} {row.score if row.score is not None else '-'} from {who}"
    _timeline(session, survey, row, headline)
    if work_list:
        act(session, survey, row)


def act(session: Session, survey: Survey, row: SurveyResponse) -> None:
    """The owner's work list: a Risk CTA for a detractor or a confidently negative comment, an Opportunity
    CTA for a promoter whose comment is confidently positive. A comment read in the background comes here once
    it is read (jobs.read_comments)."""
    if row.account_id is None:
        return
    headline = f"{LABEL[survey.kind]} {row.score if row.score is not None else '-'} from {_who(session, row)}"
    negative = row.sentiment == "negative" and confident(row)
    positive = row.sentiment == "positive" and confident(row)
    if row.verdict == "detractor" or negative:
        _cta(
            session,
            row,
            "risk",
            f"Survey response #{row.id}",
            _risk_title(row, headline),
            "high" if row.verdict == "detractor" and negative else "medium",
            RISK_DUE_DAYS,
        )
    elif row.verdict == "promoter" and survey.kind == "nps" and positive:
        title = f"Promoter: {headline}. Ask for a review or a referral"
        _cta(session, row, "opportunity", f"Promoter response #{row.id}", title, "low", ADVOCACY_DUE_DAYS)


def confident(row: SurveyResponse) -> bool:
    if row.sentiment_source == "analyst":
        return True
    return row.sentiment_confidence is not None and row.sentiment_confidence >= CONFIDENT


def _who(session: Session, row: SurveyResponse) -> str:
    if row.contact_id is None:
        return "an anonymous respondent"
    names = contacts_service.names(session=session, workspace_id=row.workspace_id, ids=[row.contact_id])
    return names.get(row.contact_id, f"contact {row.contact_id}")


def _risk_title(row: SurveyResponse, headline: str) -> str:
    title = f"Detractor: {headline}" if row.verdict == "detractor" else f"Negative comment: {headline}"
    if row.comment:
        excerpt = row.comment if len(row.comment) <= 140 else row.comment[:139] + "…"
        title += f": “{excerpt}”"
    if row.themes:
        title += f" [{', '.join(row.themes)}]"
    return title[:300]


def _timeline(session: Session, survey: Survey, row: SurveyResponse, headline: str) -> None:
    parts = [f"Survey: {survey.name}"]
    if row.comment:  # the customer's words only; the sentiment reading stays on the response (Voice tab)
        parts.append(row.comment)
    data = ActivityCreate(
        account_id=row.account_id or 0,
        kind="survey",
        subject=headline[:300],
        body="\n\n".join(parts)[:20_000],
        occurred_at=row.responded_at,
        contact_ids=[row.contact_id] if row.contact_id else [],
    )
    timeline_service.log_activity(session=session, workspace_id=row.workspace_id, author_id=None, data=data)


def _cta(
    session: Session, row: SurveyResponse, type_: str, reason: str, title: str, priority: str, days: int
) -> None:
    item = ctas_service.RuleCta(
        account_id=row.account_id or 0,
        type=type_,
        reason=reason,
        title=title,
        priority=priority,
        due_date=row.responded_at.date() + timedelta(days=days),
        rule_id=None,
        source="survey",
    )
    ctas_service.upsert_rule_ctas(session=session, workspace_id=row.workspace_id, items=[item])
