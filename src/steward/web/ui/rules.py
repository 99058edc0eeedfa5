"""The rules pages: every rule with its trigger, actions and last run; a rule's page with what it
matches now (and why) and its run log; managers switch rules on and off and run them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from steward.core.errors import DomainError, Forbidden
from steward.core.roles import Role
from steward.domains.rules import service as rules_service
from steward.domains.rules.schemas import RuleCreate, RuleFields
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
MANAGE = Role.manager


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    ws = user.workspace_id
    rules = rules_service.list_rules(session=s, workspace_id=ws)
    last = {
        r.id: next(iter(rules_service.runs(session=s, workspace_id=ws, rule_id=r.id, limit=1)), None)
        for r in rules
    }
    context: dict[str, Any] = {"user": user, "rules": rules, "last": last, "can_manage": user.can(MANAGE)}
    return templates.TemplateResponse(request, "rules.html", context)


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(rule_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    return _render(request, s, user, rule_id)


def _render(
    request: Request, s: SessionDep, user: UiUser, rule_id: int, error: str | None = None
) -> HTMLResponse:
    ws = user.workspace_id
    rule = rules_service.get_rule(session=s, workspace_id=ws, rule_id=rule_id)
    fields = RuleFields(**rule.model_dump(include={"trigger", "conditions", "actions"}))
    context: dict[str, Any] = {
        "user": user, "rule": rule, "error": error, "can_manage": user.can(MANAGE),
        "preview": rules_service.preview(session=s, workspace_id=ws, data=fields),
        "runs": rules_service.runs(session=s, workspace_id=ws, rule_id=rule_id, limit=20),
    }  # fmt: skip
    return templates.TemplateResponse(request, "rule.html", context, status_code=422 if error else 200)


@router.post("/rules/{rule_id}/act", response_model=None)
def act(
    rule_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Switch the rule on or off, or run it now."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(MANAGE):
        raise Forbidden("switching and running rules needs the manager role or higher")
    ws = user.workspace_id
    rule = rules_service.get_rule(session=s, workspace_id=ws, rule_id=rule_id)
    try:
        if action in ("enable", "disable"):
            body = RuleCreate(
                **rule.model_dump(exclude={"id", "created_at", "updated_at"})
                | {"enabled": action == "enable"}
            )
            rules_service.replace_rule(session=s, workspace_id=ws, rule_id=rule_id, data=body)
        elif action == "run":
            rules_service.run_now(session=s, workspace_id=ws, rule_id=rule_id)
    except DomainError as exc:
        return _render(request, s, user, rule_id, error=exc.msg)
    return RedirectResponse(f"/rules/{rule_id}", status_code=303)
