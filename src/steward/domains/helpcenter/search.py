"""Full-text search over published articles, the same terms on both databases (helpcenter.terms): SQLite
matches them in the FTS5 table help_search_fts (rowid = article id) ranked by BM25, PostgreSQL with a GIN
tsvector index over help_search_docs ranked by ts_rank; titles weigh more than bodies on both. Each word of
the query must match (any of its alternatives); when that finds nothing, any word may."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from steward.domains.helpcenter import terms
from steward.domains.helpcenter.markdown import plain_text
from steward.domains.helpcenter.models import HelpArticle, HelpSearchDoc

FTS_TABLE = "help_search_fts"
PG_INDEX = "ix_help_search_docs_terms"
SNIPPET_CHARS = 200


def is_search_index(name: str | None) -> bool:
    """FTS5's table and its shadow tables and the tsvector index: made by the migration, not the models."""
    return bool(name) and (str(name).startswith(FTS_TABLE) or name == PG_INDEX)


def _postgres(session: Session) -> bool:
    return bool(session.get_bind().dialect.name == "postgresql")


def index(session: Session, article: HelpArticle) -> None:
    """Store (or replace) the search terms of a published article."""
    title = terms.index_terms(article.title, article.language)
    body = terms.index_terms(plain_text(article.body), article.language)
    doc = session.get(HelpSearchDoc, article.id)
    if doc is None:
        doc = HelpSearchDoc(article_id=article.id, workspace_id=article.workspace_id)
        session.add(doc)
    doc.language, doc.title_terms, doc.body_terms, doc.vector = article.language, title, body, None
    session.flush()
    if not _postgres(session):
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": article.id})
        session.execute(
            text(f"INSERT INTO {FTS_TABLE} (rowid, title_terms, body_terms) VALUES (:id, :t, :b)"),
            {"id": article.id, "t": title, "b": body},
        )


def unindex(session: Session, article_id: int) -> None:
    doc = session.get(HelpSearchDoc, article_id)
    if doc is not None:
        session.delete(doc)
        session.flush()
    if not _postgres(session):
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": article_id})


def stored_vectors(session: Session, workspace_id: int, article_ids: list[int]) -> dict[int, np.ndarray]:
    """Article id -> its unit embedding, for the articles that have one stored (float16 bytes)."""
    D = HelpSearchDoc
    query = select(D.article_id, D.vector).where(
        D.workspace_id == workspace_id, D.article_id.in_(article_ids), D.vector.is_not(None)
    )
    rows = session.execute(query)
    return {int(a): np.frombuffer(v, dtype=np.float16).astype(np.float32) for a, v in rows if v is not None}


def _fts5(groups: list[list[str]], joiner: str) -> str:
    return f" {joiner} ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)


def _tsquery(groups: list[list[str]], joiner: str) -> str:
    return f" {joiner} ".join("(" + " | ".join(f"'{t}'" for t in group) + ")" for group in groups)


_SQLITE = f"""
SELECT d.article_id, -bm25({FTS_TABLE}, 4.0, 1.0) AS score
FROM {FTS_TABLE} JOIN help_search_docs d ON d.article_id = {FTS_TABLE}.rowid
WHERE {FTS_TABLE} MATCH :q AND d.workspace_id = :ws
ORDER BY score DESC LIMIT :n
"""
_POSTGRES = """
SELECT d.article_id,
       ts_rank(setweight(to_tsvector('simple'::regconfig, d.title_terms), 'A')
               || setweight(to_tsvector('simple'::regconfig, d.body_terms), 'D'), q) AS score
FROM help_search_docs d, CAST(:q AS tsquery) q
WHERE d.workspace_id = :ws
  AND to_tsvector('simple'::regconfig, d.title_terms || ' ' || d.body_terms) @@ q
ORDER BY score DESC LIMIT :n
"""


def matches(
    session: Session, workspace_id: int, groups: list[list[str]], limit: int
) -> list[tuple[int, float]]:
    """(article id, relevance) of the published articles matching every query word, else any word."""
    if not groups:
        return []
    postgres = _postgres(session)
    sql, build = (_POSTGRES, _tsquery) if postgres else (_SQLITE, _fts5)
    for joiner in ("&", "|") if postgres else ("AND", "OR"):
        params: Mapping[str, Any] = {"q": build(groups, joiner), "ws": workspace_id, "n": limit}
        found = [(int(a), float(s)) for a, s in session.execute(text(sql), params)]
        if found or len(groups) == 1:
            return found
    return []


def snippet(source: str, language: str, groups: list[list[str]]) -> str:
    """Escaped text around the first match, every matching word (or CJK piece) in <mark>."""
    wanted = {t for group in groups for t in group}
    words = plain_text(source)
    spans: list[tuple[int, int]] = []
    for run in re.finditer(terms.RUN, words):
        piece = run.group()
        if terms.CJK_RUN.fullmatch(piece):
            for i in range(max(1, len(piece) - 1)):
                if terms.index_terms(piece[i : i + 2], language) in wanted:
                    spans.append((run.start() + i, run.start() + min(i + 2, len(piece))))
        elif set(terms.index_terms(piece, language).split()) & wanted:
            spans.append(run.span())
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3) if spans else 0
    end = min(len(words), start + SNIPPET_CHARS)
    out, at = [], start
    for s, e in _merge(spans):
        if e <= start or s >= end:
            continue
        s, e = max(s, at), min(e, end)
        out.append(html.escape(words[at:s]) + "<mark>" + html.escape(words[s:e]) + "</mark>")
        at = e
    out.append(html.escape(words[at:end]))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(words) else "")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
