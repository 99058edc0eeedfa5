"""The published articles of a workspace nearest in meaning to a query: the cosine of the query's e5 vector to
every stored article vector (one matrix product; an article has one for its title and one for its text),
at or above FLOOR. Each workspace's vectors are read once and kept per process under its version (its
search documents' count and newest id, its articles' last change; and, while some articles have no vectors,
how many have), so a search reads two indexed aggregates and embeds only the query. The cache holds at most
MAX_CACHED_VECTORS rows over all workspaces (float32, 1.5 KB each), least recently used first out."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.analytics.text.encoder import DIM
from steward.domains.helpcenter.models import HelpArticle, HelpSearchDoc

# Cosine of the query's vector to an article's under which the article is not a candidate. A development
# figure: chosen on bench/data/help_queries.json (the set it is measured on), see bench/RESULTS.md, issue 20.
FLOOR = 0.86
MAX_CACHED_VECTORS = 60_000  # rows, about 90 MB


@dataclass(frozen=True)
class _Vectors:
    version: tuple[Any, ...]  # of the workspace's articles when read (version())
    vectors: int  # how many articles had vectors then
    ids: (
        np.ndarray
    )  # the article id of each row, int64 (an article has a row for its title, one for its text)
    matrix: np.ndarray  # (len(ids), DIM) float32, unit rows


_cache: OrderedDict[int, _Vectors] = OrderedDict()
_lock = threading.Lock()


def version(session: Session, workspace_id: int) -> tuple[Any, ...]:
    """Changes whenever an article is added, edited, published or removed (indexed aggregates, cheap)."""
    D, A = HelpSearchDoc, HelpArticle
    docs, newest = session.execute(
        select(func.count(), func.max(D.article_id)).where(D.workspace_id == workspace_id)
    ).one()
    changed = session.scalar(select(func.max(A.updated_at)).where(A.workspace_id == workspace_id))
    return (int(docs or 0), newest, str(changed))


def _vector_count(session: Session, workspace_id: int) -> int:
    """How many articles have vectors (a scan of the vectors: only while some have none)."""
    D = HelpSearchDoc
    query = select(func.count()).where(D.workspace_id == workspace_id, D.vector.is_not(None))
    return int(session.scalar(query) or 0)


def _load(session: Session, workspace_id: int, key: tuple[Any, ...]) -> _Vectors:
    D, A = HelpSearchDoc, HelpArticle
    query = (
        select(D.article_id, D.vector)
        .join(A, A.id == D.article_id)
        .where(D.workspace_id == workspace_id, A.workspace_id == workspace_id, A.status == "published")
        .where(D.vector.is_not(None))
        .order_by(D.article_id)
    )
    ids, rows, count = [], [], 0
    for article_id, vector in session.execute(query):
        if vector is None:
            continue
        count += 1
        held = np.frombuffer(vector, dtype=np.float16)
        if held.size % DIM:
            continue  # another model's: none until recomputed
        ids.extend([int(article_id)] * (held.size // DIM))  # its title's vector, then its passage's
        rows.append(held.reshape(-1, DIM))
    matrix = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, DIM), dtype=np.float32)
    ids_ = np.asarray(ids, dtype=np.int64)
    return _Vectors(version=key, vectors=count, ids=ids_, matrix=matrix)


def vectors(session: Session, workspace_id: int) -> _Vectors | None:
    """The workspace's published article vectors (None when it has none), from the cache when current."""
    key = version(session, workspace_id)
    if key[0] == 0:
        return None
    with _lock:
        held = _cache.get(workspace_id)
    if held is not None and held.version == key:
        # every document had its vectors when read: only an article change (a new version) drops one; else
        # the background job may have stored some since
        if held.vectors < key[0] and _vector_count(session, workspace_id) != held.vectors:
            held = None
        if held is not None:
            with _lock:
                if workspace_id in _cache:
                    _cache.move_to_end(workspace_id)
            return held if len(held.ids) else None
    loaded = _load(session, workspace_id, key)
    if len(loaded.ids) <= MAX_CACHED_VECTORS:
        with _lock:
            _cache[workspace_id] = loaded
            _cache.move_to_end(workspace_id)
            while sum(len(v.ids) for v in _cache.values()) > MAX_CACHED_VECTORS:
                _cache.popitem(last=False)
    return loaded if len(loaded.ids) else None


def nearest(
    held: _Vectors, query_vector: np.ndarray, limit: int, floor: float = FLOOR
) -> list[tuple[int, float]]:
    """(article id, cosine) of the `limit` nearest articles at or above `floor` (the nearer of an article's
    rows), nearest first."""
    if held.matrix.shape[1] != query_vector.shape[0]:
        return []
    sims = held.matrix @ query_vector.astype(np.float32)
    keep = np.flatnonzero(sims >= floor)
    if keep.size > 2 * limit:
        keep = keep[np.argpartition(-sims[keep], 2 * limit - 1)[: 2 * limit]]
    out: dict[int, float] = {}
    for i in keep[np.argsort(-sims[keep], kind="stable")]:
        out.setdefault(int(held.ids[i]), float(sims[i]))
    return list(out.items())[:limit]
