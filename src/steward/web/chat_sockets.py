"""The live chat WebSockets: `/chat/ws` for the customer's widget (widget key and user hash; it also asks for
help-center articles matching the first message being typed) and `/chat/agent/ws` for agents (staff session
cookie, agent role, same-origin). Each frame is JSON; bad frames are answered with
{"type": "error", "detail": [{"loc", "msg", "type"}]}. Limits per connection: frame size, message rate (over
it, frames are refused, then the socket is closed) and idle time. Database work runs in the threadpool, never
on the event loop. When a customer's last connection closes, their open chat is marked as left (the
`chat-abandoned` job closes it into a ticket if they do not come back)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from steward.core.db import unit_of_work
from steward.core.errors import DomainError
from steward.core.fanout import CLOSED, Fanout, Subscription
from steward.core.roles import Role
from steward.domains.chat import live, service
from steward.domains.chat.schemas import (
    AgentEnd,
    AgentFrame,
    AgentMessage,
    AgentRead,
    AgentTransfer,
    AgentTyping,
    CustomerFrame,
    CustomerMessage,
    CustomerRating,
    CustomerRead,
    CustomerSolved,
    CustomerSuggest,
    Typing,
)
from steward.domains.users import service as users_service
from steward.domains.users import twofactor
from steward.domains.workspaces import service as workspaces_service
from steward.settings import Settings
from steward.web import chat_actions
from steward.web.ui.session import SESSION_COOKIE

router = APIRouter()
CUSTOMER_FRAMES: TypeAdapter[Any] = TypeAdapter(CustomerFrame)
AGENT_FRAMES: TypeAdapter[Any] = TypeAdapter(AgentFrame)
POLICY = 1008  # RFC 6455: policy violation (bad identity, flood)
TOO_BIG = 1009
IDLE = 4408  # ours: nothing received for too long


@dataclass
class ChatLimits:
    """Per connection. The widget pings every 25 s, so a live one is never idle; one that never sends is
    closed after `idle_seconds`."""

    max_frame_bytes: int = 16_384
    rate_per_second: float = 2.0
    burst: int = 20
    strikes: int = 10  # refused frames before the socket is closed
    idle_seconds: float = 60.0
    recheck_seconds: float = 20.0  # an agent's session is looked up again (signed out or revoked: closed)


class Flood:
    """A token bucket: `burst` frames at once, `rate_per_second` after."""

    def __init__(self, limits: ChatLimits) -> None:
        self.limits, self.tokens, self.at, self.refused = limits, float(limits.burst), time.monotonic(), 0

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.limits.burst, self.tokens + (now - self.at) * self.limits.rate_per_second)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        self.refused += 1
        return False


def agents_group(workspace_id: int) -> str:
    return f"chat-agents:{workspace_id}"


def agents_topic(workspace_id: int) -> str:
    return f"chat-agents:{workspace_id}"


def contact_topic(contact_id: int) -> str:
    return f"chat-contact:{contact_id}"


def customers_group(contact_id: int) -> str:
    """The contact's open widget connections, in every server process (presence, like the agents')."""
    return f"chat-customer:{contact_id}"


def _error(loc: list[Any], msg: str, kind: str) -> dict[str, Any]:
    return {"type": "error", "detail": [{"loc": loc, "msg": msg, "type": kind}]}


def _domain_error(exc: DomainError) -> dict[str, Any]:
    return {
        "type": "error",
        "detail": [{"loc": list(i.loc), "msg": i.msg, "type": i.type} for i in exc.details()],
    }


def _validation_error(exc: ValidationError) -> dict[str, Any]:
    items = exc.errors(include_url=False, include_input=False, include_context=False)
    return {
        "type": "error",
        "detail": [{"loc": ["frame", *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in items],
    }


def _in_session(fn: Callable[..., Any], /, **kwargs: Any) -> Awaitable[Any]:
    """Run a service call in its own transaction on the threadpool."""

    def work() -> Any:
        with unit_of_work() as session:
            return fn(session=session, **kwargs)

    return run_in_threadpool(work)


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json")


async def _frames(ws: WebSocket, limits: ChatLimits, flood: Flood) -> Any:
    """Yield parsed JSON frames; closes the socket (and stops) on idle, oversize or flood."""
    while True:
        try:
            raw = await asyncio.wait_for(ws.receive(), timeout=limits.idle_seconds)
        except TimeoutError:
            await _send(ws, _error(["socket"], f"nothing received for {limits.idle_seconds:g} s", "idle"))
            await ws.close(IDLE)
            return
        except RuntimeError:  # the pump closed the socket (a subscriber too slow to read) under us
            return
        if raw["type"] == "websocket.disconnect":
            return
        text = raw.get("text")
        if text is None:
            text = (raw.get("bytes") or b"").decode("utf-8", "replace")
        if len(text.encode()) > limits.max_frame_bytes:
            await _send(
                ws, _error(["frame"], f"a frame holds at most {limits.max_frame_bytes} bytes", "too_large")
            )
            await ws.close(TOO_BIG)
            return
        if not flood.allow():
            if flood.refused >= limits.strikes:
                await _send(ws, _error(["frame"], "too many frames: connection closed", "too_many"))
                await ws.close(POLICY)
                return
            await _send(ws, _error(["frame"], "too many frames: slow down", "too_many"))
            continue
        try:
            yield json.loads(text)
        except ValueError:
            await _send(ws, _error(["frame"], "frames are JSON objects", "json_invalid"))


async def _send(ws: WebSocket, event: dict[str, Any]) -> None:
    with contextlib.suppress(Exception):  # the peer may be gone; its reader notices
        await ws.send_text(json.dumps(event, default=str))


async def _pump(ws: WebSocket, sub: Subscription) -> None:
    """Forward the topic's events to the socket until cancelled, or close it when it fell too far behind
    (the subscription's queue is bounded: a client that does not read costs no more memory than that)."""
    while True:
        event = await sub.queue.get()
        if event is CLOSED:
            await ws.close(POLICY)
            return
        await ws.send_text(json.dumps(event, default=str))


async def _with_pump(ws: WebSocket, fan: Fanout, topic: str, body: Callable[[], Awaitable[None]]) -> None:
    sub = fan.subscribe(topic)
    pump = asyncio.create_task(_pump(ws, sub))
    try:
        await body()
    except WebSocketDisconnect:
        pass
    finally:
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await pump
        fan.unsubscribe(sub)


def _state(ws: WebSocket) -> tuple[Fanout, ChatLimits]:
    return ws.app.state.chat_fanout, ws.app.state.chat_limits


@router.websocket("/chat/ws")
async def customer_socket(ws: WebSocket, key: str = "", user: str = "", hash: str = "") -> None:
    fan, limits = _state(ws)
    await ws.accept()
    try:
        visitor = await _in_session(
            service.identify, public_key=key[:100], user_id=user[:300], hash_=hash[:200]
        )
    except DomainError as exc:
        await _send(ws, _domain_error(exc))
        await ws.close(POLICY)
        return
    present = customers_group(visitor.contact_id)
    member = await fan.join(present)
    await _in_session(service.customer_back, visitor=visitor)
    conv, messages = await _in_session(service.current, visitor=visitor)
    online = await _agents_available(fan, visitor.workspace_id)
    await _send(
        ws,
        {
            "type": "hello",
            "conversation": _dump(conv) if conv else None,
            "messages": [_dump(m) for m in messages],
            "online": online,
        },
    )
    flood = Flood(limits)
    form = Suggesting()

    async def read() -> None:
        beat = time.monotonic()
        async for frame in _frames(ws, limits, flood):
            if time.monotonic() - beat >= limits.recheck_seconds:  # the widget's pings keep it present
                beat = time.monotonic()
                await fan.refresh(present, member)
            try:
                parsed = CUSTOMER_FRAMES.validate_python(frame)
                await _customer_frame(fan, ws, visitor, parsed, form)
            except ValidationError as exc:
                await _send(ws, _validation_error(exc))
            except DomainError as exc:
                await _send(ws, _domain_error(exc))

    try:
        await _with_pump(ws, fan, contact_topic(visitor.contact_id), read)
    finally:  # noted even when the handler is cancelled (server shutdown): the cleanup runs on its own task
        await asyncio.shield(_gone(fan, present, member, visitor))


async def _gone(fan: Fanout, present: str, member: str, visitor: service.Visitor) -> None:
    await fan.leave(present, member)
    if await fan.count(present) == 0:  # their last connection, in any server process: the chat is left
        await _in_session(service.customer_left, visitor=visitor)


async def _agents_available(fan: Fanout, workspace_id: int) -> bool:
    if await fan.count(agents_group(workspace_id)) == 0:
        return False
    return bool(await _in_session(service.within_hours, workspace_id=workspace_id))


@dataclass
class Suggesting:
    """A widget connection's deflection form (helpcenter.deflection, chat channel): its token is made with the
    first suggestion, and settled by the visitor's next message (submitted) or by their 'this answered my
    question' (solved); suggestions after that start a new form."""

    token: str | None = None

    def take(self) -> str | None:
        token, self.token = self.token, None
        return token


async def _customer_frame(
    fan: Fanout, ws: WebSocket, visitor: service.Visitor, frame: Any, form: Suggesting
) -> None:
    ws_id, me = visitor.workspace_id, contact_topic(visitor.contact_id)
    if isinstance(frame, CustomerSuggest):
        form.token = form.token or chat_actions.suggestion_form(visitor)
        items = await _in_session(
            chat_actions.suggest, visitor=visitor, text=frame.text, language=frame.language, form=form.token
        )
        await _send(ws, {"type": "suggestions", "text": frame.text, "items": items})
    elif isinstance(frame, CustomerSolved):
        token = form.take()
        settled = 0
        if token is not None:
            settled = await _in_session(
                chat_actions.settle_suggestions, visitor=visitor, form=token, solved=True
            )
        await _send(ws, {"type": "solved", "deflected": settled})
    elif isinstance(frame, CustomerMessage):
        online = await fan.count(agents_group(ws_id)) > 0
        posted = await _in_session(
            service.post_customer_message, visitor=visitor, data=frame, agents_online=online
        )
        token = form.take()
        if token is not None:  # the articles read did not stop the message
            await _in_session(chat_actions.settle_suggestions, visitor=visitor, form=token, solved=False)
        event = {
            "type": "message",
            "conversation": _dump(posted.conversation),
            "message": _dump(posted.message),
        }
        await fan.publish(me, event)
        await fan.publish(agents_topic(ws_id), event)
        if posted.offline_ticket_id is not None:
            await _send(ws, {"type": "offline", "ticket_id": posted.offline_ticket_id})
    elif isinstance(frame, Typing):
        conv, _ = await _in_session(service.current, visitor=visitor)
        if conv is not None:
            await fan.publish(
                agents_topic(ws_id), {"type": "typing", "conversation_id": conv.id, "author": "customer"}
            )
    elif isinstance(frame, CustomerRead):
        conv, _ = await _in_session(service.current, visitor=visitor)
        if conv is None:
            await _send(ws, _error(["frame", "message_id"], "no conversation is open", "not_found"))
            return
        read = await _in_session(
            service.mark_read,
            workspace_id=ws_id,
            conversation_id=conv.id,
            message_id=frame.message_id,
            side="customer",
        )
        await fan.publish(
            agents_topic(ws_id), {"type": "read", "side": "customer", "conversation": _dump(read)}
        )
    elif isinstance(frame, CustomerRating):
        ticket_id = await _in_session(
            chat_actions.rate,
            visitor=visitor,
            conversation_id=frame.conversation_id,
            rating=frame.rating,
            comment=frame.comment,
        )
        await _send(ws, {"type": "rated", "ticket_id": ticket_id})
    # ping: nothing to do; it only keeps the socket from idling out


@router.websocket("/chat/agent/ws")
async def agent_socket(ws: WebSocket) -> None:
    fan, limits = _state(ws)
    await ws.accept()
    origin = ws.headers.get("origin")
    if origin and urlsplit(origin).netloc != ws.headers.get("host", ""):
        await _send(ws, _error(["header", "Origin"], "cross-site WebSocket refused", "forbidden"))
        await ws.close(POLICY)
        return
    token = ws.cookies.get(SESSION_COOKIE)
    agent = await run_in_threadpool(_agent, token)
    if isinstance(agent, dict):
        await _send(ws, agent)
        await ws.close(POLICY)
        return
    user_id, ws_id = agent
    member = await fan.join(agents_group(ws_id))
    flood = Flood(limits)
    rows = await _in_session(live.live_conversations, workspace_id=ws_id)
    await _send(ws, {"type": "hello", "conversations": [_dump(r) for r in rows]})

    async def read() -> None:
        beat = time.monotonic()
        async for frame in _frames(ws, limits, flood):
            if time.monotonic() - beat >= limits.recheck_seconds:  # still signed in? then still present
                beat = time.monotonic()
                still = await run_in_threadpool(_agent, token)
                if isinstance(still, dict):
                    await _send(ws, still)
                    await ws.close(POLICY)
                    return
                await fan.refresh(agents_group(ws_id), member)
            try:
                await _agent_frame(fan, ws_id, user_id, AGENT_FRAMES.validate_python(frame))
            except ValidationError as exc:
                await _send(ws, _validation_error(exc))
            except DomainError as exc:
                await _send(ws, _domain_error(exc))

    try:
        await _with_pump(ws, fan, agents_topic(ws_id), read)
    finally:
        await fan.leave(agents_group(ws_id), member)


def _agent(token: str | None) -> tuple[int, int] | dict[str, Any]:
    """(user id, workspace id) of a signed-in agent (or higher role), else the error frame to send."""
    if not token:
        return _error(["cookie", SESSION_COOKIE], "sign in to Steward first", "unauthorized")
    with unit_of_work() as session:
        found = users_service.resolve_web_session(session=session, token=token)
        if found is None:
            return _error(["cookie", SESSION_COOKIE], "the session is unknown or expired", "unauthorized")
        user, _ = found
        if not Role(user.role).allows(Role.agent):
            return _error([], f"live chat needs the agent role or higher; you are {user.role}", "forbidden")
        settings = workspaces_service.get_workspace(session=session, workspace_id=user.workspace_id).settings
        if (settings or {}).get(twofactor.REQUIRE_SETTING) and not twofactor.is_enabled(
            session=session, user_id=user.id
        ):
            return _error([], "set up two-factor sign-in first", "forbidden")
        return user.id, user.workspace_id


async def _agent_frame(fan: Fanout, ws_id: int, user_id: int, frame: Any) -> None:
    topic = agents_topic(ws_id)
    if isinstance(frame, AgentMessage):
        posted = await _in_session(
            service.post_agent_message, workspace_id=ws_id, agent_id=user_id, data=frame
        )
        event = {
            "type": "message",
            "conversation": _dump(posted.conversation),
            "message": _dump(posted.message),
        }
        await _to_both(fan, topic, posted.conversation.contact_id, event)
    elif isinstance(frame, AgentTyping):
        conv = await _in_session(
            service.conversation, workspace_id=ws_id, conversation_id=frame.conversation_id
        )
        event = {"type": "typing", "conversation_id": conv.id, "author": "agent"}
        await _to_both(fan, topic, conv.contact_id, event)
    elif isinstance(frame, AgentRead):
        conv = await _in_session(
            service.mark_read,
            workspace_id=ws_id,
            conversation_id=frame.conversation_id,
            message_id=frame.message_id,
            side="agent",
        )
        await _to_both(
            fan, topic, conv.contact_id, {"type": "read", "side": "agent", "conversation": _dump(conv)}
        )
    elif isinstance(frame, AgentTransfer):
        conv, note = await _in_session(
            chat_actions.transfer,
            workspace_id=ws_id,
            conversation_id=frame.conversation_id,
            team_id=frame.team_id,
            agent_id=user_id,
        )
        event = {"type": "message", "conversation": _dump(conv), "message": _dump(note)}
        await _to_both(fan, topic, conv.contact_id, event)
    elif isinstance(frame, AgentEnd):
        ended, scale = await _in_session(
            chat_actions.end, workspace_id=ws_id, conversation_id=frame.conversation_id, agent_id=user_id
        )
        event = {
            "type": "ended",
            "conversation": _dump(ended.conversation),
            "ticket_id": ended.ticket_id,
            "csat_scale": list(scale),
        }
        await _to_both(fan, topic, ended.conversation.contact_id, event)


async def _to_both(fan: Fanout, agents: str, contact_id: int | None, event: dict[str, Any]) -> None:
    await fan.publish(agents, event)
    if contact_id is not None:
        await fan.publish(contact_topic(contact_id), event)


def fanout(settings: Settings) -> Fanout:
    """The process's fan-out; its Redis channels are named after the database, so servers sharing a database
    talk to each other and no others (tests on one Redis with their own databases stay apart)."""
    namespace = "steward:chat:" + hashlib.sha256(settings.resolved_database_url.encode()).hexdigest()[:12]
    return Fanout(settings.redis_url, namespace)
