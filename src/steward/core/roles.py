"""Roles, ranked: each role may do everything the roles below it may do."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    viewer = "viewer"
    agent = "agent"
    csm = "csm"
    manager = "manager"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


# What each kind of action needs; routes pick one of these rather than naming roles ad hoc.
READ = Role.viewer
LOG_ACTIVITY = Role.agent
WRITE = Role.csm
DELETE = Role.manager
IMPORT = Role.manager
ADMIN = Role.admin
