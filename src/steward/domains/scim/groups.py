"""SCIM Groups, which set roles: a group the workspace maps to a role (PUT /api/v1/workspace/scim), or else
one named `steward-<role>` (steward-admin, steward-csm, ...), gives its members that role; a user in several
such groups gets the highest, and one taken out of the last of them becomes a viewer. Other groups are kept
and listed but grant nothing."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from steward.core.db import utcnow
from steward.core.errors import Conflict, NotFound
from steward.core.roles import Role
from steward.domains.audit import service as audit_service
from steward.domains.scim import queries
from steward.domains.scim.discovery import GROUP_SCHEMA
from steward.domains.scim.errors import ScimError, invalid_value
from steward.domains.scim.filters import get_ci
from steward.domains.scim.models import ScimGroup, ScimMember, ScimSettings
from steward.domains.scim.patch import apply_patch
from steward.domains.scim.schemas import RoleGroup, ScimSettingsRead, ScimSettingsUpdate
from steward.domains.scim.service import Users, _text, check_if_match, with_meta
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserUpdate

GROUP_KEYS = {"schemas", "id", "meta", "externalid", "displayname", "members"}
_ROLE_NAME = re.compile(r"^steward[-_ ](admin|manager|csm|agent|viewer)$", re.IGNORECASE)
MAX_MEMBERS = 10_000


def group_ref(group_id: int) -> str:
    """A group's SCIM id: "g" and the number, so that no group shares an id with a user (a search across
    both resource types, POST /.search, names each resource once)."""
    return f"g{group_id}"


def role_of_group(display_name: str, mapping: dict[str, Role] | None = None) -> Role | None:
    name = display_name.strip()
    if mapping and name.lower() in mapping:
        return mapping[name.lower()]
    m = _ROLE_NAME.match(name)
    return Role(m.group(1).lower()) if m else None


def _member_ids(body: dict[str, Any]) -> list[int]:
    members = get_ci(body, "members")
    if members is None:
        return []
    if not isinstance(members, list) or len(members) > MAX_MEMBERS:
        raise invalid_value(f"members must be a list of at most {MAX_MEMBERS}")
    out: list[int] = []
    for m in members:
        value = get_ci(m, "value") if isinstance(m, dict) else None
        if (
            not isinstance(value, str | int)
            or isinstance(value, bool)
            or not re.fullmatch(r"[0-9]+", str(value))
        ):
            raise invalid_value("each member is an object whose value is a user id")
        if len(str(value)) > 10 or not 1 <= int(value) <= 2**31 - 1:
            raise invalid_value(f"no user {str(value)[:20]} in this workspace")
        if int(value) not in out:
            out.append(int(value))
    return out


def parse_group(body: Any) -> tuple[str, str | None, list[int]]:
    if not isinstance(body, dict):
        raise ScimError(400, "the body must be a JSON object", "invalidSyntax")
    unknown = [k for k in body if k.lower() not in GROUP_KEYS]
    if unknown:
        raise ScimError(400, f"unknown attribute {unknown[0][:60]!r}", "invalidSyntax")
    name = _text(get_ci(body, "displayname"), "displayName", 200, required=True) or ""
    return name, _text(get_ci(body, "externalid"), "externalId", 200), _member_ids(body)


class Groups:
    def __init__(self, session: Session, workspace_id: int, base: str) -> None:
        self.s = session
        self.ws = workspace_id
        self.base = base
        self.users = Users(session, workspace_id, base)
        row = queries.settings(session, workspace_id)
        self.mapping = {g["group"].lower(): Role(g["role"]) for g in (row.role_groups if row else [])}

    def resource(self, g: ScimGroup, member_ids: list[int]) -> dict[str, Any]:
        r: dict[str, Any] = {"schemas": [GROUP_SCHEMA], "id": group_ref(g.id), "displayName": g.display_name}
        if g.external_id:
            r["externalId"] = g.external_id
        if member_ids:
            r["members"] = [{"value": str(u), "$ref": f"{self.base}/Users/{u}"} for u in member_ids]
        return with_meta(r, "Group", g.created_at, g.updated_at, f"{self.base}/Groups/{group_ref(g.id)}")

    def all(self) -> list[dict[str, Any]]:
        members = queries.members(self.s, self.ws)
        return [self.resource(g, members.get(g.id, [])) for g in queries.groups(self.s, self.ws)]

    def _group(self, group_id: int) -> ScimGroup:
        g = queries.group(self.s, self.ws, group_id)
        if g is None:
            raise ScimError(404, f"no group {group_id}")
        return g

    def get(self, group_id: int) -> dict[str, Any]:
        g = self._group(group_id)
        ids = [m.user_id for m in queries.member_rows(self.s, self.ws, group_id)]
        return self.resource(g, sorted(ids))

    def _visible_users(self, ids: list[int]) -> None:
        for uid in ids:
            try:
                self.users.get(uid)
            except ScimError:
                raise invalid_value(f"no user {uid} in this workspace") from None

    def create(self, body: Any) -> dict[str, Any]:
        name, external_id, ids = parse_group(body)
        self._unique(name, None)
        self._visible_users(ids)
        g = ScimGroup(workspace_id=self.ws, display_name=name, external_id=external_id)
        self.s.add(g)
        self.s.flush()
        self._set_members(g, ids, old_role=None)
        return self.get(g.id)

    def _unique(self, name: str, group_id: int | None) -> None:
        for g in queries.groups(self.s, self.ws):
            if g.display_name.lower() == name.lower() and g.id != group_id:
                raise ScimError(409, f"a group named {name[:60]!r} exists", "uniqueness")

    def replace(self, group_id: int, body: Any, if_match: str | None) -> dict[str, Any]:
        check_if_match(self.get(group_id), if_match)
        return self._store(group_id, body)

    def patch(self, group_id: int, body: Any, if_match: str | None) -> dict[str, Any]:
        current = self.get(group_id)
        check_if_match(current, if_match)
        return self._store(group_id, apply_patch(current, body, {"members"}))

    def _store(self, group_id: int, body: Any) -> dict[str, Any]:
        name, external_id, ids = parse_group(body)
        g = self._group(group_id)
        self._unique(name, group_id)
        self._visible_users(
            [i for i in ids if i not in {m.user_id for m in queries.member_rows(self.s, self.ws, g.id)}]
        )
        old_role = role_of_group(g.display_name, self.mapping)
        g.display_name, g.external_id = name, external_id
        g.updated_at = utcnow()
        self._set_members(g, ids, old_role=old_role)
        return self.get(group_id)

    def delete(self, group_id: int, if_match: str | None) -> None:
        g = self._group(group_id)
        check_if_match(self.get(group_id), if_match)
        old_role = role_of_group(g.display_name, self.mapping)
        self._set_members(g, [], old_role=old_role)
        self.s.delete(g)
        self.s.flush()

    def _set_members(self, g: ScimGroup, ids: list[int], *, old_role: Role | None) -> None:
        rows = {m.user_id: m for m in queries.member_rows(self.s, self.ws, g.id)}
        added = [u for u in ids if u not in rows]
        removed = [u for u in rows if u not in ids]
        for uid in removed:
            self.s.delete(rows[uid])
        for uid in added:
            self.s.add(ScimMember(group_id=g.id, user_id=uid, workspace_id=self.ws))
        self.s.flush()
        if added or removed:
            g.updated_at = utcnow()
            self._audit(g, added, removed)
        new_role = role_of_group(g.display_name, self.mapping)
        # Renaming a role group changes the role of every member, not only of those added or removed.
        touched = set(added) | set(removed) | (set(ids) if new_role != old_role else set())
        if old_role is not None or new_role is not None:
            for uid in sorted(touched):
                self.recompute(uid)

    def leave_all(self, user_id: int) -> None:
        """A user deleted through SCIM leaves every group (their role stays as it was: they are inactive)."""
        for m in queries.memberships_of(self.s, self.ws, user_id):
            g = self._group(m.group_id)
            self.s.delete(m)
            g.updated_at = utcnow()
            self._audit(g, [], [user_id])
        self.s.flush()

    def recompute(self, user_id: int) -> None:
        """The highest role among the user's role groups, viewer when in none of them."""
        names = {g.id: g.display_name for g in queries.groups(self.s, self.ws)}
        roles = [
            role_of_group(names[m.group_id], self.mapping)
            for m in queries.memberships_of(self.s, self.ws, user_id)
        ]
        ranked = [r for r in roles if r is not None]
        role = max(ranked, key=lambda r: r.rank) if ranked else Role.viewer
        try:
            user = users_service.get_user(session=self.s, workspace_id=self.ws, user_id=user_id)
            if user.role != role.value:
                update = UserUpdate(role=role)
                users_service.update_user(session=self.s, workspace_id=self.ws, user_id=user_id, data=update)
        except NotFound:
            return
        except Conflict as e:
            raise ScimError(409, f"{e.msg}: user {user_id} cannot lose the admin role") from None

    def _audit(self, g: ScimGroup, added: list[int], removed: list[int]) -> None:
        actor = audit_service.actor_of(self.s)
        if actor is None:
            return
        note = f"added {added} removed {removed}"[:200]
        audit_service.record(
            session=self.s, actor=actor, workspace_id=self.ws, action="scim_group.members",
            object_type="scim_group", object_id=g.id, note=note,
        )  # fmt: skip


def get_settings(*, session: Session, workspace_id: int) -> ScimSettingsRead:
    row = queries.settings(session, workspace_id)
    return ScimSettingsRead(
        role_groups=[RoleGroup.model_validate(g) for g in (row.role_groups if row else [])]
    )


def put_settings(*, session: Session, workspace_id: int, data: ScimSettingsUpdate) -> ScimSettingsRead:
    """Store the mapping and set every group member's role by it at once (Conflict for the last admin)."""
    row = queries.settings(session, workspace_id)
    if row is None:
        row = ScimSettings(workspace_id=workspace_id)
        session.add(row)
    row.role_groups = [g.model_dump(mode="json") for g in data.role_groups]
    session.flush()
    groups = Groups(session, workspace_id, "")
    members = {u for ids in queries.members(session, workspace_id).values() for u in ids}
    for user_id in sorted(members):
        try:
            groups.recompute(user_id)
        except ScimError as e:
            raise Conflict(e.detail, ("body", "role_groups")) from None
    return get_settings(session=session, workspace_id=workspace_id)
