"""The published articles of a workspace nearest in meaning to a query: the cosine of the query's e5 vector to
every stored article vector (one matrix product), above FLOOR. Each workspace's vectors are read once and
kept per process under its version (how many vectors it has, its newest article and its articles' last
change), so a search reads two aggregates and embeds only the query; the cache holds at most
MAX_CACHED_VECTORS vectors over all workspaces (float32, 1.5 KB each), least recently used first out."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.domains.helpcenter.models import HelpArticle, HelpSearchDoc

# Cosine of the query's vector to an article's under which the article is not a candidate. A development
# figure: chosen on bench/data/help_queries.json (the set it is measured on), see bench/RESULTS.md, issue 20.
FLOOR = 0.84
MAX_CACHED_VECTORS = 60_000  # about 90 MB


@dataclass(frozen=True)
class _Vectors:
    version: tuple[Any, ...]
    ids: np.ndarray  # article ids, int64
    matrix: np.ndarray  # (len(ids), dim) float32, unit rows


_cache: OrderedDict[int, _Vectors] = OrderedDict()
_lock = threading.Lock()


def version(session: Session, workspace_id: int) -> tuple[Any, ...]:
    """Changes whenever a vector is stored or dropped, an article is added, edited, published or removed."""
    D, A = HelpSearchDoc, HelpArticle
    count, newest = session.execute(
        select(func.count(D.vector), func.max(D.article_id)).where(D.workspace_id == workspace_id)
    ).one()
    changed = session.scalar(select(func.max(A.updated_at)).where(A.workspace_id == workspace_id))
    return (int(count or 0), newest, str(changed))


def _load(session: Session, workspace_id: int, key: tuple[Any, ...]) -> _Vectors:
    D, A = HelpSearchDoc, HelpArticle
    query = (
        select(D.article_id, D.vector)
        .join(A, A.id == D.article_id)
        .where(D.workspace_id == workspace_id, A.workspace_id == workspace_id, A.status == "published")
        .where(D.vector.is_not(None))
        .order_by(D.article_id)
    )
    ids, rows = [], []
    for article_id, vector in session.execute(query):
        if vector is None:
            continue
        ids.append(int(article_id))
        rows.append(np.frombuffer(vector, dtype=np.float16))
    matrix = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 1), dtype=np.float32)
    return _Vectors(version=key, ids=np.asarray(ids, dtype=np.int64), matrix=matrix)


def vectors(session: Session, workspace_id: int) -> _Vectors | None:
    """The workspace's published article vectors (None when it has none), from the cache when current."""
    key = version(session, workspace_id)
    if key[0] == 0:
        return None
    with _lock:
        held = _cache.get(workspace_id)
        if held is not None and held.version == key:
            _cache.move_to_end(workspace_id)
            return held
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
    """(article id, cosine) of the `limit` nearest articles at or above `floor`, nearest first."""
    if held.matrix.shape[1] != query_vector.shape[0]:
        return []  # vectors of another model: none until they are recomputed
    sims = held.matrix @ query_vector.astype(np.float32)
    keep = np.flatnonzero(sims >= floor)
    if keep.size > limit:
        keep = keep[np.argpartition(-sims[keep], limit - 1)[:limit]]
    order = keep[np.argsort(-sims[keep], kind="stable")]
    return [(int(held.ids[i]), float(sims[i])) for i in order]
