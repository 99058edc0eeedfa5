"""Searching the help center as a customer (or deflection, while a ticket or chat is written) does: published
articles in any language, the language asked for first, one hit per article (its translation in that language
when there is one); those matching the words and, when the text-analytics embeddings are stored, those nearest
in meaning (helpcenter.nearest), merged by rank; searches with terms are recorded, and those that found
nothing are the content gaps."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.analytics import text
from steward.domains.helpcenter import nearest, queries, search, terms
from steward.domains.helpcenter.markdown import plain_text
from steward.domains.helpcenter.models import HelpArticle, HelpSearch, HelpSearchDoc
from steward.domains.helpcenter.schemas import SearchHit, SearchResult

CANDIDATES = 50
PASSAGE_CHARS = 1_000  # of an article's title and text, embedded for meaning
SAME_LANGUAGE_BONUS = 1.25  # a match in the reader's language outranks an equal one in another
MAX_SUGGEST_QUERY = 300  # characters of what a customer is writing that are searched for suggestions
MAX_EMBEDDED_QUERY = 500  # characters of a query embedded (a 10,000-character search embeds its opening)
RANK_K = 10  # reciprocal rank fusion: 1 / (RANK_K + rank) from each list an article is in

log = logging.getLogger(__name__)


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
    """The best published articles for a query: those matching its words and, when the workspace's articles
    have stored embeddings (jobs.embed_published) and `embed` is given, those nearest in meaning to it
    (nearest.FLOOR), merged by reciprocal rank (an article both find ranks first; a tie goes to the words
    when every word matched). One hit per article, at its best rank, given in `language` when the article has
    a published version there (whichever version was found), else in the language found. Only the query is
    embedded, at most MAX_EMBEDDED_QUERY characters of it; words alone when it has no letters or digits or
    the encoder fails."""
    groups = terms.query_groups(query, language)
    found, every_word = search.matches(session, workspace_id, groups, CANDIDATES)
    held = nearest.vectors(session, workspace_id) if embed is not None else None
    query_vector = _query_vector(embed, query) if held is not None and embed is not None else None
    near = (
        nearest.nearest(held, query_vector, CANDIDATES)
        if held is not None and query_vector is not None
        else []
    )
    rows = queries.by_ids(session, workspace_id, [a for a, _ in found] + [a for a, _ in near])
    by_words = _best_per_source(found, rows, language, SAME_LANGUAGE_BONUS)
    by_meaning = _best_per_source(near, rows, language, 1.0)
    fused: dict[int, float] = {}
    for ranked in (by_words, by_meaning):
        for rank, source in enumerate(sorted(ranked, key=lambda src: (-ranked[src][0], src))):
            fused[source] = fused.get(source, 0.0) + 1.0 / (RANK_K + rank + 1)
    # a tie goes to the words when they all matched, else (some word matched somewhere) to the meaning
    words_first = every_word or not by_meaning
    order = sorted(fused, key=lambda src: (-fused[src], (src in by_words) != words_first, src))[:limit]
    chosen = {src: rows[(by_words.get(src) or by_meaning[src])[1]] for src in order}
    elsewhere = [src for src, row in chosen.items() if row.language != language]
    chosen.update(_in_language(session, workspace_id, elsewhere, language))
    hits = []
    for source_id in order:
        row = chosen[source_id]
        hits.append(
            SearchHit(
                article_id=row.id,
                source_id=source_id,
                language=row.language,
                title=row.title,
                # an article found by meaning alone matched no word: its opening, nothing marked
                snippet_html=search.snippet(row.body, row.language, groups if source_id in by_words else []),
                score=float(f"{fused[source_id]:.4g}"),
            )
        )
    if record and groups:
        said = " ".join(query.split())[:200]
        session.add(HelpSearch(workspace_id=workspace_id, query=said, language=language, results=len(hits)))
        session.flush()
    return SearchResult(query=query[:200], language=language, semantic=query_vector is not None, hits=hits)


def _best_per_source(
    found: list[tuple[int, float]], rows: dict[int, HelpArticle], language: str, bonus: float
) -> dict[int, tuple[float, int]]:
    """Source id -> (score, article id) of its best published version (in `language`: `bonus` times)."""
    best: dict[int, tuple[float, int]] = {}
    for article_id, score in found:
        row = rows.get(article_id)
        if row is None or row.status != "published":
            continue
        if row.language == language:
            score *= bonus
        source = row.source_id or row.id
        if source not in best or score > best[source][0]:
            best[source] = (score, article_id)
    return best


def _in_language(
    session: Session, workspace_id: int, source_ids: list[int], language: str
) -> dict[int, HelpArticle]:
    """Source id -> its published version in `language`, for those of `source_ids` that have one (a hit
    found in another language, say by its stored vector, is answered in the reader's)."""
    if not source_ids:
        return {}
    versions = [*queries.by_ids(session, workspace_id, source_ids).values(),
                *queries.translations(session, workspace_id, source_ids)]  # fmt: skip
    return {(r.source_id or r.id): r for r in versions if r.language == language and r.status == "published"}


def _query_vector(embed: Callable[[Sequence[str]], np.ndarray], query: str) -> np.ndarray | None:
    """The query's unit vector, or None: nothing to read (emoji or punctuation only) or no encoder here."""
    said = " ".join(query.split())[:MAX_EMBEDDED_QUERY].encode("utf-8", "ignore").decode()
    if not any(char.isalnum() for char in said):
        return None
    try:
        vector = np.asarray(embed([said])[0], dtype=np.float32)
    except (ImportError, OSError, RuntimeError, MemoryError, ValueError) as error:  # words alone still answer
        log.warning("help search without meaning: the text encoder failed (%s)", error)
        return None
    return vector if vector.any() else None


def suggestions(
    *, session: Session, workspace_id: int, query: str, language: str, limit: int
) -> list[SearchHit]:
    """Published articles matching what a customer is writing, best first, each in `language` when it has a
    published version there (find). Lexical only (it answers while they type) and not recorded as a
    search: a half-typed sentence is no content gap."""
    # a lone surrogate (an emoji cut in two) is dropped: the database would refuse it
    query = query[:MAX_SUGGEST_QUERY].encode("utf-8", "ignore").decode()
    if not query.strip():
        return []
    found = find(session=session, workspace_id=workspace_id, query=query, language=language, limit=limit,
                 record=False, embed=None)  # fmt: skip
    return found.hits


def passage(article: HelpArticle) -> str:
    return f"{article.title}. {plain_text(article.body)}"[:PASSAGE_CHARS]


def embedded_texts(article: HelpArticle) -> list[str]:
    """What is embedded of an article: its title alone (a customer's question is short, like a title) and its
    passage; search takes the nearer of the two."""
    return [article.title[:PASSAGE_CHARS], passage(article)]


def unembedded(*, session: Session, limit: int) -> list[tuple[int, str, list[str]]]:
    """(article id, digest of its indexed terms, texts to embed) of published articles without vectors."""
    D = HelpSearchDoc
    query = select(D.article_id).where(D.vector.is_(None)).order_by(D.article_id).limit(limit)
    ids = list(session.scalars(query))
    out = []
    for article_id in ids:
        row = session.get(HelpArticle, article_id)
        doc = session.get(D, article_id)
        if row is not None and doc is not None:
            out.append((article_id, _digest(doc), embedded_texts(row)))
    return out


def store_vectors(*, session: Session, items: list[tuple[int, str, np.ndarray]]) -> int:
    """Stores each article's vectors (one row each, float16 bytes one after another) unless the article was
    edited (or unpublished) since it was read."""
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
