"""Searching the help center as a customer (or deflection) does: published articles in any language, the
language asked for first, one hit per article (its translation in that language when there is one),
re-ranked by meaning when the text-analytics embeddings are stored; searches with terms are recorded, and
those that found nothing are the content gaps."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from steward.domains.helpcenter import queries, search, terms
from steward.domains.helpcenter.models import HelpSearch
from steward.domains.helpcenter.schemas import SearchHit, SearchResult

CANDIDATES = 50
SAME_LANGUAGE_BONUS = 1.25  # a match in the reader's language outranks an equal one in another


def find(
    *,
    session: Session,
    workspace_id: int,
    query: str,
    language: str,
    limit: int = 10,
    record: bool = True,
    query_vector: np.ndarray | None = None,
) -> SearchResult:
    """The best published articles for a query. `query_vector` (the query's text-analytics embedding, when
    the caller has one) re-ranks the lexical candidates by cosine with the articles' stored vectors."""
    groups = terms.query_groups(query, language)
    found = search.matches(session, workspace_id, groups, CANDIDATES)
    rows = queries.by_ids(session, workspace_id, [a for a, _ in found])
    scored: dict[int, tuple[float, int]] = {}  # source id -> (score, article id)
    for article_id, score in found:
        row = rows.get(article_id)
        if row is None or row.status != "published":
            continue
        if row.language == language:
            score *= SAME_LANGUAGE_BONUS
        source = row.source_id or row.id
        if source not in scored or score > scored[source][0]:
            scored[source] = (score, article_id)
    semantic = False
    if query_vector is not None and scored:
        vectors = search.stored_vectors(session, workspace_id, [a for _, a in scored.values()])
        if vectors:
            semantic = True
            top = max(s for s, _ in scored.values()) or 1.0
            scored = {
                src: (
                    0.5 * s / top + 0.5 * float(vectors[a] @ query_vector) if a in vectors else 0.5 * s / top,
                    a,
                )
                for src, (s, a) in scored.items()
            }
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    hits = []
    for source_id, (score, article_id) in ranked:
        row = rows[article_id]
        hits.append(
            SearchHit(
                article_id=row.id,
                source_id=source_id,
                language=row.language,
                title=row.title,
                snippet_html=search.snippet(row.body, row.language, groups),
                score=round(score, 4),
            )
        )
    if record and groups:
        said = " ".join(query.split())[:200]
        session.add(HelpSearch(workspace_id=workspace_id, query=said, language=language, results=len(hits)))
        session.flush()
    return SearchResult(query=query[:200], language=language, semantic=semantic, hits=hits)
