"""SCIM Users: Steward's users shown and changed as SCIM resources. Every read and write is bound to the
caller's workspace; a user of another workspace, or one deleted through SCIM, is not found."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.core.db import utcnow
from steward.core.errors import Conflict, Invalid, NotFound
from steward.core.roles import Role
from steward.domains.scim import queries
from steward.domains.scim.discovery import USER_SCHEMA
from steward.domains.scim.errors import ScimError, invalid_value
from steward.domains.scim.filters import get_ci, matches, parse_filter
from steward.domains.scim.models import ScimUser
from steward.domains.scim.patch import apply_patch
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate, UserUpdate

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"  # accepted, not stored
USER_KEYS = {
    "schemas",
    "id",
    "meta",
    "externalid",
    "username",
    "name",
    "displayname",
    "emails",
    "active",
    "groups",
}
NAME_KEYS = {"formatted": "formatted", "givenname": "givenName", "familyname": "familyName"}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAILS = 10


def version_of(resource: dict[str, Any]) -> str:
    """A weak ETag over the resource as shown (meta aside): it changes whenever anything shown changes."""
    body = {k: v for k, v in resource.items() if k != "meta"}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:20]
    return f'W/"{digest}"'


def with_meta(
    resource: dict[str, Any], kind: str, created: datetime, modified: datetime, url: str
) -> dict[str, Any]:
    resource["meta"] = {
        "resourceType": kind, "created": created.isoformat(), "lastModified": modified.isoformat(),
        "location": url, "version": version_of(resource),
    }  # fmt: skip
    return resource


def check_if_match(resource: dict[str, Any], if_match: str | None) -> None:
    """412 when the caller's If-Match names no current version (RFC 7644 3.14)."""
    if if_match is None or if_match.strip() == "*":
        return
    wanted = {v.strip() for v in if_match.split(",")}
    current = resource["meta"]["version"]
    if current not in wanted and current.removeprefix("W/") not in wanted:
        raise ScimError(412, "the resource changed since that version (If-Match)")


def page(
    items: list[dict[str, Any]], flt: str | None, start: int, count: int
) -> tuple[list[dict[str, Any]], int]:
    if flt is not None:
        node = parse_filter(flt)
        items = [r for r in items if matches(node, r)]
    return items[start - 1 : start - 1 + count], len(items)


@dataclass
class UserFields:
    user_name: str
    external_id: str | None = None
    display_name: str | None = None
    name: dict[str, str] = field(default_factory=dict)
    emails: list[dict[str, Any]] = field(default_factory=list)
    active: bool | None = None  # left out: true for a new user, unchanged for an existing one

    def sign_in_email(self) -> str | None:
        primary = [e["value"] for e in self.emails if e.get("primary")]
        if primary or self.emails:
            return str((primary or [e["value"] for e in self.emails])[0]).lower()
        return self.user_name.lower() if EMAIL_RE.match(self.user_name) else None

    def full_name(self) -> str:
        given = " ".join(p for p in (self.name.get("givenName"), self.name.get("familyName")) if p)
        return (self.display_name or self.name.get("formatted") or given or self.user_name)[:200]


def _text(value: Any, what: str, limit: int, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise invalid_value(f"{what} is required")
        return None
    if not isinstance(value, str):
        raise invalid_value(f"{what} must be a string")
    value = value.strip()
    if required and not value:
        raise invalid_value(f"{what} must not be empty")
    if len(value) > limit or any(ord(c) < 32 for c in value):
        raise invalid_value(f"{what} must be at most {limit} printable characters")
    return value or None


def _bool(value: Any, what: str) -> bool:
    if isinstance(value, str) and value.lower() in ("true", "false"):  # Azure sends "False"
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise invalid_value(f"{what} must be true or false")
    return value


def parse_user(body: Any) -> UserFields:
    if not isinstance(body, dict):
        raise ScimError(400, "the body must be a JSON object", "invalidSyntax")
    unknown = [k for k in body if k.lower() not in USER_KEYS and k.lower() != ENTERPRISE]
    if unknown:
        raise ScimError(400, f"unknown attribute {unknown[0][:60]!r}", "invalidSyntax")
    out = UserFields(user_name=_text(get_ci(body, "username"), "userName", 320, required=True) or "")
    out.external_id = _text(get_ci(body, "externalid"), "externalId", 200)
    out.display_name = _text(get_ci(body, "displayname"), "displayName", 200)
    name = get_ci(body, "name")
    if name is not None:
        if not isinstance(name, dict):
            raise invalid_value("name must be an object")
        for k, v in name.items():
            if k.lower() not in NAME_KEYS:
                raise ScimError(400, f"unknown attribute name.{k[:40]}", "invalidSyntax")
            text = _text(v, f"name.{k}", 200)
            if text:
                out.name[NAME_KEYS[k.lower()]] = text
    emails = get_ci(body, "emails")
    if emails is not None:
        if not isinstance(emails, list) or len(emails) > MAX_EMAILS:
            raise invalid_value(f"emails must be a list of at most {MAX_EMAILS}")
        for e in emails:
            if not isinstance(e, dict) or any(
                k.lower() not in ("value", "type", "primary", "display") for k in e
            ):
                raise invalid_value("each email is an object with value, type and primary")
            value = _text(get_ci(e, "value"), "emails.value", 320, required=True) or ""
            if not EMAIL_RE.match(value):
                raise invalid_value(f"{value[:60]!r} is not an e-mail address")
            item: dict[str, Any] = {"value": value}
            if (kind := _text(get_ci(e, "type"), "emails.type", 40)) is not None:
                item["type"] = kind
            if get_ci(e, "primary") is not None:
                item["primary"] = _bool(get_ci(e, "primary"), "emails.primary")
            out.emails.append(item)
        if sum(1 for e in out.emails if e.get("primary")) > 1:
            raise invalid_value("at most one email can be primary")
    if get_ci(body, "active") is not None:
        out.active = _bool(get_ci(body, "active"), "active")
    return out


class Users:
    """The SCIM view of one workspace's users, loaded once per request (workspaces have hundreds of users,
    and filters are evaluated on the resources as shown, so every attribute filters the same way)."""

    def __init__(self, session: Session, workspace_id: int, base: str) -> None:
        self.s = session
        self.ws = workspace_id
        self.base = base

    def _groups_by_user(self) -> dict[int, list[dict[str, str]]]:
        names = {g.id: g.display_name for g in queries.groups(self.s, self.ws)}
        out: dict[int, list[dict[str, str]]] = {}
        for group_id, user_ids in queries.members(self.s, self.ws).items():
            for uid in user_ids:
                ref = {
                    "value": f"g{group_id}",
                    "$ref": f"{self.base}/Groups/g{group_id}",
                    "display": names[group_id],
                }
                out.setdefault(uid, []).append(ref)
        return out

    def resource(self, user: Any, ext: ScimUser | None, groups: list[dict[str, str]]) -> dict[str, Any]:
        r: dict[str, Any] = {"schemas": [USER_SCHEMA], "id": str(user.id)}
        if ext is None:
            r |= {"userName": user.email, "displayName": user.name, "active": user.is_active,
                  "emails": [{"value": user.email, "type": "work", "primary": True}]}  # fmt: skip
        else:
            if ext.external_id:
                r["externalId"] = ext.external_id
            r["userName"] = ext.user_name
            if ext.name:
                r["name"] = dict(ext.name)
            if ext.display_name:
                r["displayName"] = ext.display_name
            r["active"] = user.is_active
            if ext.emails:
                r["emails"] = [dict(e) for e in ext.emails]
        if groups:
            r["groups"] = groups
        modified = ext.updated_at if ext is not None else user.created_at
        return with_meta(r, "User", user.created_at, modified, f"{self.base}/Users/{user.id}")

    def all(self) -> list[dict[str, Any]]:
        exts = queries.scim_users(self.s, self.ws)
        groups = self._groups_by_user()
        users = users_service.list_users(session=self.s, workspace_id=self.ws)
        return [
            self.resource(u, exts.get(u.id), groups.get(u.id, []))
            for u in sorted(users, key=lambda u: u.id)
            if not (u.id in exts and exts[u.id].deleted)
        ]

    def _user(self, user_id: int) -> tuple[Any, ScimUser | None]:
        try:
            user = users_service.get_user(session=self.s, workspace_id=self.ws, user_id=user_id)
        except NotFound:
            raise ScimError(404, f"no user {user_id}") from None
        ext = queries.scim_user(self.s, self.ws, user_id)
        if ext is not None and ext.deleted:
            raise ScimError(404, f"no user {user_id}")
        return user, ext

    def get(self, user_id: int) -> dict[str, Any]:
        user, ext = self._user(user_id)
        return self.resource(user, ext, self._groups_by_user().get(user_id, []))

    def _name_holder(self, key: str) -> int | None:
        """The user of this workspace whose userName is `key` (lower-cased), deleted ones included."""
        exts = queries.scim_users(self.s, self.ws)
        for row in exts.values():
            if row.user_name_key == key:
                return row.user_id
        for u in users_service.list_users(session=self.s, workspace_id=self.ws):
            if u.id not in exts and u.email == key:
                return int(u.id)
        return None

    def create(self, body: Any) -> dict[str, Any]:
        data = parse_user(body)
        holder = self._name_holder(data.user_name.lower())
        if holder is not None:
            ext = queries.scim_user(self.s, self.ws, holder)
            if ext is None or not ext.deleted:
                raise ScimError(409, f"userName {data.user_name[:60]!r} is taken", "uniqueness")
            ext.deleted = False  # provisioned again after a DELETE: the same Steward user comes back
            self._store(holder, data)
            return self.get(holder)
        email = data.sign_in_email() or f"scim-{secrets.token_hex(8)}@users.invalid"
        if users_service.email_taken(session=self.s, email=email):
            raise ScimError(409, f"the e-mail address {email[:80]!r} is taken", "uniqueness")
        create = UserCreate.model_validate({"email": email, "name": data.full_name(), "role": Role.viewer})
        try:
            with self.s.begin_nested():  # two providers racing for one name: the loser gets the 409
                user = users_service.create_user(session=self.s, workspace_id=self.ws, data=create)
                self._store(user.id, data, new=True)
        except IntegrityError:
            raise ScimError(409, f"userName {data.user_name[:60]!r} is taken", "uniqueness") from None
        return self.get(user.id)

    def _store(self, user_id: int, data: UserFields, *, new: bool = False) -> None:
        _, ext = self._user(user_id)
        key = data.user_name.lower()
        if ext is None or ext.user_name_key != key:
            holder = self._name_holder(key)
            if holder is not None and holder != user_id:
                raise ScimError(409, f"userName {data.user_name[:60]!r} is taken", "uniqueness")
        email = data.sign_in_email()
        try:
            if email is not None and not new:
                users_service.set_email(session=self.s, workspace_id=self.ws, user_id=user_id, email=email)
            active = True if new and data.active is None else data.active
            update = UserUpdate(name=data.full_name(), is_active=active)
            users_service.update_user(session=self.s, workspace_id=self.ws, user_id=user_id, data=update)
        except Conflict as e:
            scim_type = "uniqueness" if "email" in e.loc else None
            raise ScimError(409, e.msg, scim_type) from None
        if ext is None:
            ext = ScimUser(user_id=user_id, workspace_id=self.ws)
            self.s.add(ext)
        ext.user_name, ext.user_name_key = data.user_name, key
        ext.external_id, ext.display_name = data.external_id, data.display_name
        ext.name, ext.emails = dict(data.name), list(data.emails)
        ext.updated_at = utcnow()
        self.s.flush()

    def replace(self, user_id: int, body: Any, if_match: str | None) -> dict[str, Any]:
        check_if_match(self.get(user_id), if_match)
        self._store(user_id, parse_user(body))
        return self.get(user_id)

    def patch(self, user_id: int, body: Any, if_match: str | None) -> dict[str, Any]:
        current = self.get(user_id)
        check_if_match(current, if_match)
        changed = apply_patch(current, body, {"emails"})
        if "active" not in changed or "userName" not in changed:
            raise invalid_value("userName and active cannot be removed (set active to false to deactivate)")
        self._store(user_id, parse_user(changed))
        return self.get(user_id)

    def delete(self, user_id: int, if_match: str | None, leave_groups: Any) -> None:
        """Deactivate (signed out, keys revoked) and hide from SCIM; Steward keeps the user's history."""
        check_if_match(self.get(user_id), if_match)
        leave_groups(user_id)
        try:
            update = UserUpdate(is_active=False)
            users_service.update_user(session=self.s, workspace_id=self.ws, user_id=user_id, data=update)
        except (Conflict, Invalid) as e:
            raise ScimError(409, e.msg) from None
        _, ext = self._user(user_id)
        if ext is None:
            user, _ = self._user(user_id)
            ext = ScimUser(
                user_id=user_id, workspace_id=self.ws, user_name=user.email, user_name_key=user.email,
                emails=[{"value": user.email, "type": "work", "primary": True}], display_name=user.name,
            )  # fmt: skip
            self.s.add(ext)
        ext.deleted = True
        ext.updated_at = utcnow()
        self.s.flush()
