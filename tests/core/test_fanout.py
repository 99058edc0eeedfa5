"""The live chat fan-out: topics reach only their subscribers, a subscriber too slow to read is dropped with a
closing event, presence expires; and two fan-outs on the machine's real Redis (two processes' worth) share
events and presence within their namespace and not outside it."""

from __future__ import annotations

import asyncio

import pytest

from steward.core import fanout
from steward.core.fanout import CLOSED, Fanout
from tests.factories.live_redis import REDIS_URL, require_redis, unique_prefix


def test_in_process_topics_overflow_and_presence(monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> None:
        fan = Fanout(None)
        await fan.start()
        mine, other = fan.subscribe("a"), fan.subscribe("b")
        await fan.publish("a", {"type": "message", "n": 1})
        assert mine.queue.get_nowait() == {"type": "message", "n": 1}
        assert other.queue.empty()
        for n in range(fanout.QUEUE_SIZE + 5):  # nobody reads: the last slot says it was dropped
            await fan.publish("a", {"n": n})
        drained = [mine.queue.get_nowait() for _ in range(mine.queue.qsize())]
        assert drained[-1] is CLOSED and len(drained) == fanout.QUEUE_SIZE
        fan.unsubscribe(mine)
        await fan.publish("a", {"n": "after"})
        assert mine.queue.empty()

        member = await fan.join("agents")
        assert await fan.count("agents") == 1
        await fan.leave("agents", member)
        assert await fan.count("agents") == 0
        monkeypatch.setattr(fanout, "PRESENCE_SECONDS", -1.0)  # a member never refreshed has gone
        await fan.join("agents")
        assert await fan.count("agents") == 0
        await fan.stop()

    asyncio.run(scenario())


def test_two_fanouts_share_events_and_presence_through_redis() -> None:
    require_redis()
    namespace = unique_prefix()

    async def scenario() -> None:
        one, two = Fanout(REDIS_URL, namespace), Fanout(REDIS_URL, namespace)
        stranger = Fanout(REDIS_URL, unique_prefix())  # another deployment on the same Redis
        for f in (one, two, stranger):
            await f.start()
        try:
            heard, unheard = two.subscribe("chat-agents:1"), stranger.subscribe("chat-agents:1")
            await asyncio.sleep(0.2)  # the listeners' subscriptions are in place
            await one.publish("chat-agents:1", {"type": "message", "body": "hi"})
            assert await asyncio.wait_for(heard.queue.get(), 5) == {"type": "message", "body": "hi"}
            member = await one.join("chat-agents:1")
            assert await two.count("chat-agents:1") == 1
            assert await stranger.count("chat-agents:1") == 0
            await one.leave("chat-agents:1", member)
            assert await two.count("chat-agents:1") == 0
            await asyncio.sleep(0.2)
            assert unheard.queue.empty()
        finally:
            for f in (one, two, stranger):
                await f.stop()

    asyncio.run(scenario())
