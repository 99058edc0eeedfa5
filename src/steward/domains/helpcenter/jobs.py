"""The help center in the background: published articles without a text-analytics embedding get one, so
search can re-rank by meaning. The embedding (seconds for a batch, more while the model loads) is computed
between two short transactions, read then store, never holding a write lock."""

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
    vectors = text.embed([passage for _, _, passage in waiting])
    with unit_of_work() as s:
        return finder.store_vectors(
            session=s, items=[(a, d, v) for (a, d, _), v in zip(waiting, vectors, strict=True)]
        )
