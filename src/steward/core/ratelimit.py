"""A sliding-window limit per key, kept in memory: enough to stop one client stuffing a public form from
one process. Each `steward serve` process keeps its own counts."""

from __future__ import annotations

import threading
import time
from collections import deque


class WindowLimit:
    def __init__(self, limit: int, seconds: float, max_keys: int = 100_000) -> None:
        self.limit, self.seconds, self.max_keys = limit, seconds, max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str, now: float | None = None) -> int | None:
        """None when this hit is allowed (and counted); else the seconds until the key may try again."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) >= self.max_keys:  # a flood of new keys: forget the oldest half
                for stale in list(self._hits)[: self.max_keys // 2]:
                    del self._hits[stale]
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.seconds:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, int(hits[0] + self.seconds - now) + 1)
            hits.append(now)
            return None
