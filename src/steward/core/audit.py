"""The mark a table carries when the audit log records every write to it (domains.audit reads the mark)."""

from __future__ import annotations

from typing import ClassVar

# Columns whose values never enter the log, only the fact that they changed.
SECRET_WORDS = ("password", "secret", "digest", "token", "hash", "key_hash")


class Audited:
    """Mixin for a model whose inserts, updates and deletes made by a person or an API key are logged.

    `__audit_type__` names the object in the log; `__audit_ignore__` lists columns whose changes are
    bookkeeping (a key's last use, a round-robin cursor) and not worth a record on their own;
    `__audit_workspace__` names the column holding the workspace (a workspace is its own id)."""

    __audit_type__: ClassVar[str] = ""
    __audit_ignore__: ClassVar[frozenset[str]] = frozenset()
    __audit_workspace__: ClassVar[str] = "workspace_id"
    # A change of one of these fields gets its own action name ("role" -> "user.role_change").
    __audit_actions__: ClassVar[dict[str, str]] = {}


def is_secret(field: str) -> bool:
    name = field.lower()
    return any(word in name for word in SECRET_WORDS)
