"""What staff read about the help center: each published article's views, helpfulness and tickets deflected,
the searches that found nothing (content gaps) and the latest comments left with a 'no'."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.domains.helpcenter import queries
from steward.domains.helpcenter.schemas import DEFLECTION_WAIT, ArticleStats, ContentGap, HelpReport


def help_report(*, session: Session, workspace_id: int, now: datetime | None = None) -> HelpReport:
    """The report as of `now` (default: the clock's): a reading counts as deflected once DEFLECTION_WAIT has
    passed by then with its ticket form never sent."""
    published = queries.articles(session, workspace_id, status="published")
    votes = queries.votes(session, workspace_id, [a.id for a in published])
    deflected = queries.deflected(session, workspace_id, (now or now_utc()) - DEFLECTION_WAIT)
    stats = []
    for a in published:
        yes, no = votes.get(a.id, (0, 0))
        stats.append(
            ArticleStats(
                article_id=a.id,
                title=a.title,
                language=a.language,
                views=a.views,
                helpful=yes,
                not_helpful=no,
                helpfulness=round(yes / (yes + no), 3) if yes + no else None,
                deflected=deflected.get(a.id, 0),
            )
        )
    stats.sort(key=lambda s: (-s.views, s.article_id))
    gaps = [
        ContentGap(query=q, language=lang, searches=n, last_searched=last)
        for q, lang, n, last in queries.content_gaps(session, workspace_id)
    ]
    comments = [f"{title}: {comment}" for title, comment in queries.latest_comments(session, workspace_id)]
    return HelpReport(articles=stats, content_gaps=gaps, comments=comments)
