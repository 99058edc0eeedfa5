"""Self-service in the measures: article views and deflected tickets by channel (the whole workspace, or one
account's contacts), and the articles an account's contacts read in the 30 days up to a day (a health-score
input and a rule field). A translation read counts as its source article: reading one article in German and
in English is one article read."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, start_of_day
from steward.domains.helpcenter.models import HelpArticle, HelpArticleView, HelpDeflection
from steward.domains.helpcenter.schemas import DEFLECTION_WAIT

READ_DAYS = 30
V, D = HelpArticleView, HelpDeflection


def views_by_channel(
    session: Session, workspace_id: int, start: datetime, end: datetime, account_id: int | None = None
) -> dict[str, int]:
    """Channel -> article views in [start, end) (one account's known readers when given)."""
    query = select(V.channel, func.count()).where(
        V.workspace_id == workspace_id, V.viewed_at >= start, V.viewed_at < end
    )
    if account_id is not None:
        query = query.where(V.account_id == account_id)
    return {str(c): int(n) for c, n in session.execute(query.group_by(V.channel))}


def deflections_by_channel(
    session: Session,
    workspace_id: int,
    start: datetime,
    end: datetime,
    contact_ids: Collection[int] | None = None,
) -> dict[str, int]:
    """Channel -> tickets deflected by readings made in [start, end): marked as solving the problem, or
    read more than DEFLECTION_WAIT ago with the form never sent (helpcenter.deflection); one account's
    contacts when `contact_ids` is given."""
    counted = or_(D.state == "solved", and_(D.state == "read", D.created_at <= now_utc() - DEFLECTION_WAIT))
    query = select(D.channel, func.count()).where(
        D.workspace_id == workspace_id, D.created_at >= start, D.created_at < end, counted
    )
    if contact_ids is not None:
        if not contact_ids:
            return {}
        query = query.where(D.contact_id.in_(list(contact_ids)))
    return {str(c): int(n) for c, n in session.execute(query.group_by(D.channel))}


def articles_read(
    session: Session, workspace_id: int, days: Sequence[date], account_ids: Collection[int] | None = None
) -> dict[date, pd.Series]:
    """Each day -> account id -> distinct articles its contacts read in the READ_DAYS days up to and
    including that day (accounts with none are left out: the caller fills 0)."""
    if not days:
        return {}
    first, last = min(days) - timedelta(days=READ_DAYS - 1), max(days) + timedelta(days=1)
    article = func.coalesce(HelpArticle.source_id, HelpArticle.id)
    query = (
        select(V.account_id, article, V.viewed_at)
        .join(HelpArticle, HelpArticle.id == V.article_id)
        .where(
            V.workspace_id == workspace_id,
            V.account_id.is_not(None),
            V.viewed_at >= start_of_day(first),
            V.viewed_at < start_of_day(last),
        )
    )
    if account_ids is not None:
        query = query.where(V.account_id.in_(list(account_ids)))
    frame = pd.DataFrame(session.execute(query).all(), columns=["account_id", "article", "at"])
    out: dict[date, pd.Series] = {}
    for day in days:
        if frame.empty:
            out[day] = pd.Series(dtype=float)
            continue
        since = start_of_day(day - timedelta(days=READ_DAYS - 1))
        until = start_of_day(day + timedelta(days=1))
        seen = frame[(frame["at"] >= since) & (frame["at"] < until)]
        out[day] = seen.groupby("account_id")["article"].nunique().astype(float)
    return out
