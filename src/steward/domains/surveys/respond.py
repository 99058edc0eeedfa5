"""Answers: through an invitation's signed single-use link, the survey's public link or the in-app widget.
Each answer is checked against the survey (score on its scale, only the questions its branching shows, the
required ones present), stored and put on the timeline; its comment is read for language, sentiment and themes
by the queued job "survey-comments" (within a second), which then acts on the owner's work list. Where no
background runner is subscribed (tests, the CLI), the comment is read in the request, in one go."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from steward.analytics import nps, text
from steward.core import wakeups
from steward.core.clock import now_utc
from steward.core.errors import Conflict, Gone, Invalid, NotFound
from steward.core.security import signed, unsigned
from steward.domains.reading import service as reading_service
from steward.domains.surveys import loop, queries
from steward.domains.surveys.config import settings
from steward.domains.surveys.models import (
    CommentToRead,
    LegacyUnsubscribeLink,
    Survey,
    SurveyInvite,
    SurveyResponse,
)
from steward.domains.surveys.schemas import Answer, Question

PURPOSE = "survey"
OPT_OUT = "survey-opt-out"  # links sent before links named the invitation
UNSUBSCRIBE = "survey-unsubscribe"
READ_JOB = "survey-comments"  # the queued job that reads comments stored unread (jobs.read_comments)


def link(invite: SurveyInvite, secret: str, base_url: str) -> str:
    token = signed(secret, PURPOSE, str(invite.id), invite.nonce, str(int(invite.expires_at.timestamp())))
    return f"{base_url.rstrip('/')}/s/{token}"


def opt_out_link(invite: SurveyInvite, secret: str, base_url: str) -> str:
    """Names the invitation by id and nonce: the invitation goes with its contact, and an id SQLite hands
    out again comes with another nonce, so the link never reaches anyone else."""
    token = signed(secret, UNSUBSCRIBE, str(invite.id), invite.nonce)
    return f"{base_url.rstrip('/')}/s/unsubscribe/{token}"


def opt_out_target(*, session: Session, token: str, secret: str) -> tuple[int, int]:
    """(workspace, contact) an unsubscribe link names: NotFound when forged, Gone when its contact was
    deleted. Links sent before links named the invitation name the contact's id, and are honoured while
    the contact they were sent to exists (LegacyUnsubscribeLink)."""
    parts = unsigned(secret, UNSUBSCRIBE, token, 2)
    if parts is not None and parts[0].isdigit():
        invite = session.get(SurveyInvite, int(parts[0]))
        if invite is None or invite.nonce != parts[1]:
            raise Gone("the contact this link was sent to is no longer on the list", ("path", "token"))
        return invite.workspace_id, invite.contact_id
    old = unsigned(secret, OPT_OUT, token, 2)
    if old is not None and all(p.isdigit() for p in old):
        key = (int(old[0]), int(old[1]))
        if session.get(LegacyUnsubscribeLink, key) is None:
            raise Gone("the contact this link was sent to is no longer on the list", ("path", "token"))
        return key
    raise NotFound("unsubscribe", "link", ("path", "token"))


def invite_for(*, session: Session, token: str, secret: str, now: datetime | None = None) -> SurveyInvite:
    """The invitation a link names: NotFound for a forged or unknown link, Gone after it expired."""
    parts = unsigned(secret, PURPOSE, token, 3)
    if parts is None or not parts[0].isdigit():
        raise NotFound("survey", "link", ("path", "token"))
    invite = session.get(SurveyInvite, int(parts[0]))
    if invite is None or invite.nonce != parts[1]:
        raise NotFound("survey", "link", ("path", "token"))
    if invite.expires_at <= (now or now_utc()):
        raise Gone(f"this survey closed on {invite.expires_at:%d %B %Y}", ("path", "token"))
    return invite


def language_of(*, session: Session, token: str, secret: str) -> str | None:
    """The language of the invitation a genuine link names, expired or not (to say "closed" in it)."""
    parts = unsigned(secret, PURPOSE, token, 3)
    if parts is None or not parts[0].isdigit():
        return None
    invite = session.get(SurveyInvite, int(parts[0]))
    return invite.language if invite is not None and invite.nonce == parts[1] else None


def survey_of(session: Session, invite: SurveyInvite) -> Survey:
    survey = session.get(Survey, invite.survey_id)
    assert survey is not None  # the foreign key cascades
    return survey


def public_survey(*, session: Session, public_key: str) -> Survey:
    survey = queries.by_public_key(session, public_key[:60])
    if survey is None or survey.status != "active":
        raise NotFound("survey", "link", ("path", "public_key"))
    return survey


def answer_invite(*, session: Session, token: str, secret: str, data: Answer) -> SurveyResponse:
    invite = invite_for(session=session, token=token, secret=secret)
    if invite.responded_at is not None:
        raise Conflict(
            f"this survey was answered on {invite.responded_at:%d %B %Y}; thank you", ("path", "token")
        )
    survey = survey_of(session, invite)
    check(survey, data)  # a refused answer must not use up the invitation
    comment = (data.comment or "").strip()
    reading = None
    if comment and not wakeups.listening(READ_JOB):  # nobody reads in the background: now, before the claim
        reading = read_comments(session, survey.workspace_id, [comment])[0]
    # Answered only if still unanswered when claimed: of two tabs sending at once, the second is told so.
    at = now_utc()
    claimed = session.execute(
        update(SurveyInvite)
        .where(SurveyInvite.id == invite.id, SurveyInvite.responded_at.is_(None))
        .values(responded_at=at)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise Conflict("this survey was answered a moment ago; thank you", ("path", "token"))
    session.refresh(invite)
    return record(
        session, survey, data, channel="email", contact_id=invite.contact_id, account_id=invite.account_id,
        wave=invite.wave, invite_id=invite.id, at=at, reading=reading,
    )  # fmt: skip


def record(
    session: Session,
    survey: Survey,
    data: Answer,
    *,
    channel: str,
    contact_id: int | None = None,
    account_id: int | None = None,
    wave: int | None = None,
    invite_id: int | None = None,
    at: datetime | None = None,
    work_list: bool = True,
    reading: text.TextAnalysis | None = None,
) -> SurveyResponse:
    """Check, read and store one answer, then close the loop: the timeline, and the owner's work list
    unless told not to (answers imported from the past are history, not work). Callers with many answers
    pass each comment's `reading` from one `read_comments` call: reading in batches is 30x faster. A comment
    without its reading is read by the queued job READ_JOB when something runs it (steward serve, the
    workers), which then acts on the work list; otherwise here and now."""
    score, answers = check(survey, data)
    at = at or now_utc()
    comment = (data.comment or "").strip() or None
    later = bool(comment) and reading is None and wakeups.listening(READ_JOB)
    if comment and reading is None and not later:
        reading = read_comments(session, survey.workspace_id, [comment])[0]
    elif not comment:
        reading = None
    row = SurveyResponse(
        workspace_id=survey.workspace_id,
        survey_id=survey.id,
        invite_id=invite_id,
        contact_id=contact_id,
        account_id=account_id,
        channel=channel,
        wave=wave_of(survey, at) if wave is None else wave,
        score=score,
        comment=comment,
        answers=answers,
        verdict=_verdict(survey, score),
        language=reading.language if reading else None,
        sentiment=reading.sentiment if reading else None,
        sentiment_score=reading.score if reading else None,
        sentiment_confidence=reading.confidence if reading else None,
        sentiment_source=reading_source(session, survey.workspace_id)
        if reading and reading.sentiment
        else None,
        themes=list(reading.themes) if reading else [],
        aspects=aspects_of(reading),
        responded_at=at,
    )
    session.add(row)
    session.flush()
    if later:
        session.add(CommentToRead(response_id=row.id, workspace_id=row.workspace_id, work_list=work_list,
                                  requested_at=now_utc()))  # fmt: skip
        wakeups.after_commit(session, READ_JOB)
    loop.close(session, survey, row, work_list=work_list and not later)
    return row


def read_comments(
    session: Session,
    workspace_id: int,
    comments: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> list[text.TextAnalysis]:
    """Language, sentiment, the workspace's configured themes and sentiment per theme of each comment;
    `progress(done, total)` is told as each batch of comments not read before is embedded."""
    config = settings(session=session, workspace_id=workspace_id)
    themes = [text.Theme(t.name, tuple(t.examples)) for t in config.themes]
    return reading_service.read(
        session=session, workspace_id=workspace_id, texts=comments, themes=themes, progress=progress
    )


def read_waiting(*, session: Session, workspace_id: int, response_ids: list[int]) -> int:
    """Read the comments of these responses stored unread (one encoder call for all; vectors already stored
    are reused), then act on the work list for those that asked for it. A response is claimed by deleting its
    CommentToRead row: one that another runner claimed first is left to it, so a comment is read and acted on
    once. Returns how many were read."""
    found = queries.waiting(session, workspace_id, response_ids)
    if not found:
        return 0
    readings = read_comments(session, workspace_id, [r.comment or "" for _, r in found])
    source = reading_source(session, workspace_id)
    done = 0
    for (request, row), reading in zip(found, readings, strict=True):
        claimed = session.execute(
            delete(CommentToRead)
            .where(CommentToRead.response_id == row.id)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            continue
        row.language = reading.language
        if row.sentiment_source != "analyst":  # an analyst who corrected it meanwhile keeps the last word
            row.sentiment, row.sentiment_score = reading.sentiment, reading.score
            row.sentiment_confidence = reading.confidence
            row.sentiment_source = source if reading.sentiment else None
            row.themes, row.aspects = list(reading.themes), aspects_of(reading)
        session.flush()
        if request.work_list:
            loop.act(session, survey_of_response(session, row), row)
        done += 1
    return done


def survey_of_response(session: Session, row: SurveyResponse) -> Survey:
    survey = session.get(Survey, row.survey_id)
    assert survey is not None  # the foreign key cascades
    return survey


def reading_source(session: Session, workspace_id: int) -> str:
    """Which head read the comment: the workspace's own (learned from corrections) or the built-in one."""
    active = reading_service.head_report(session=session, workspace_id=workspace_id).active
    return "workspace" if active else "model"


def aspects_of(reading: text.TextAnalysis | None) -> list[dict[str, Any]]:
    if reading is None:
        return []
    return [
        {"theme": a.theme, "match": a.match, "sentiment": a.sentiment, "score": a.score}
        for a in reading.aspects
    ]


def scale(survey: Survey) -> tuple[int, int]:
    """The score range of a survey (a custom survey: its first rating question's)."""
    if survey.kind != "custom":
        return nps.scale_of(survey.kind, survey.points)  # type: ignore[arg-type]
    first = next((q for q in survey.questions if q.get("type") == "rating"), {})
    return int(first.get("low", 1)), int(first.get("high", 5))


def wave_of(survey: Survey, now: datetime) -> int:
    """A recurring survey's iteration is its period since it was created; a one-off send counts up."""
    if survey.recurrence_days:
        return (now.date() - survey.created_at.date()).days // survey.recurrence_days + 1
    return survey.waves


def check(survey: Survey, data: Answer) -> tuple[int | None, dict[str, Any]]:
    """The score and the answers to keep; Invalid names the first field that is wrong."""
    questions = [Question.model_validate(q) for q in survey.questions]
    score = data.score
    if survey.kind == "custom":
        first = next((q for q in questions if q.type == "rating"), None)
        if score is not None:
            raise Invalid("a custom survey takes its score from its first rating question", ("body", "score"))
        score = _int(data.answers.get(first.key)) if first else None
    else:
        low, high = scale(survey)
        if score is None:
            raise Invalid(f"a score from {low} to {high} is required", ("body", "score"))
        if not low <= score <= high:
            raise Invalid(
                f"score must be from {low} to {high} on this survey, not {score}", ("body", "score")
            )
    known = {q.key: q for q in questions}
    for key in data.answers:
        if key not in known:
            raise Invalid(f"{key!r} is not a question of this survey", ("body", "answers", key))
    kept: dict[str, Any] = {}
    for q in questions:
        shown = q.show_if is None or q.show_if.shows(score)
        value = data.answers.get(q.key)
        loc = ("body", "answers", q.key)
        if value is None or value == "":
            if shown and q.required:
                raise Invalid(f"question {q.key!r} needs an answer", loc)
            continue
        if not shown:
            raise Invalid(f"question {q.key!r} is not asked for a score of {score}", loc)
        kept[q.key] = _checked(q, value, loc)
    return score, kept


def _checked(q: Question, value: int | str, loc: tuple[str, ...]) -> int | str:
    if q.type == "rating":
        number = _int(value)
        if number is None or not q.low <= number <= q.high:
            raise Invalid(f"question {q.key!r} takes a whole number from {q.low} to {q.high}", loc)
        return number
    if q.type == "choice":
        if str(value) not in q.options:
            raise Invalid(f"{value!r} is not an option of question {q.key!r}", loc)
        return str(value)
    if not isinstance(value, str) or len(value) > 5000:
        raise Invalid(f"question {q.key!r} takes text of at most 5,000 characters", loc)
    return value.strip()


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _verdict(survey: Survey, score: int | None) -> str | None:
    if score is None:
        return None
    if survey.kind != "custom":
        return nps.verdict(survey.kind, score, survey.points)  # type: ignore[arg-type]
    low, high = scale(survey)  # a custom survey's first rating, banded like CSAT on its own points
    points = high - low + 1
    return nps.verdict("csat", score - low + 1, points=points) if points >= 3 else None
