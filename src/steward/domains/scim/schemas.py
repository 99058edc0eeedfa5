"""Pydantic I/O for the SCIM settings an admin sets through the JSON API (SCIM bodies are parsed by hand:
their errors must be SCIM errors)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from steward.core.roles import Role
from steward.core.schemas import Strict

GroupName = Annotated[
    str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True, pattern=r"^[^\x00-\x1f]+$")
]


class RoleGroup(Strict):
    group: GroupName = Field(description="the group's displayName at the identity provider (any case)")
    role: Role


class ScimSettingsUpdate(Strict):
    role_groups: list[RoleGroup] = Field(default_factory=list, max_length=50)

    @field_validator("role_groups")
    @classmethod
    def _distinct(cls, value: list[RoleGroup]) -> list[RoleGroup]:
        names = [g.group.lower() for g in value]
        if len(set(names)) != len(names):
            raise ValueError("each group may be named once")
        return value


class ScimSettingsRead(BaseModel):
    role_groups: list[RoleGroup]
    convention: str = "groups named steward-<role> give that role when not listed here"
