"""The agents' live chat page: open conversations with each account's health and ARR, the chat itself
(over /chat/agent/ws, see web/chat_sockets.py), canned responses, transfer to a team, end."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from steward.core.errors import Forbidden
from steward.core.roles import Role
from steward.domains.chat import live
from steward.domains.chat import service as chat_service
from steward.domains.chat.schemas import LiveConversation, MessageRead
from steward.domains.tickets import canned
from steward.domains.tickets import setup as tickets_setup
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import CurrentUiUser
from steward.web.ui.templating import templates

router = APIRouter()


@router.get("/chat", response_class=HTMLResponse)
def chat_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _require_agent(user.role)
    ws = user.workspace_id
    context: dict[str, Any] = {
        "user": user,
        "rows": live.live_conversations(session=s, workspace_id=ws),
        "canned": canned.list_canned(session=s, workspace_id=ws),
        "teams": tickets_setup.teams(session=s, workspace_id=ws),
    }
    return templates.TemplateResponse(request, "chat.html", context)


@router.get("/chat/live.json", response_model=list[LiveConversation])
def live_json(s: SessionDep, user: CurrentUiUser) -> list[LiveConversation]:
    _require_agent(user.role)
    return live.live_conversations(session=s, workspace_id=user.workspace_id)


@router.get("/chat/{conversation_id}/messages.json", response_model=list[MessageRead])
def messages_json(conversation_id: PathId, s: SessionDep, user: CurrentUiUser) -> list[MessageRead]:
    _require_agent(user.role)
    return chat_service.transcript(session=s, workspace_id=user.workspace_id, conversation_id=conversation_id)


def _require_agent(role: Role) -> None:
    if not role.allows(Role.agent):
        raise Forbidden("live chat needs the agent role or higher")
