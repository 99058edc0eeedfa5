"""HTTP routes of live chat: the widget key and office hours, the live queue and a conversation's messages.
The chat itself runs over the WebSockets of web/chat_sockets.py."""

from __future__ import annotations

from fastapi import APIRouter

from steward.core.roles import Role
from steward.domains.chat import live, service
from steward.domains.chat.schemas import ChatSettings, ChatSettingsRead, LiveConversation, MessageRead
from steward.web.deps import Admin, Agent, PathId, SessionDep

router = APIRouter(prefix="/chat", tags=["chat"])


@router.get("/settings", response_model=ChatSettingsRead)
def get_settings(s: SessionDep, p: Agent) -> ChatSettingsRead:
    """The widget's public key and office hours; admins also get the secret user hashes are made with."""
    return service.settings(session=s, workspace_id=p.workspace_id, reveal_secret=p.role.allows(Role.admin))


@router.put("/settings", response_model=ChatSettingsRead)
def put_settings(body: ChatSettings, s: SessionDep, p: Admin) -> ChatSettingsRead:
    return service.set_settings(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/conversations", response_model=list[LiveConversation])
def live_conversations(s: SessionDep, p: Agent) -> list[LiveConversation]:
    """Open conversations, oldest first, with each account's health and ARR."""
    return live.live_conversations(session=s, workspace_id=p.workspace_id)


@router.get("/conversations/{conversation_id}/messages", response_model=list[MessageRead])
def messages(conversation_id: PathId, s: SessionDep, p: Agent) -> list[MessageRead]:
    return service.transcript(session=s, workspace_id=p.workspace_id, conversation_id=conversation_id)
