"""Publish/subscribe for live connections (chat): events published on a topic reach every subscriber of that
topic in every `steward serve` process through Redis pub/sub when a Redis URL is given, or in this process
only (embedded mode). Also who is present in a group (agents online), shared through a Redis sorted set."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections import defaultdict
from typing import Any

import redis.asyncio as aioredis

log = logging.getLogger(__name__)

# A subscriber that falls this far behind is dropped (its queue closed) rather than held in memory.
QUEUE_SIZE = 256
# Presence expires unless refreshed: a process that died leaves no agent "online" for longer than this.
PRESENCE_SECONDS = 60.0
CLOSED: dict[str, Any] = {"type": "_closed"}


class Subscription:
    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)

    def deliver(self, event: dict[str, Any]) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:  # too slow to read: tell it, once there is room, that it was dropped
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
            self.queue.put_nowait(CLOSED)


class Fanout:
    """One per process and event loop; `start()` before use, `stop()` at shutdown."""

    def __init__(self, redis_url: str | None, namespace: str = "steward") -> None:
        self.redis_url = redis_url
        self.namespace = namespace
        self._local: dict[str, set[Subscription]] = defaultdict(set)
        self._present: dict[str, dict[str, float]] = defaultdict(dict)
        self._redis: aioredis.Redis | None = None
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.redis_url and self._redis is None:
            self._redis = aioredis.Redis.from_url(self.redis_url, decode_responses=True)
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            await pubsub.psubscribe(f"{self.namespace}:topic:*")
            self._listener = asyncio.create_task(self._listen(pubsub))

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
            self._listener = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    @property
    def shared(self) -> bool:
        return self._redis is not None

    def subscribe(self, topic: str) -> Subscription:
        sub = Subscription(topic)
        self._local[topic].add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        subs = self._local.get(sub.topic)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._local[sub.topic]

    async def publish(self, topic: str, event: dict[str, Any]) -> None:
        if self._redis is None:
            self._dispatch(topic, event)
            return
        await self._redis.publish(f"{self.namespace}:topic:{topic}", json.dumps(event, default=str))

    def _dispatch(self, topic: str, event: dict[str, Any]) -> None:
        for sub in list(self._local.get(topic, ())):
            sub.deliver(event)

    async def _listen(self, pubsub: Any) -> None:
        prefix = f"{self.namespace}:topic:"
        while True:
            try:
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        self._dispatch(message["channel"][len(prefix) :], json.loads(message["data"]))
            except asyncio.CancelledError:
                await pubsub.aclose()
                raise
            except Exception:  # a dropped Redis connection: subscribe again after a pause
                log.exception("fan-out listener lost Redis; retrying")
                await asyncio.sleep(1)
                with contextlib.suppress(Exception):
                    await pubsub.psubscribe(f"{self.namespace}:topic:*")

    # Presence: members of a group (agents of a workspace), each refreshed while connected.
    async def join(self, group: str) -> str:
        member = uuid.uuid4().hex
        await self.refresh(group, member)
        return member

    async def refresh(self, group: str, member: str) -> None:
        expires = time.time() + PRESENCE_SECONDS
        if self._redis is None:
            self._present[group][member] = expires
            return
        key = f"{self.namespace}:present:{group}"
        await self._redis.zadd(key, {member: expires})
        await self._redis.expire(key, int(PRESENCE_SECONDS) + 5)

    async def leave(self, group: str, member: str) -> None:
        if self._redis is None:
            self._present[group].pop(member, None)
            return
        await self._redis.zrem(f"{self.namespace}:present:{group}", member)

    async def count(self, group: str) -> int:
        now = time.time()
        if self._redis is None:
            members = self._present[group]
            for gone in [m for m, until in members.items() if until < now]:
                del members[gone]
            return len(members)
        key = f"{self.namespace}:present:{group}"
        await self._redis.zremrangebyscore(key, "-inf", now)
        return int(await self._redis.zcard(key))
