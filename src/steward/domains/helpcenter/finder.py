"""Searching the help center as a customer (or deflection, while a ticket or chat is written) does: published
articles in any language, the language asked for first, one hit per article (its translation in that language
when there is one), re-ranked by meaning when the text-analytics embeddings are stored; searches with terms
are recorded, and those that found nothing are the content gaps."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.analytics import text
from steward.domains.helpcenter import queries, search, terms
from steward.domains.helpcenter.markdown import plain_text
from steward.domains.helpcenter.models import HelpArticle, HelpSearch, HelpSearchDoc
from steward.domains.helpcenter.schemas import SearchHit, SearchResult

CANDIDATES = 50
PASSAGE_CHARS = 1_000  # of an article's title and text, embedded for meaning
SAME_LANGUAGE_BONUS = 1.25  # a match in the reader's language outranks an equal one in another
MAX_SUGGEST_QUERY = 300  # characters of what a customer is writing that are searched for suggestions


def find(
    *,
    session: Session,
    workspace_id: int,
    query: str,
    language: str,
    limit: int = 10,
    record: bool = True,
    embed: Callable[[Sequence[str]], np.ndarray] | None = text.embed,
) -> SearchResult:
    """The best published articles for a query. When candidates have stored embeddings (jobs.embed_published)
    and `embed` is given, the query is embedded too and half of each score is the cosine of meaning."""
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
    vectors = search.stored_vectors(session, workspace_id, [a for _, a in scored.values()]) if embed else {}
    if vectors and embed is not None:
        query_vector = embed([query[:PASSAGE_CHARS]])[0]
        if query_vector.any():
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
                score=float(f"{score:.4g}"),  # BM25 on a small corpus is tiny: keep its digits
            )
        )
    if record and groups:
        said = " ".join(query.split())[:200]
        session.add(HelpSearch(workspace_id=workspace_id, query=said, language=language, results=len(hits)))
        session.flush()
    return SearchResult(query=query[:200], language=language, semantic=semantic, hits=hits)


def suggestions(
    *, session: Session, workspace_id: int, query: str, language: str, limit: int
) -> list[SearchHit]:
    """Published articles matching what a customer is writing, best first, each titled in `language` when it
    has a published translation there. Lexical only (it answers while they type) and not recorded as a
    search: a half-typed sentence is no content gap."""
    # a lone surrogate (an emoji cut in two) is dropped: the database would refuse it
    query = query[:MAX_SUGGEST_QUERY].encode("utf-8", "ignore").decode()
    if not query.strip():
        return []
    found = find(session=session, workspace_id=workspace_id, query=query, language=language, limit=limit,
                 record=False, embed=None)  # fmt: skip
    hits = found.hits
    others = [h.source_id for h in hits if h.language != language]
    if not others:
        return hits
    rows = [*queries.by_ids(session, workspace_id, others).values(),
            *queries.translations(session, workspace_id, others)]  # fmt: skip
    titles = {
        (r.source_id or r.id): r.title for r in rows if r.language == language and r.status == "published"
    }
    return [
        h.model_copy(update={"title": titles[h.source_id], "language": language})
        if h.source_id in titles
        else h
        for h in hits
    ]


def passage(article: HelpArticle) -> str:
    return f"{article.title}. {plain_text(article.body)}"[:PASSAGE_CHARS]


def unembedded(*, session: Session, limit: int) -> list[tuple[int, str, str]]:
    """(article id, digest of its indexed terms, passage) of published articles without a vector."""
    D = HelpSearchDoc
    query = select(D.article_id).where(D.vector.is_(None)).order_by(D.article_id).limit(limit)
    ids = list(session.scalars(query))
    out = []
    for article_id in ids:
        row = session.get(HelpArticle, article_id)
        doc = session.get(D, article_id)
        if row is not None and doc is not None:
            out.append((article_id, _digest(doc), passage(row)))
    return out


def store_vectors(*, session: Session, items: list[tuple[int, str, np.ndarray]]) -> int:
    """Stores each vector unless its article was edited (or unpublished) since it was read."""
    stored = 0
    for article_id, digest, vector in items:
        doc = session.get(HelpSearchDoc, article_id)
        if doc is not None and doc.vector is None and _digest(doc) == digest:
            doc.vector = vector.astype(np.float16).tobytes()
            stored += 1
    session.flush()
    return stored


def _digest(doc: HelpSearchDoc) -> str:
    return hashlib.sha256(f"{doc.title_terms}\n{doc.body_terms}".encode()).hexdigest()
