"""Two-factor sign-in for the signed-in user (set up, switch off) and for admins (require it for the
workspace, reset a user who lost their phone). Every change is recorded in the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from steward.core.errors import Conflict, Forbidden, Invalid
from steward.core.roles import Role
from steward.domains.audit import service as audit_service
from steward.domains.users import service as users_service
from steward.domains.users import twofactor
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
Code = Annotated[str, Form(max_length=100)]
Csrf = Annotated[str, Form(max_length=200)]


def _audit(s: Session, user: UiUser, action: str, object_id: int, note: str = "") -> None:
    actor = audit_service.actor_of(s)
    if actor is not None:
        audit_service.record(
            session=s, actor=actor, workspace_id=user.workspace_id, action=action, object_type="user",
            object_id=object_id, note=note,
        )  # fmt: skip


def _account_page(request: Request, s: Session, user: UiUser, error: str | None = None) -> HTMLResponse:
    context = {
        "user": user, "error": error,
        "enabled": twofactor.is_enabled(session=s, user_id=user.id),
        "required": twofactor.workspace_requires(session=s, workspace_id=user.workspace_id),
        "codes_left": twofactor.recovery_codes_left(session=s, user_id=user.id),
    }  # fmt: skip
    return templates.TemplateResponse(request, "two_factor.html", context, status_code=422 if error else 200)


def _setup_page(
    request: Request, user: UiUser, enrol: twofactor.Enrolment, error: str | None = None
) -> HTMLResponse:
    context = {
        "user": user, "enrol": enrol, "action": "/account/two-factor/confirm", "error": error,
        "csrf_token": user.csrf_token,
    }  # fmt: skip
    status = 422 if error else 200
    return templates.TemplateResponse(request, "two_factor_setup.html", context, status_code=status)


@router.get("/account/two-factor", response_class=HTMLResponse)
def account_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    return _account_page(request, s, user)


@router.post("/account/two-factor/start", response_class=HTMLResponse)
def start(request: Request, s: SessionDep, user: CurrentUiUser, csrf_token: Csrf = "") -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    me = users_service.get_user(session=s, workspace_id=user.workspace_id, user_id=user.id)
    try:
        enrol = twofactor.enrolment(session=s, user=me, key=get_settings().secret_key, fresh=True)
    except Conflict as exc:
        return _account_page(request, s, user, exc.msg)
    return _setup_page(request, user, enrol)


@router.post("/account/two-factor/confirm", response_class=HTMLResponse)
def confirm(
    request: Request, s: SessionDep, user: CurrentUiUser, code: Code = "", csrf_token: Csrf = ""
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    key = get_settings().secret_key
    try:
        codes = twofactor.confirm_enrolment(session=s, user_id=user.id, code=code, key=key)
    except (Invalid, Conflict) as exc:
        me = users_service.get_user(session=s, workspace_id=user.workspace_id, user_id=user.id)
        return _setup_page(request, user, twofactor.enrolment(session=s, user=me, key=key), exc.msg)
    _audit(s, user, "user.two_factor_on", user.id)
    context = {"user": user, "codes": codes, "continue_to": "/account/two-factor"}
    return templates.TemplateResponse(request, "two_factor_codes.html", context)


@router.post("/account/two-factor/disable", response_model=None)
def disable(
    request: Request, s: SessionDep, user: CurrentUiUser, code: Code = "", csrf_token: Csrf = ""
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    try:
        twofactor.disable(
            session=s, workspace_id=user.workspace_id, user_id=user.id, code=code,
            key=get_settings().secret_key,
        )  # fmt: skip
    except (Invalid, Conflict) as exc:
        return _account_page(request, s, user, exc.msg)
    _audit(s, user, "user.two_factor_off", user.id)
    return RedirectResponse("/account/two-factor", status_code=303)


def _admin(user: UiUser) -> None:
    if not user.can(Role.admin):
        raise Forbidden("two-factor settings for the workspace are for admins")


@router.get("/admin/two-factor", response_class=HTMLResponse)
def admin_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _admin(user)
    context = {
        "user": user,
        "required": twofactor.workspace_requires(session=s, workspace_id=user.workspace_id),
        "people": users_service.list_users(session=s, workspace_id=user.workspace_id),
        "enabled": twofactor.enabled_user_ids(session=s, workspace_id=user.workspace_id),
    }
    return templates.TemplateResponse(request, "two_factor_admin.html", context)


@router.post("/admin/two-factor/require")
def require(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    required: Annotated[bool, Form()] = False,
    csrf_token: Csrf = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token, user.csrf_token)
    _admin(user)
    twofactor.set_workspace_requirement(session=s, workspace_id=user.workspace_id, required=required)
    return RedirectResponse("/admin/two-factor", status_code=303)


@router.post("/admin/two-factor/{user_id}/reset")
def reset(
    user_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, csrf_token: Csrf = ""
) -> RedirectResponse:
    check_csrf(request, csrf_token, user.csrf_token)
    _admin(user)
    target = twofactor.reset(session=s, workspace_id=user.workspace_id, user_id=user_id)
    _audit(s, user, "user.two_factor_reset", target.id, f"reset for {target.email}"[:200])
    return RedirectResponse("/admin/two-factor", status_code=303)
