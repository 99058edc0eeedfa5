"""Limits on how often one client may do something: a sliding window (public forms) and an exponential
back-off over failed tries (logins). Counts are kept in Redis when STEWARD_REDIS_URL is set, so every
`steward serve` process shares them; otherwise in this process's memory (embedded mode, one process)."""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from steward.core.shared_limits import RedisLimits, from_settings

Shared = Callable[[], RedisLimits | None]


def address_key(address: str) -> str:
    """The unit a client address is counted by: an IPv4 address, or the /64 an IPv6 host is given (its
    owner can pick any address inside it)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def whole_seconds(wait: float) -> int:
    """A wait as Retry-After says it: whole seconds, rounded up, at least one."""
    return max(1, math.ceil(wait))


class WindowLimit:
    def __init__(
        self, limit: int, seconds: float, max_keys: int = 100_000, shared: Shared = from_settings
    ) -> None:
        self.limit, self.seconds, self.max_keys, self.shared = limit, seconds, max_keys, shared
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str, now: float | None = None) -> int | None:
        """None when this hit is allowed (and counted); else the seconds until the key may try again."""
        redis = self.shared()
        if redis is not None:
            wait = redis.window(key, self.limit, self.seconds)
            return None if wait is None else whole_seconds(wait)
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


@dataclass(frozen=True)
class Backoff:
    """`free` tries, then a wait of `first_wait` seconds that doubles with each further try, up to
    `max_wait`; the count starts again after `forget` seconds without a try."""

    free: int
    first_wait: float
    max_wait: float
    forget: float

    def __post_init__(self) -> None:
        if self.forget < self.max_wait:  # a count forgotten while its wait runs would end the wait early
            raise ValueError("forget must be at least max_wait")

    def wait(self, tries: int) -> float:
        if tries < self.free:
            return 0.0
        return min(self.max_wait, self.first_wait * 2.0 ** min(tries - self.free, 64))


@dataclass
class _Count:
    tries: int = 0
    last: float = 0.0
    until: float = 0.0


class Tries:
    """Tries counted under several keys at once, each with its own Backoff. A try is counted before it is
    made (so requests fired together cannot all slip through before the first failure is recorded); a try
    that turns out right is then reset or undone."""

    def __init__(
        self, name: str, max_keys: int = 100_000, shared: Shared = from_settings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self.name, self.max_keys, self.shared, self.clock = name, max_keys, shared, clock
        self._counts: dict[str, _Count] = {}
        self._lock = threading.Lock()

    def admit(self, rules: Mapping[str, Backoff]) -> int | None:
        """None when the try may go ahead (it is counted under every key); else the seconds until it may,
        and nothing is counted, so refused tries do not lengthen the wait."""
        keys = {f"{self.name}:{key}": rule for key, rule in rules.items()}
        redis = self.shared()
        if redis is not None:
            wait = redis.admit(keys)
            return None if wait is None else whole_seconds(wait)
        now = self.clock()
        with self._lock:
            counts = [self._count(key, rule, now) for key, rule in keys.items()]
            longest = max(c.until - now for c in counts)
            if longest > 0:
                return whole_seconds(longest)
            for count, rule in zip(counts, keys.values(), strict=True):
                count.tries += 1
                count.last = now
                count.until = now + rule.wait(count.tries)
            return None

    def reset(self, key: str) -> None:
        """Forget every try under this key."""
        full = f"{self.name}:{key}"
        redis = self.shared()
        if redis is not None:
            redis.reset(full)
            return
        with self._lock:
            self._counts.pop(full, None)

    def undo(self, key: str, rule: Backoff) -> None:
        """Take back one try counted under this key (it was right), and its wait if it no longer applies."""
        full = f"{self.name}:{key}"
        redis = self.shared()
        if redis is not None:
            redis.undo(full, rule)
            return
        with self._lock:
            count = self._counts.get(full)
            if count is not None:
                count.tries = max(0, count.tries - 1)
                if count.tries < rule.free:
                    count.until = 0.0

    def _count(self, key: str, rule: Backoff, now: float) -> _Count:
        count = self._counts.get(key)
        if count is None or now - count.last > rule.forget:
            if len(self._counts) >= self.max_keys:  # a flood of new keys: forget the oldest half
                for stale in list(self._counts)[: self.max_keys // 2]:
                    del self._counts[stale]
            count = self._counts[key] = _Count()
        return count
