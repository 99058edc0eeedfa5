"""Voice of the customer across sources: the same offline reading (language, sentiment, configured and
discovered themes) applied to survey comments, to what customers wrote in tickets, and to the team's
timeline notes of calls and meetings. Survey comments are read when they arrive; tickets and notes are
read on request, the newest first up to a limit.

Analysts correct single readings ("response:12", "ticket:40", "note:7"): a survey comment's stored reading
changes at once, a ticket's or note's wherever it is read (while its text is the one corrected), and the
workspace's sentiment head is refitted from the sentiment corrections by a background job within seconds
(reading.jobs): the fit, one to two seconds, then runs outside any transaction instead of holding the
request's write lock (see reading_service.fit_head)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import numpy as np
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.analytics import feedback, text
from steward.core.clock import report_window, start_of_day
from steward.core.errors import Invalid, NotFound
from steward.core.schemas import MAX_ID
from steward.domains.feedback.schemas import (
    CorrectionCreate,
    CorrectionPage,
    CorrectionRead,
    CorrectionResult,
    FeedbackReport,
    ModelReport,
    Source,
)
from steward.domains.reading import service as reading_service
from steward.domains.surveys import service as surveys_service
from steward.domains.tickets import service as tickets_service
from steward.domains.timeline import service as timeline_service

NOTE_KINDS = ("note", "call", "meeting")
LIMIT = 2000  # texts read per request: about two seconds on one core
REF = "body", "ref"
T = TypeVar("T")


def report(
    *,
    session: Session,
    workspace_id: int,
    source: Source,
    start: date | None = None,
    end: date | None = None,
    limit: int = LIMIT,
) -> FeedbackReport:
    start, end = report_window(start, end, 90)
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    since, until = start_of_day(start), start_of_day(end)
    if source == "surveys":
        said = surveys_service.comments(**scope, since=since, until=until, limit=limit)
    else:
        rows: Sequence[tuple[int, int | None, datetime, str]]
        if source == "tickets":
            rows = tickets_service.customer_texts(**scope, since=since, until=until, limit=limit)
        else:
            rows = timeline_service.texts(**scope, kinds=NOTE_KINDS, since=since, until=until, limit=limit)
        items = [(f"{source[:-1]}:{i}", t) for i, _, _, t in rows]
        said = read(**scope, items=items, themes=surveys_service.themes(**scope))
    vectors = reading_service.vectors(**scope, texts=[s.text for s in said])
    return _report(source, start, end, said, vectors)


def read(
    *, session: Session, workspace_id: int, items: Sequence[tuple[str, str]], themes: Sequence[text.Theme]
) -> list[feedback.Said]:
    """(ref, text) pairs read for language, sentiment, themes and sentiment per theme; an analyst's
    correction of a text (its sentiment, its themes) stands in for the machine's reading of it."""
    found = reading_service.read(
        session=session, workspace_id=workspace_id, texts=[t for _, t in items], themes=themes
    )
    corrected = reading_service.corrections_for(
        session=session, workspace_id=workspace_id, refs=[ref for ref, _ in items]
    )
    said = [
        feedback.Said(
            ref=ref,
            text=t,
            language=a.language,
            sentiment=a.sentiment,
            score=a.score,
            themes=a.themes,
            aspects={x.theme: (x.sentiment, x.score) for x in a.aspects},
        )
        for (ref, t), a in zip(items, found, strict=True)
    ]
    return [_corrected(s, corrected.get(s.ref)) for s in said]


def _corrected(said: feedback.Said, correction: Any) -> feedback.Said:
    """The analyst's reading over the machine's, as on a corrected survey response (see
    surveys_service.correct_response); a text changed since it was corrected is read afresh."""
    if correction is None or " ".join(correction.text.split()) != " ".join(said.text.split()):
        return said
    sentiment, score, aspects = said.sentiment, said.score, dict(said.aspects)
    if correction.sentiment:
        sentiment, score = correction.sentiment, reading_service.ANALYST_SCORES[correction.sentiment]
        aspects = dict.fromkeys(aspects, (sentiment, score))
    themes = said.themes
    if correction.themes is not None:
        themes = tuple(correction.themes)
        aspects = {t: aspects.get(t, (sentiment, score)) for t in themes}
    return dataclasses.replace(said, sentiment=sentiment, score=score, themes=themes, aspects=aspects)


def correct(
    *, session: Session, workspace_id: int, data: CorrectionCreate, author_id: int | None
) -> tuple[CorrectionResult, bool]:
    """Record an analyst's reading of one text, apply it, and request a refit of the workspace's head when
    the sentiment it learns from changed. Returns the result and whether the correction is new (not a
    replacement of an earlier one of the same text)."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    kind, _, number = data.ref.partition(":")
    text_value = _text_of(session, workspace_id, kind, int(number))
    themes = _checked_themes(session, workspace_id, data.themes)
    earlier = reading_service.corrections_for(**scope, refs=[data.ref]).get(data.ref)
    before = (earlier.sentiment, earlier.text) if earlier else (None, None)
    sentiment = data.sentiment if data.sentiment is not None else before[0]
    if themes is None and earlier is not None:
        themes = earlier.themes
    if sentiment is None and themes is None:
        raise Invalid("give the text's sentiment, its themes or both", ("body",))
    reading_service.vectors(**scope, texts=[text_value])  # stored now: the refit only reads
    row = _once_more_on_clash(
        session,
        lambda: reading_service.correct(
            **scope,
            ref=data.ref,
            text_value=text_value,
            sentiment=sentiment,
            themes=themes,
            author_id=author_id,
        ),
    )
    if kind == "response":
        surveys_service.correct_response(**scope, response_id=int(number), sentiment=sentiment, themes=themes)
    learns = sentiment is not None or before[0] is not None
    changed = learns and before != (sentiment, text_value)
    report = reading_service.request_refit(**scope) if changed else None
    result = CorrectionResult(
        correction=CorrectionRead.model_validate(row),
        model=model_report(report or reading_service.head_report(**scope)),
    )
    return result, earlier is None


def corrections(
    *, session: Session, workspace_id: int, cursor: str | None = None, limit: int = 50
) -> CorrectionPage:
    rows, total, next_cursor = reading_service.corrections_page(
        session=session, workspace_id=workspace_id, cursor=cursor, limit=limit
    )
    return CorrectionPage(
        items=[CorrectionRead.model_validate(r) for r in rows], total=total, next_cursor=next_cursor
    )


def delete_correction(*, session: Session, workspace_id: int, correction_id: int) -> ModelReport:
    """Withdraw a correction: the head is refitted without it (below five, the built-in head reads at
    once), and a survey comment is read again."""
    row = reading_service.remove(session=session, workspace_id=workspace_id, correction_id=correction_id)
    ref, learned = row.ref, row.sentiment is not None
    report = reading_service.request_refit(session=session, workspace_id=workspace_id) if learned else None
    kind, _, number = ref.partition(":")
    if kind == "response":
        surveys_service.read_response_again(
            session=session, workspace_id=workspace_id, response_id=int(number)
        )
    return model_report(report or reading_service.head_report(session=session, workspace_id=workspace_id))


def model(*, session: Session, workspace_id: int) -> ModelReport:
    return model_report(reading_service.head_report(session=session, workspace_id=workspace_id))


def model_report(report: reading_service.HeadReport) -> ModelReport:
    n = report.corrections
    if report.active and report.agreement is not None:
        summary = (
            f"learned from {n} corrections; agreement with them {report.agreement:.2f} in cross-validation"
        )
        if report.builtin_agreement is not None:
            summary += f" (built-in head: {report.builtin_agreement:.2f})"
        if report.training:
            summary += "; learning from the latest corrections now"
    elif report.training or not report.needed:
        summary = f"learning from {n} corrections now; the built-in head reads until then"
    else:
        summary = (
            f"reads with the built-in head: {report.needed} more sentiment correction"
            f"{'' if report.needed == 1 else 's'} needed before it learns this workspace's language "
            f"({n} so far)"
        )
    return ModelReport(**dataclasses.asdict(report), summary=summary)


def _text_of(session: Session, workspace_id: int, kind: str, number: int) -> str:
    """The text a reference names, as the reports read it; another workspace's is not found."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    if number > MAX_ID:  # no row has it (and PostgreSQL's integer would refuse it)
        raise NotFound(kind, number, REF)
    if kind == "response":
        response = surveys_service.get_response(**scope, response_id=number, loc=REF)
        if not (response.comment or "").strip():
            raise Invalid(f"survey response {number} has no comment to read", REF)
        return response.comment or ""
    if kind == "ticket":
        found = tickets_service.customer_text(**scope, ticket_id=number)
        if found is None:
            raise NotFound("ticket", number, REF)
        return found
    try:
        note = timeline_service.get_activity(**scope, activity_id=number)
    except NotFound:
        note = None
    if note is None or note.kind not in NOTE_KINDS:  # "note:" names what source=notes reads
        raise NotFound("note", number, REF)
    return f"{note.subject}\n{note.body or ''}".strip()  # as timeline_service.texts gives it


def _checked_themes(session: Session, workspace_id: int, given: list[str] | None) -> list[str] | None:
    """Theme names as the workspace configured them (case aside), each once."""
    if given is None:
        return None
    known = {
        t.name.casefold(): t.name for t in surveys_service.themes(session=session, workspace_id=workspace_id)
    }
    out: list[str] = []
    for i, name in enumerate(given):
        found = known.get(name.casefold())
        if found is None:
            choices = ", ".join(sorted(known.values())) or "none is configured (survey settings)"
            raise Invalid(f"{name!r} is not one of this workspace's themes: {choices}", ("body", "themes", i))
        if found not in out:
            out.append(found)
    return out


def _once_more_on_clash(session: Session, work: Callable[[], T]) -> T:
    """Run `work` in a savepoint; when a concurrent request inserted the same correction (or the first head)
    at the same moment, the unique key refuses ours: once more, it finds that row and updates it."""
    for attempt in (1, 2):
        try:
            with session.begin_nested():
                return work()
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _report(
    source: Source, start: date, end: date, said: Sequence[feedback.Said], vectors: np.ndarray
) -> FeedbackReport:
    scores = [s.score for s in said if s.score is not None]
    return FeedbackReport(
        source=source,
        start=start.isoformat(),
        end=end.isoformat(),
        texts=len(said),
        languages=dict(Counter(s.language or "und" for s in said).most_common()),
        sentiment={k: sum(1 for s in said if s.sentiment == k) for k in ("positive", "neutral", "negative")},
        mean_sentiment=round(sum(scores) / len(scores), 4) if scores else None,
        themes=[surveys_service.theme_summary(t) for t in feedback.theme_stats(said, vectors=vectors)],
    )
