"""The machine's real Redis for tests: a missing server fails the test (start it) rather than skipping it."""

from __future__ import annotations

import uuid

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/0"


def require_redis(*, decode_responses: bool = False) -> redis.Redis:
    client: redis.Redis = redis.Redis.from_url(REDIS_URL, decode_responses=decode_responses)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not answering at {REDIS_URL}: start it (redis-server) rather than skip this")
    return client


def unique_prefix() -> str:
    """A key prefix of this test's own, so runs never see each other's keys."""
    return f"steward-test-{uuid.uuid4().hex[:8]}"
