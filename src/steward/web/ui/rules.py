"""The rules pages: every rule with its trigger, actions and last run; a rule's page with its run log
(what it matches now, and why, is fetched after load); managers switch rules on and off and run them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.analytics.rules import FIELDS, OPS
from steward.core.errors import DomainError, Forbidden
from steward.core.roles import Role
from steward.core.schemas import MAX_ID
from steward.domains.rules import service as rules_service
from steward.domains.rules.schemas import Preview, RuleCreate, RuleFields
from steward.domains.users import service as users_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui import admin_labels
from steward.web.ui.form_errors import FormError, first_error, from_pydantic
from steward.web.ui.i18n import gettext_for
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


EXAMPLE: dict[str, Any] = {
    "trigger": {"kind": "health_grade", "grades": ["red"]},
    "conditions": [{"field": "arr", "op": "gte", "value": 10000}],
    "actions": [
        {
            "kind": "create_cta",
            "type": "risk",
            "reason": "Health is red",
            "priority": "high",
            "due_in_days": 5,
        }
    ],
}


@router.get("/rules/new", response_class=HTMLResponse)
def new_rule(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _can_manage(user)
    return _editor(request, s, user, None, "", json.dumps(EXAMPLE, indent=2), False)


@router.get("/rules/{rule_id}/edit", response_class=HTMLResponse)
def edit_rule(rule_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _can_manage(user)
    rule = rules_service.get_rule(session=s, workspace_id=user.workspace_id, rule_id=rule_id)
    text = json.dumps(rule.model_dump(mode="json", include={"trigger", "conditions", "actions"}), indent=2)
    return _editor(request, s, user, rule_id, rule.name, text, rule.enabled)


@router.post("/rules/editor/preview", response_model=Preview)
def live_preview(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    body: Annotated[Any, Body()] = None,
    x_csrf_token: Annotated[str, Header(max_length=200)] = "",
) -> Preview:
    """The builder's live preview: the same read-only preview as POST /api/v1/rules/preview, for the
    signed-in manager (the token in a header, checked before the body is read as a rule)."""
    check_csrf(request, x_csrf_token, user.csrf_token)
    _can_manage(user)
    try:
        data = RuleFields.model_validate(body if isinstance(body, dict) else {})
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
    return rules_service.preview(session=s, workspace_id=user.workspace_id, data=data)


@router.post("/rules/editor", response_model=None)
def save_rule(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    name: Annotated[str, Form(max_length=400)] = "",
    definition: Annotated[str, Form(max_length=100_000)] = "",
    enabled: Annotated[str, Form(max_length=5)] = "",
    rule_id: Annotated[str, Form(max_length=20)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Preview the definition (nothing is written) or save it, new or over an existing rule."""
    check_csrf(request, csrf_token, user.csrf_token)
    _can_manage(user)
    ws = user.workspace_id
    target = int(rule_id) if rule_id.isdigit() and int(rule_id) <= MAX_ID else None
    if target is not None:
        rules_service.get_rule(session=s, workspace_id=ws, rule_id=target)  # 404 before anything else
    form = (s, user, target, name, definition, enabled == "1")
    try:
        fields = json.loads(definition)
    except json.JSONDecodeError as exc:
        return _editor(
            request, *form, errors=[f"definition, line {exc.lineno} column {exc.colno}: {exc.msg}"]
        )
    try:
        if action == "preview":
            data = RuleFields.model_validate(fields if isinstance(fields, dict) else {})
            shown = rules_service.preview(session=s, workspace_id=ws, data=data)
            return _editor(request, *form, preview=shown)
        body = RuleCreate.model_validate({**(fields if isinstance(fields, dict) else {}), "name": name,
                                          "enabled": enabled == "1"})  # fmt: skip
        if target is None:
            saved = rules_service.create_rule(session=s, workspace_id=ws, data=body)
        else:
            saved = rules_service.replace_rule(session=s, workspace_id=ws, rule_id=target, data=body)
    except ValidationError as exc:
        return _editor(
            request, *form, errors=[from_pydantic(e, where=_path(e["loc"])) for e in exc.errors()][:20]
        )
    except DomainError as exc:
        return _editor(request, *form, errors=[_where(item.loc, item.msg) for item in exc.details()])
    return RedirectResponse(f"/rules/{saved.id}", status_code=303)


def _editor(
    request: Request,
    s: SessionDep,
    user: UiUser,
    rule_id: int | None,
    name: str,
    definition: str,
    enabled: bool,
    errors: Sequence[str | FormError] | None = None,
    preview: Preview | None = None,
) -> HTMLResponse:
    people = users_service.list_users(session=s, workspace_id=user.workspace_id)
    say = gettext_for(request, user)  # the builder's script gets its words, and the fields' names, translated
    context: dict[str, Any] = {
        "user": user, "rule_id": rule_id, "name": name, "definition": definition, "enabled": enabled,
        "errors": errors or [], "preview": preview, "fields": FIELDS, "ops": OPS, "labels": admin_labels,
        "people": [{"id": p.id, "name": p.name or p.email, "role": say(_role(p.role))} for p in people],
        "words": {w: say(w) for w in admin_labels.BUILDER_WORDS},
        "field_names": {f: say(admin_labels.FIELD_LABELS.get(f, f)) for f in FIELDS},
    }  # fmt: skip
    return templates.TemplateResponse(request, "rule_edit.html", context, status_code=422 if errors else 200)


def _role(role: Role | str) -> str:
    value = role.value if isinstance(role, Role) else str(role)
    return admin_labels.ROLES.get(value, value)


def _where(loc: Sequence[str | int], msg: str) -> str:
    path = _path(loc)
    return f"{path}: {msg}" if path else msg


def _path(loc: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in loc if p != "body")


def _can_manage(user: UiUser) -> None:
    if not user.can(MANAGE):
        raise Forbidden("writing rules needs the manager role or higher")


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(rule_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    return _render(request, s, user, rule_id)


def _render(
    request: Request, s: SessionDep, user: UiUser, rule_id: int, error: str | FormError | None = None
) -> HTMLResponse:
    ws = user.workspace_id
    rule = rules_service.get_rule(session=s, workspace_id=ws, rule_id=rule_id)
    context: dict[str, Any] = {
        "user": user, "rule": rule, "error": error, "can_manage": user.can(MANAGE), "labels": admin_labels,
        "runs": rules_service.runs(session=s, workspace_id=ws, rule_id=rule_id, limit=20),
    }  # fmt: skip
    return templates.TemplateResponse(request, "rule.html", context, status_code=422 if error else 200)


@router.get("/rules/{rule_id}/matches", response_class=HTMLResponse)
def rule_matches(
    rule_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, part: bool = False
) -> HTMLResponse:
    """What the rule matches now and why: the rule page fetches it after load (`part=1`, the card's
    contents only), so the page itself does not wait for the account frame; without script, a page."""
    ws = user.workspace_id
    rule = rules_service.get_rule(session=s, workspace_id=ws, rule_id=rule_id)
    fields = RuleFields(**rule.model_dump(include={"trigger", "conditions", "actions"}))
    preview = rules_service.preview(session=s, workspace_id=ws, data=fields)
    name = "_rule_matches.html" if part else "rule_matches.html"
    context = {"user": user, "rule": rule, "preview": preview, "labels": admin_labels}
    return templates.TemplateResponse(request, name, context)


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
        return _render(request, s, user, rule_id, error=first_error(exc))
    return RedirectResponse(f"/rules/{rule_id}", status_code=303)
