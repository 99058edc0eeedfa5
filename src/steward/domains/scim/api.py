"""SCIM 2.0 routes (RFC 7644) under /scim/v2: discovery, Users and Groups. The caller is an admin API key
whose scopes cover the `scim` area; everything it changes is audited under that key. Errors are SCIM errors
(application/scim+json), raised as ScimError and rendered by `error_response` (installed by the app)."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from steward.core.errors import Forbidden, Unauthorized
from steward.core.roles import Role
from steward.core.schemas import MAX_ID
from steward.domains.audit import service as audit_service
from steward.domains.scim import discovery
from steward.domains.scim import groups as groups_service
from steward.domains.scim.errors import ScimError, invalid_value
from steward.domains.scim.groups import Groups
from steward.domains.scim.schemas import ScimSettingsRead, ScimSettingsUpdate
from steward.domains.scim.service import Users, page
from steward.domains.users import service as users_service
from steward.domains.users.schemas import Principal
from steward.web.deps import Admin, BodyDep, ClientAddress, SessionDep

router = APIRouter(tags=["scim"], include_in_schema=False)
admin_router = APIRouter(tags=["scim"])  # under /api/v1: the workspace's SCIM settings
SCIM_JSON = "application/scim+json"
_KNOWN = re.compile(r"^/scim/v2/(ServiceProviderConfig|ResourceTypes|Schemas|Users|Groups)(/[^/]+)?/?$")


def error_response(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ScimError)
    headers = {"WWW-Authenticate": 'Bearer realm="scim"'} if exc.status == 401 else None
    return JSONResponse(exc.body(), status_code=exc.status, media_type=SCIM_JSON, headers=headers)


def _scim(body: Any, status: int = 200, location: str | None = None) -> Response:
    headers = {}
    if isinstance(body, dict) and isinstance(body.get("meta"), dict) and "version" in body["meta"]:
        headers["ETag"] = body["meta"]["version"]
    if location:
        headers["Location"] = location
    return JSONResponse(body, status_code=status, media_type=SCIM_JSON, headers=headers)


def caller(request: Request, s: SessionDep, client: ClientAddress) -> Principal:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ScimError(401, "send a SCIM API key as 'Authorization: Bearer <key>'")
    try:
        principal = users_service.principal_for_api_key(session=s, key=token.strip())
        if principal is None:
            raise ScimError(401, "the API key is unknown")
        users_service.require_scope(principal=principal, method=request.method, path=request.url.path)
    except Unauthorized as e:
        raise ScimError(401, e.msg) from None
    except Forbidden as e:
        raise ScimError(403, e.msg) from None
    if not principal.role.allows(Role.admin):
        raise ScimError(403, f"SCIM needs an admin key; this one is {principal.role.value}")
    actor = audit_service.Actor(audit_service.ActorType.api_key, principal.key_id, principal.name, client)
    audit_service.act_as(s, actor)
    return principal


ScimCaller = Annotated[Principal, Depends(caller)]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/scim/v2"


def _id(raw: str, kind: str, prefix: str = "") -> int:
    m = re.fullmatch(re.escape(prefix) + r"([0-9]{1,10})", raw)
    if m is None or not 1 <= int(m.group(1)) <= MAX_ID:
        raise ScimError(404, f"no {kind} {raw[:40]!r}")
    return int(m.group(1))


def _json(body: bytes) -> Any:
    def refuse(token: str) -> None:
        raise ValueError(token)

    try:
        return json.loads(body, parse_constant=refuse)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise ScimError(400, "the body is not valid JSON", "invalidSyntax") from None


def _int(raw: Any, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    if isinstance(raw, bool) or not re.fullmatch(r"-?\d{1,12}", str(raw).strip()):
        raise invalid_value(f"{name} must be an integer")
    return int(raw)


def _project(r: dict[str, Any], attributes: str | None, excluded: str | None) -> dict[str, Any]:
    """`attributes` / `excludedAttributes` (RFC 7644 3.4.2.5); id and schemas always come back."""

    def names(raw: str) -> list[tuple[str, str | None]]:
        out = []
        for n in raw.split(","):
            n = n.strip()
            if ":" in n:
                n = n.rsplit(":", 1)[1]
            attr, _, sub = n.lower().partition(".")
            out.append((attr, sub or None))
        return out

    if attributes:
        wanted = names(attributes)
        out: dict[str, Any] = {}
        for k, v in r.items():
            subs = [s for a, s in wanted if a == k.lower()]
            if k in ("id", "schemas") or (subs and None in subs):
                out[k] = v
            elif subs and isinstance(v, dict):
                out[k] = {sk: sv for sk, sv in v.items() if sk.lower() in subs}
            elif subs and isinstance(v, list):
                out[k] = [
                    {sk: sv for sk, sv in i.items() if sk.lower() in subs} for i in v if isinstance(i, dict)
                ]
        return out
    if excluded:
        drop = names(excluded)
        out = {}
        for k, v in r.items():
            subs = [s for a, s in drop if a == k.lower()]
            if k in ("id", "schemas") or not subs:
                out[k] = v
            elif None not in subs and isinstance(v, dict):
                out[k] = {sk: sv for sk, sv in v.items() if sk.lower() not in subs}
        return out
    return r


def _list(request: Request, items: list[dict[str, Any]]) -> Response:
    q = request.query_params
    start, count = (
        _int(q.get("startIndex"), "startIndex", 1),
        _int(q.get("count"), "count", discovery.MAX_RESULTS),
    )
    return _found(items, q.get("filter"), start, count, q.get("attributes"), q.get("excludedAttributes"))


def _found(
    items: list[dict[str, Any]],
    flt: str | None,
    start: int,
    count: int,
    attrs: str | None,
    excluded: str | None,
) -> Response:
    start, count = max(1, start), min(max(0, count), discovery.MAX_RESULTS)
    found, total = page(items, flt, start, count)
    shown = [_project(r, attrs, excluded) for r in found]
    return _scim(discovery.list_response(shown, total, start))


def _search(body: bytes, items: list[dict[str, Any]]) -> Response:
    """POST .search (RFC 7644 3.4.3): the query parameters in a SearchRequest body."""
    req = _json(body)
    if not isinstance(req, dict):
        raise ScimError(400, "the body must be a SearchRequest object", "invalidSyntax")

    def names(key: str) -> str | None:
        value = req.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise invalid_value(f"{key} must be a list of attribute names")
        return ",".join(value)

    flt = req.get("filter")
    if flt is not None and not isinstance(flt, str):
        raise ScimError(400, "filter must be a string", "invalidFilter")
    start = _int(req.get("startIndex"), "startIndex", 1)
    count = _int(req.get("count"), "count", discovery.MAX_RESULTS)
    return _found(items, flt, start, count, names("attributes"), names("excludedAttributes"))


def _one(request: Request, r: dict[str, Any]) -> Response:
    if_none = request.headers.get("if-none-match")
    if if_none and r["meta"]["version"] in {v.strip() for v in if_none.split(",")}:
        return Response(status_code=304, headers={"ETag": r["meta"]["version"]})
    q = request.query_params
    return _scim(_project(r, q.get("attributes"), q.get("excludedAttributes")))


@router.get("/ServiceProviderConfig")
def service_provider_config(request: Request, p: ScimCaller) -> Response:
    return _scim(discovery.service_provider_config(_base(request)))


@router.get("/ResourceTypes")
def resource_types(request: Request, p: ScimCaller) -> Response:
    types = discovery.resource_types(_base(request))
    return _scim(discovery.list_response(types, len(types), 1))


@router.get("/ResourceTypes/{name}")
def resource_type(request: Request, name: str, p: ScimCaller) -> Response:
    for t in discovery.resource_types(_base(request)):
        if t["id"] == name:
            return _scim(t)
    raise ScimError(404, f"no resource type {name[:40]!r}")


@router.get("/Schemas")
def schemas(request: Request, p: ScimCaller) -> Response:
    found = discovery.schemas(_base(request))
    return _scim(discovery.list_response(found, len(found), 1))


@router.get("/Schemas/{schema_id}")
def schema(request: Request, schema_id: str, p: ScimCaller) -> Response:
    for sc in discovery.schemas(_base(request)):
        if sc["id"] == schema_id:
            return _scim(sc)
    raise ScimError(404, f"no schema {schema_id[:80]!r}")


@router.get("/Users")
def list_users(request: Request, s: SessionDep, p: ScimCaller) -> Response:
    return _list(request, Users(s, p.workspace_id, _base(request)).all())


@router.post("/Users/.search")
def search_users(request: Request, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    return _search(body, Users(s, p.workspace_id, _base(request)).all())


@router.post("/.search")
def search_all(request: Request, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    base = _base(request)
    return _search(body, Users(s, p.workspace_id, base).all() + Groups(s, p.workspace_id, base).all())


@router.get("/Users/{user_id}")
def get_user(request: Request, user_id: str, s: SessionDep, p: ScimCaller) -> Response:
    return _one(request, Users(s, p.workspace_id, _base(request)).get(_id(user_id, "user")))


@router.post("/Users")
def create_user(request: Request, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    r = Users(s, p.workspace_id, _base(request)).create(_json(body))
    return _scim(r, 201, r["meta"]["location"])


@router.put("/Users/{user_id}")
def replace_user(request: Request, user_id: str, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    users = Users(s, p.workspace_id, _base(request))
    return _scim(users.replace(_id(user_id, "user"), _json(body), request.headers.get("if-match")))


@router.patch("/Users/{user_id}")
def patch_user(request: Request, user_id: str, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    users = Users(s, p.workspace_id, _base(request))
    return _scim(users.patch(_id(user_id, "user"), _json(body), request.headers.get("if-match")))


@router.delete("/Users/{user_id}", status_code=204)
def delete_user(request: Request, user_id: str, s: SessionDep, p: ScimCaller) -> Response:
    groups = Groups(s, p.workspace_id, _base(request))
    groups.users.delete(_id(user_id, "user"), request.headers.get("if-match"), groups.leave_all)
    return Response(status_code=204)


@router.get("/Groups")
def list_groups(request: Request, s: SessionDep, p: ScimCaller) -> Response:
    return _list(request, Groups(s, p.workspace_id, _base(request)).all())


@router.post("/Groups/.search")
def search_groups(request: Request, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    return _search(body, Groups(s, p.workspace_id, _base(request)).all())


@router.get("/Groups/{group_id}")
def get_group(request: Request, group_id: str, s: SessionDep, p: ScimCaller) -> Response:
    return _one(request, Groups(s, p.workspace_id, _base(request)).get(_id(group_id, "group", "g")))


@router.post("/Groups")
def create_group(request: Request, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    r = Groups(s, p.workspace_id, _base(request)).create(_json(body))
    return _scim(r, 201, r["meta"]["location"])


@router.put("/Groups/{group_id}")
def replace_group(request: Request, group_id: str, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    groups = Groups(s, p.workspace_id, _base(request))
    return _scim(groups.replace(_id(group_id, "group", "g"), _json(body), request.headers.get("if-match")))


@router.patch("/Groups/{group_id}")
def patch_group(request: Request, group_id: str, body: BodyDep, s: SessionDep, p: ScimCaller) -> Response:
    groups = Groups(s, p.workspace_id, _base(request))
    return _scim(groups.patch(_id(group_id, "group", "g"), _json(body), request.headers.get("if-match")))


@router.delete("/Groups/{group_id}", status_code=204)
def delete_group(request: Request, group_id: str, s: SessionDep, p: ScimCaller) -> Response:
    Groups(s, p.workspace_id, _base(request)).delete(
        _id(group_id, "group", "g"), request.headers.get("if-match")
    )
    return Response(status_code=204)


@router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def elsewhere(request: Request, rest: str, p: ScimCaller) -> Response:
    if _KNOWN.match(request.url.path):
        raise ScimError(405, f"{request.method} is not supported here")
    raise ScimError(404, f"nothing at /scim/v2/{rest[:80]}")


@admin_router.get("/workspace/scim", response_model=ScimSettingsRead)
def get_scim_settings(s: SessionDep, p: Admin) -> ScimSettingsRead:
    """Which identity-provider groups give which role."""
    return groups_service.get_settings(session=s, workspace_id=p.workspace_id)


@admin_router.put("/workspace/scim", response_model=ScimSettingsRead)
def put_scim_settings(body: ScimSettingsUpdate, s: SessionDep, p: Admin) -> ScimSettingsRead:
    """Map group names to roles (recorded in the audit log); every group member's role follows at once."""
    return groups_service.put_settings(session=s, workspace_id=p.workspace_id, data=body)
