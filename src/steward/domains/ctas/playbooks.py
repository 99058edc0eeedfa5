"""Playbooks: named task templates with due-date offsets, owners by role and dependencies between tasks,
applied to a CTA by hand or by a rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from steward.core.clock import now_utc, today_utc
from steward.core.errors import Conflict, Invalid
from steward.domains.accounts import service as accounts_service
from steward.domains.ctas import queries
from steward.domains.ctas.models import Cta, CtaTask, Playbook
from steward.domains.ctas.schemas import PlaybookCreate, PlaybookRead, PlaybookTask


def create(
    session: Session, workspace_id: int, data: PlaybookCreate, known_types: Sequence[str]
) -> PlaybookRead:
    check(data, known_types)
    if queries.playbook_by_name(session, workspace_id, data.name):
        raise Conflict(f"a playbook named {data.name!r} exists", ("body", "name"))
    row = Playbook(workspace_id=workspace_id, name=data.name, cta_type=data.cta_type,
                   tasks=[t.model_dump() for t in data.tasks])  # fmt: skip
    session.add(row)
    session.flush()
    return read(row)


def read(row: Playbook) -> PlaybookRead:
    return PlaybookRead(id=row.id, name=row.name, cta_type=row.cta_type, tasks=row.tasks)


def check(data: PlaybookCreate, known_types: Sequence[str]) -> None:
    """Dependencies must name tasks of the playbook and must not go round in a cycle."""
    if data.cta_type is not None and data.cta_type not in known_types:
        raise Invalid(f"unknown CTA type {data.cta_type!r}; this workspace's types: {', '.join(known_types)}",
                      ("body", "cta_type"))  # fmt: skip
    index = {t.key: i for i, t in enumerate(data.tasks)}
    for i, task in enumerate(data.tasks):
        for j, dep in enumerate(task.depends_on):
            if dep not in index:
                raise Invalid(f"depends on {dep!r}, which is not a task of this playbook",
                              ("body", "tasks", i, "depends_on", j))  # fmt: skip
    cycle = _cycle(data.tasks)
    if cycle:
        raise Invalid("tasks depend on each other in a cycle (a -> b: a waits for b): " + " -> ".join(cycle),
                      ("body", "tasks", index[cycle[0]], "depends_on"))  # fmt: skip


def _cycle(tasks: Sequence[PlaybookTask]) -> list[str]:
    """The first dependency cycle found (its keys, first repeated at the end), or []."""
    deps = {t.key: t.depends_on for t in tasks}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(key: str) -> list[str]:
        state[key] = 1
        path.append(key)
        for dep in deps[key]:
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[key] = 2
        return []

    for key in deps:
        if key not in state and (found := visit(key)):
            return found
    return []


def apply(session: Session, cta: Cta, playbook_id: int, loc: tuple[str | int, ...]) -> None:
    """Add the playbook's tasks to the CTA (tasks it already has from this playbook are skipped)."""
    if queries.playbook(session, cta.workspace_id, playbook_id) is None:
        raise Invalid(f"no playbook with id {playbook_id}", loc)
    apply_many(session, cta.workspace_id, [(cta.id, playbook_id)])


def apply_many(session: Session, workspace_id: int, pairs: Sequence[tuple[int, int]]) -> int:
    """Add tasks for many (CTA id, playbook id) pairs in one statement; returns the tasks written."""
    if not pairs:
        return 0
    books = {b.id: b for b in queries.playbooks(session, workspace_id)}
    ctas = {c.id: c for c in queries.ctas_by_id(session, workspace_id, [c for c, _ in pairs])}
    owners = accounts_service.owners(session=session, workspace_id=workspace_id,
                                     ids={c.account_id for c in ctas.values()})  # fmt: skip
    have: dict[int, set[str]] = {}
    for t in queries.tasks(session, list(ctas)):
        have.setdefault(t.cta_id, set()).add(t.key or "")
    today, now = today_utc(), now_utc()
    rows: list[dict[str, Any]] = []
    for cta_id, playbook_id in pairs:
        cta, book = ctas.get(cta_id), books.get(playbook_id)
        if cta is None or book is None:
            continue
        start = len(have.get(cta_id, ()))
        fresh = [spec for spec in book.tasks if spec["key"] not in have.get(cta_id, set())]
        for n, spec in enumerate(fresh):
            owner = {"cta_owner": cta.owner_id, "account_owner": owners.get(cta.account_id)}.get(
                spec["owner"]
            )
            rows.append({
                "workspace_id": workspace_id, "cta_id": cta_id, "key": spec["key"], "title": spec["title"],
                "owner_id": owner, "due_date": today + timedelta(days=spec["offset_days"]),
                "depends_on": spec["depends_on"], "position": start + n, "created_at": now,
            })  # fmt: skip
    if rows:
        session.execute(insert(CtaTask), rows)
    return len(rows)
