"""The counts of core.ratelimit kept in Redis, for several `steward serve` processes: each check is one Lua
script, so it is atomic across processes, and Redis's own clock and key expiry time it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import redis

if TYPE_CHECKING:
    from steward.core.ratelimit import Backoff
    from steward.settings import Settings

# KEYS[1]: a sorted set of hit times (ms). ARGV: limit, window (ms), a unique member.
# Returns -1 when the hit is counted, else the milliseconds until the oldest hit leaves the window.
_WINDOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return -1
"""

# KEYS: a count key and a wait key per rule. ARGV: free, first wait (ms), max wait (ms), forget (ms) per rule.
# Returns 0 when the try is counted under every rule, else the longest wait left (ms), counting nothing.
_ADMIT = """
local longest = 0
for i = 2, #KEYS, 2 do
  longest = math.max(longest, redis.call('PTTL', KEYS[i]))
end
if longest > 0 then return longest end
for i = 1, #KEYS, 2 do
  local j = (i - 1) * 2
  local free, first, most = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2]), tonumber(ARGV[j + 3])
  local tries = redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], ARGV[j + 4])
  if tries >= free then
    local wait = math.floor(math.min(most, first * 2 ^ math.min(tries - free, 64)))
    if wait > 0 then redis.call('SET', KEYS[i + 1], 1, 'PX', wait) end
  end
end
return 0
"""

# KEYS: a count key and its wait key. ARGV: free. Takes back one try, and the wait once under `free`.
_UNDO = """
local tries = redis.call('DECR', KEYS[1])
if tries <= 0 then redis.call('DEL', KEYS[1], KEYS[2])
elseif tries < tonumber(ARGV[1]) then redis.call('DEL', KEYS[2]) end
return tries
"""


class RedisLimits:
    def __init__(self, url: str, prefix: str = "steward:limits") -> None:
        self.redis: redis.Redis = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self._window = self.redis.register_script(_WINDOW)
        self._admit = self.redis.register_script(_ADMIT)
        self._undo = self.redis.register_script(_UNDO)

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def window(self, key: str, limit: int, seconds: float) -> float | None:
        """None when the hit is counted; else the seconds until the key may hit again."""
        ms = self._window(keys=[self._key("window", key)], args=[limit, _ms(seconds), uuid.uuid4().hex])
        return None if int(ms) < 0 else int(ms) / 1000

    def admit(self, rules: Mapping[str, Backoff]) -> float | None:
        keys: list[str] = []
        args: list[Any] = []
        for key, rule in rules.items():
            keys += [self._key("tries", key), self._key("wait", key)]
            args += [rule.free, _ms(rule.first_wait), _ms(rule.max_wait), _ms(rule.forget)]
        ms = int(self._admit(keys=keys, args=args))
        return None if ms <= 0 else ms / 1000

    def reset(self, key: str) -> None:
        self.redis.delete(self._key("tries", key), self._key("wait", key))

    def undo(self, key: str, rule: Backoff) -> None:
        self._undo(keys=[self._key("tries", key), self._key("wait", key)], args=[rule.free])

    def clear(self) -> None:
        """Drop every key under this prefix (tests)."""
        for key in self.redis.scan_iter(f"{self.prefix}:*"):
            self.redis.delete(key)


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


@lru_cache(maxsize=4)
def _for_url(url: str) -> RedisLimits:
    return RedisLimits(url)


def from_settings(settings: Settings | None = None) -> RedisLimits | None:
    """The shared counts of production mode (STEWARD_REDIS_URL), or None: each process counts alone."""
    if settings is None:
        from steward.settings import get_settings

        settings = get_settings()
    return _for_url(settings.redis_url) if settings.redis_url else None
