"""Surveys: define them (NPS, CSAT, CES or custom questions with branching), choose who gets them, and send
waves of invitations. A contact is asked at most once per throttle window across all surveys, once per
recurrence of a relationship survey, never after unsubscribing, and only with an e-mail address."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from steward.analytics import feedback, text
from steward.core.clock import now_utc
from steward.core.db import serialize
from steward.core.errors import Conflict, ErrorItem, Invalid, NotFound
from steward.core.i18n import negotiate
from steward.core.schemas import BulkItemResult, BulkResult
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.reading import service as reading_service
from steward.domains.surveys import config, loop, measures, queries, respond
from steward.domains.surveys.models import Survey, SurveyInvite, SurveyOptOut, SurveyResponse
from steward.domains.surveys.schemas import (
    Answer,
    ResponseImport,
    SendRequest,
    SendResult,
    SurveyCreate,
    SurveySettings,
    ThemeSummary,
)

# Unsure survey readings read again after a workspace's head is refitted: the least sure this many.
REREAD_UNSURE = 2000


def settings(*, session: Session, workspace_id: int) -> SurveySettings:
    return config.settings(session=session, workspace_id=workspace_id)


def set_settings(*, session: Session, workspace_id: int, data: SurveySettings) -> SurveySettings:
    """Themes are checked for names given twice (case aside)."""
    return config.set_settings(session=session, workspace_id=workspace_id, data=data)


def create_survey(*, session: Session, workspace_id: int, data: SurveyCreate) -> Survey:
    row = Survey(
        workspace_id=workspace_id, public_key=secrets.token_urlsafe(18), widget_secret=new_widget_secret(),
        waves=0, **_fields(data),
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def new_widget_secret() -> str:
    return "wsec_" + secrets.token_urlsafe(32)


def rotate_widget_secret(*, session: Session, workspace_id: int, survey_id: int) -> Survey:
    """A new random widget secret: user hashes made with the old one are refused from now on."""
    row = get_survey(session=session, workspace_id=workspace_id, survey_id=survey_id)
    row.widget_secret = new_widget_secret()
    session.flush()
    return row


def update_survey(*, session: Session, workspace_id: int, survey_id: int, data: SurveyCreate) -> Survey:
    """Replace a survey's definition; kind and scale stay once answers exist, so scores stay comparable."""
    row = get_survey(session=session, workspace_id=workspace_id, survey_id=survey_id)
    if (data.kind, data.points) != (row.kind, row.points) and queries.response_count(session, row.id):
        raise Conflict("this survey has answers: its kind and scale cannot change", ("body", "kind"))
    for key, value in _fields(data).items():
        setattr(row, key, value)
    session.flush()
    return row


def _fields(data: SurveyCreate) -> dict[str, Any]:
    dumped = data.model_dump(mode="json")  # None kept: an update clears what the new definition leaves out
    dumped["questions"] = [q.model_dump(mode="json", exclude_none=True) for q in data.questions]
    return dumped


def get_survey(*, session: Session, workspace_id: int, survey_id: int) -> Survey:
    row = queries.survey(session, workspace_id, survey_id)
    if row is None:
        raise NotFound("survey", survey_id)
    return row


def list_surveys(*, session: Session, workspace_id: int) -> list[Survey]:
    return queries.surveys(session, workspace_id)


def send(
    *, session: Session, workspace_id: int, survey_id: int, data: SendRequest, now: datetime | None = None
) -> SendResult:
    """Invite these contacts now (a relationship survey with none given: its whole audience). The
    e-mails go out with the next delivery run."""
    _one_sender(session, workspace_id)  # before reading the survey's wave count, which this bumps
    survey = get_survey(session=session, workspace_id=workspace_id, survey_id=survey_id)
    if survey.status != "active":
        raise Conflict(f"the survey is {survey.status}: activate it to send", ("path", "survey_id"))
    now = now or now_utc()
    if data.contact_ids:
        known = contacts_service.existing_ids(
            session=session, workspace_id=workspace_id, ids=data.contact_ids
        )
        missing = [c for c in data.contact_ids if c not in known]
        if missing:
            raise Invalid(f"no contact with id {missing[0]} in this workspace", ("body", "contact_ids"))
        candidates = contacts_service.reachable(
            session=session, workspace_id=workspace_id, contact_ids=data.contact_ids
        )
        no_email = len(set(data.contact_ids)) - len(candidates)
    elif survey.purpose == "relationship":
        candidates, no_email = _audience(session, survey), 0
    else:
        raise Invalid("a transactional survey is sent to the contacts you name", ("body", "contact_ids"))
    if survey.recurrence_days is None:
        survey.waves += 1
    return _invite(session, survey, candidates, now, {"no_email": no_email} if no_email else {})


def send_due(*, session: Session, now: datetime | None = None, workspace_id: int | None = None) -> int:
    """The daily run: every active recurring relationship survey (of one workspace, or of all) asks the
    contacts of its audience who are due again. Returns how many invitations were made."""
    now = now or now_utc()
    made = 0
    for survey in queries.active_recurring(session, workspace_id):
        made += _invite(session, survey, _audience(session, survey), now, {}).invited
    return made


def _audience(session: Session, survey: Survey) -> list[Any]:
    rules = survey.audience or {}
    scope: dict[str, Any] = {"session": session, "workspace_id": survey.workspace_id}
    accounts = accounts_service.owned_by(**scope, owner_ids=None)
    if rules.get("segments"):
        accounts = [a for a in accounts if a.segment in rules["segments"]]
    if rules.get("tiers"):
        accounts = [a for a in accounts if a.tier in rules["tiers"]]
    for key, accepted in (rules.get("account_fields") or {}).items():
        accounts = [a for a in accounts if (a.custom or {}).get(key) in accepted]
    contacts = contacts_service.reachable(**scope, account_ids=[a.id for a in accounts])
    roles = {r.casefold() for r in rules.get("roles") or []}
    return [c for c in contacts if not roles or (c.role or "").casefold() in roles]


def _one_sender(session: Session, workspace_id: int) -> None:
    """Sends, daily runs and their throttle checks one at a time per workspace: two at once invited the
    same people twice within the throttle (docs/concurrency.md)."""
    serialize(session, f"survey-invites:{workspace_id}")


def _invite(
    session: Session, survey: Survey, candidates: list[Any], now: datetime, skipped: dict[str, int]
) -> SendResult:
    ws = survey.workspace_id
    _one_sender(session, ws)
    config = settings(session=session, workspace_id=ws)
    skip: Counter[str] = Counter(skipped)
    out = queries.opted_out(session, ws, [c.id for c in candidates])
    throttled = queries.recently_asked(session, ws, now - timedelta(days=config.throttle_days))
    repeat = (
        queries.recently_asked(session, ws, now - timedelta(days=survey.recurrence_days), survey.id)
        if survey.recurrence_days
        else set()
    )
    wave = respond.wave_of(survey, now)
    invited = 0
    for contact in candidates:
        reason = (
            "unsubscribed"
            if contact.id in out
            else "asked_this_period"
            if contact.id in repeat
            else "throttled"
            if config.throttle_days and contact.id in throttled
            else None
        )
        if reason:
            skip[reason] += 1
            continue
        session.add(
            SurveyInvite(
                workspace_id=ws,
                survey_id=survey.id,
                contact_id=contact.id,
                account_id=contact.account_id,
                wave=wave,
                to_address=contact.email,
                language=negotiate(contact.language),
                nonce=secrets.token_urlsafe(12),
                created_at=now,
                expires_at=now + timedelta(days=survey.expires_days),
            )
        )
        throttled.add(contact.id)
        invited += 1
    session.flush()
    return SendResult(wave=wave, invited=invited, skipped=dict(skip))


def waiting_for(
    *, session: Session, workspace_id: int, contact_id: int, secret: str, base_url: str
) -> list[tuple[str, str, datetime]]:
    """(survey name, answer link, closes at) of the contact's open invitations (listed in the portal)."""
    now, out = now_utc(), []
    for invite in queries.open_invites(session, workspace_id, contact_id):
        survey = session.get(Survey, invite.survey_id)
        if invite.created_at <= now < invite.expires_at and survey is not None:
            out.append((survey.name, respond.link(invite, secret, base_url), invite.expires_at))
    return sorted(out, key=lambda w: w[2])


def opt_out(*, session: Session, workspace_id: int, contact_id: int) -> None:
    """The contact gets no survey of this workspace again; their open invitations close."""
    if not queries.opted_out(session, workspace_id, [contact_id]):
        session.add(SurveyOptOut(workspace_id=workspace_id, contact_id=contact_id))
    for invite in queries.open_invites(session, workspace_id, contact_id):
        invite.expires_at = min(invite.expires_at, now_utc())
    session.flush()


def responses(
    *,
    session: Session,
    workspace_id: int,
    survey_id: int | None = None,
    account_id: int | None = None,
    limit: int = 100,
) -> list[SurveyResponse]:
    """The latest responses, newest first."""
    return queries.responses(session, workspace_id, survey_id=survey_id, account_id=account_id, limit=limit)


def unsure_readings(
    *,
    session: Session,
    workspace_id: int,
    survey_id: int | None = None,
    account_id: int | None = None,
    limit: int = 100,
) -> list[SurveyResponse]:
    """The answers whose comment was read with too little confidence to act on (they open no CTA), least sure
    first: an analyst's correction of these teaches the workspace's reader the most."""
    return queries.unsure(
        session, workspace_id, loop.CONFIDENT, limit, survey_id=survey_id, account_id=account_id
    )


def readings_to_check(
    *, session: Session, workspace_id: int, survey_id: int | None = None, limit: int = 10
) -> tuple[int, list[tuple[SurveyResponse, int]]]:
    """How many answers are read unsure, and the least sure comments, identical ones as one (its newest
    answer, with how many answers say it)."""
    count = queries.unsure_count(session, workspace_id, loop.CONFIDENT, survey_id=survey_id)
    return count, queries.unsure_comments(session, workspace_id, loop.CONFIDENT, limit, survey_id=survey_id)


def unsure(row: SurveyResponse) -> bool:
    """A machine reading too unsure to act on."""
    return row.sentiment is not None and not loop.confident(row)


def account_measures(
    *, session: Session, workspace_id: int, days: Sequence[date], account_ids: Collection[int] | None = None
) -> dict[date, pd.DataFrame]:
    """Per day and account: NPS and CSAT over the 180 days up to the day's end, and how many answered."""
    return measures.account_measures(session, workspace_id, days, account_ids)


def import_responses(
    *,
    session: Session,
    workspace_id: int,
    items: Sequence[ResponseImport],
    loc: tuple[str | int, ...] = ("rows",),
    progress: Callable[[int, int], None] | None = None,
) -> BulkResult:
    """Answers collected elsewhere. Every row is checked first (survey, contact, score on the survey's
    scale) and any error refuses the whole file, naming each bad row; an answer already imported (same
    external id) is left as it is, so a file can be imported again."""
    contacts = contacts_service.ids_by_external_id(
        session=session,
        workspace_id=workspace_id,
        external_ids=sorted({i.contact_external_id for i in items}),
    )
    surveys = {s.id: s for s in queries.surveys(session, workspace_id)}
    errors: list[ErrorItem] = []
    for n, item in enumerate(items):
        survey = surveys.get(item.survey_id)
        if survey is None:
            errors.append(
                ErrorItem((*loc, n, "survey_id"), f"no survey with id {item.survey_id}", "not_found")
            )
        if item.contact_external_id not in contacts:
            msg = f"no contact with external id {item.contact_external_id!r}"
            errors.append(ErrorItem((*loc, n, "contact_external_id"), msg, "not_found"))
        if survey is not None:
            try:
                respond.check(survey, Answer(score=item.score, comment=item.comment))
            except Invalid as exc:
                errors.append(ErrorItem((*loc, n, str(exc.details()[0].loc[-1])), exc.msg, "value_error"))
    if errors:
        raise Invalid(errors[0].msg, errors[0].loc, errors)
    known = queries.imported(session, workspace_id, [i.external_id for i in items])
    fresh = [i for i in items if i.external_id not in known and i.comment and i.comment.strip()]
    readings = dict(
        zip(
            [i.external_id for i in fresh],
            respond.read_comments(
                session, workspace_id, [(i.comment or "").strip() for i in fresh], progress=progress
            ),
            strict=True,
        )
    )
    accounts = contacts_service.accounts_by_external_id(
        session=session, workspace_id=workspace_id, external_ids=[i.contact_external_id for i in items]
    )
    results: list[BulkItemResult] = []
    for item in items:
        if item.external_id in known:
            results.append(
                BulkItemResult(external_id=item.external_id, id=known[item.external_id], created=False)
            )
            continue
        row = respond.record(
            session,
            surveys[item.survey_id],
            Answer(score=item.score, comment=item.comment),
            channel="import",
            contact_id=contacts[item.contact_external_id],
            account_id=accounts.get(item.contact_external_id),
            at=item.responded_at,
            work_list=False,
            reading=readings.get(item.external_id),
        )
        row.external_id = item.external_id
        known[item.external_id] = row.id
        results.append(BulkItemResult(external_id=item.external_id, id=row.id, created=True))
    session.flush()
    created = sum(r.created for r in results)
    return BulkResult(created=created, updated=0, items=results)


def get_response(
    *,
    session: Session,
    workspace_id: int,
    response_id: int,
    loc: tuple[str | int, ...] = ("path", "response_id"),
) -> SurveyResponse:
    row = session.get(SurveyResponse, response_id)
    if row is None or row.workspace_id != workspace_id:
        raise NotFound("survey response", response_id, loc)
    return row


def correct_response(
    *, session: Session, workspace_id: int, response_id: int, sentiment: str | None, themes: list[str] | None
) -> SurveyResponse:
    """An analyst's reading of the comment replaces the machine's at once (None: that part unchanged).
    A sentiment comes with the score of a reader who is sure (+1, 0 or -1, confidence 1, source "analyst")
    and stands for what the comment says about each of its themes too, so theme tallies follow it; themes
    replace the list, a theme added taking the comment's sentiment."""
    row = get_response(session=session, workspace_id=workspace_id, response_id=response_id)
    aspects = [dict(a) for a in row.aspects or ()]
    if sentiment is not None:
        score = reading_service.ANALYST_SCORES[sentiment]
        row.sentiment, row.sentiment_score, row.sentiment_confidence = sentiment, score, 1.0
        row.sentiment_source = "analyst"
        aspects = [{**a, "sentiment": sentiment, "score": score} for a in aspects]
    if themes is not None:
        found = {a.get("theme"): a for a in aspects}
        new = {"match": 1.0, "sentiment": row.sentiment, "score": row.sentiment_score}
        aspects = [found.get(t) or {"theme": t, **new} for t in themes]
        row.themes = list(themes)
    row.aspects = aspects
    session.flush()
    return row


def read_response_again(*, session: Session, workspace_id: int, response_id: int) -> None:
    """The machine's reading of a comment again, with the workspace's current head (after an analyst's
    correction of it was withdrawn). A response deleted meanwhile is left alone."""
    row = session.get(SurveyResponse, response_id)
    if row is None or row.workspace_id != workspace_id or not row.comment:
        return
    for name, value in _readings(session, workspace_id, [row])[row.id].items():
        setattr(row, name, value)
    session.flush()


def unsure_rereadings(
    *, session: Session, workspace_id: int, limit: int = REREAD_UNSURE
) -> dict[int, dict[str, Any]]:
    """The workspace's unsure survey readings (least sure first) read again with its current head, after that
    head was refitted from its analysts' corrections: what it learned settles some of them, and the list of
    readings to check shrinks. Response id -> the new reading; nothing is written here (store_rereadings does,
    in a transaction of its own once the reading, seconds long, is done)."""
    rows = [row for row in queries.unsure(session, workspace_id, loop.CONFIDENT, limit) if row.comment]
    return _readings(session, workspace_id, rows) if rows else {}


def store_rereadings(*, session: Session, workspace_id: int, readings: dict[int, dict[str, Any]]) -> int:
    """Store what unsure_rereadings read, except over a reading an analyst gave meanwhile (the condition is
    checked again under the row's lock). A reading that became sure opens no CTA: the answer is not new.
    Returns how many were stored."""
    stored = 0
    for response_id, values in readings.items():
        done = session.execute(
            update(SurveyResponse)
            .where(
                SurveyResponse.workspace_id == workspace_id,
                SurveyResponse.id == response_id,
                or_(SurveyResponse.sentiment_source.is_(None), SurveyResponse.sentiment_source != "analyst"),
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        stored += done.rowcount  # type: ignore[attr-defined]
    return stored


def _readings(
    session: Session, workspace_id: int, rows: Sequence[SurveyResponse]
) -> dict[int, dict[str, Any]]:
    """The rows' comments read in one call (stored vectors are reused): response id -> reading columns."""
    readings = respond.read_comments(session, workspace_id, [row.comment or "" for row in rows])
    source = respond.reading_source(session, workspace_id)
    return {
        row.id: {
            "language": reading.language,
            "sentiment": reading.sentiment,
            "sentiment_score": reading.score,
            "sentiment_confidence": reading.confidence,
            "sentiment_source": source if reading.sentiment else None,
            "themes": list(reading.themes),
            "aspects": respond.aspects_of(reading),
        }
        for row, reading in zip(rows, readings, strict=True)
    }


def being_read(*, session: Session, workspace_id: int, response_ids: Collection[int]) -> set[int]:
    """Which of these responses have a comment stored but not read yet (the queued job reads it)."""
    return queries.being_read(session, workspace_id, response_ids)


def themes(*, session: Session, workspace_id: int) -> list[text.Theme]:
    """The workspace's configured themes, ready for text analytics."""
    return [
        text.Theme(t.name, tuple(t.examples))
        for t in config.settings(session=session, workspace_id=workspace_id).themes
    ]


def comments(
    *, session: Session, workspace_id: int, since: datetime, until: datetime, limit: int
) -> list[feedback.Said]:
    """The survey comments answered in [since, until), newest first, as read when they arrived."""
    rows = queries.responses(session, workspace_id, start=since, end=until, limit=None)
    return [measures.said_of(r) for r in rows if r.comment][:limit]


def theme_summary(stats: feedback.ThemeStats) -> ThemeSummary:
    return measures.theme_summary(stats)


def answer_history(
    *, session: Session, workspace_id: int, since: datetime, account_ids: Collection[int] | None = None
) -> dict[str, list[Any]]:
    """Raw dated survey rows since `since`, for point-in-time features: answers (account, answered at,
    kind, score, comment sentiment) and invites (account, invited at, answered at)."""
    return {
        "answers": queries.account_answers(session, workspace_id, since, account_ids),
        "invites": queries.account_invites(session, workspace_id, since, account_ids),
    }
