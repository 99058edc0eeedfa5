"""The help center in the background: published articles without text-analytics embeddings get them (their
title, and title with text), so search can find articles by meaning. The embedding (seconds for a batch,
more while the model loads) is computed between two short transactions, read then store, never holding a
write lock."""

from __future__ import annotations

import logging

from steward.analytics import text
from steward.core.db import unit_of_work
from steward.domains.helpcenter import finder

log = logging.getLogger(__name__)
BATCH = 64


def embed_published(batch: int = BATCH) -> int:
    """Embeds up to `batch` published articles that have no vector yet (every workspace); returns how many
    were stored. An article edited meanwhile keeps no stale vector: its terms were re-indexed without one."""
    with unit_of_work() as s:
        waiting = finder.unembedded(session=s, limit=batch)
    if not waiting:
        return 0
    vectors = text.embed([t for _, _, texts in waiting for t in texts])
    items, at = [], 0
    for article_id, digest, texts in waiting:
        items.append((article_id, digest, vectors[at : at + len(texts)]))
        at += len(texts)
    with unit_of_work() as s:
        return finder.store_vectors(session=s, items=items)
