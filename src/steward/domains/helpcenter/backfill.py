"""Dated help-center history written in bulk, for the demo's year of reading: article views with their channel
and reader, votes, searches with how many articles they found, and readings from ticket forms (deflections).
Core inserts in batches, no ORM object per row; each article's view counter rises by the views written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from steward.domains.helpcenter.models import (
    HelpArticle,
    HelpArticleView,
    HelpDeflection,
    HelpSearch,
    HelpVote,
)

BATCH = 2_000


class View(NamedTuple):
    article_id: int
    channel: str
    contact_id: int | None
    account_id: int | None
    at: datetime


class Vote(NamedTuple):
    article_id: int
    visitor: str  # a keyed digest in real use (public.visitor_key); unique per article
    helpful: bool
    comment: str | None
    at: datetime


class Search(NamedTuple):
    query: str
    language: str
    results: int
    at: datetime


class Reading(NamedTuple):
    """An article opened from a ticket form: state read (deflected once old enough), solved or submitted."""

    article_id: int
    form: str  # digest of the form's token; unique per article
    contact_id: int | None
    channel: str
    state: str
    at: datetime


def write_history(
    *,
    session: Session,
    workspace_id: int,
    views: Sequence[View] = (),
    votes: Sequence[Vote] = (),
    searches: Sequence[Search] = (),
    readings: Sequence[Reading] = (),
) -> None:
    ws = {"workspace_id": workspace_id}
    _insert(session, HelpArticleView, [
        {**ws, "article_id": v.article_id, "channel": v.channel, "contact_id": v.contact_id,
         "account_id": v.account_id, "viewed_at": v.at} for v in views
    ])  # fmt: skip
    _insert(session, HelpVote, [
        {**ws, "article_id": v.article_id, "visitor": v.visitor, "helpful": v.helpful, "comment": v.comment,
         "created_at": v.at} for v in votes
    ])  # fmt: skip
    _insert(session, HelpSearch, [
        {**ws, "query": s.query[:200], "language": s.language, "results": s.results, "created_at": s.at}
        for s in searches
    ])  # fmt: skip
    _insert(session, HelpDeflection, [
        {**ws, "article_id": r.article_id, "form": r.form, "contact_id": r.contact_id, "channel": r.channel,
         "state": r.state, "created_at": r.at, "settled_at": None if r.state == "read" else r.at}
        for r in readings
    ])  # fmt: skip
    for article_id, n in sorted(Counter(v.article_id for v in views).items()):
        session.execute(
            update(HelpArticle)
            .where(HelpArticle.workspace_id == workspace_id, HelpArticle.id == article_id)
            .values(views=HelpArticle.views + n)
        )
    session.flush()


def _insert(session: Session, table: type, rows: list[dict[str, object]]) -> None:
    for i in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[i : i + BATCH])
