"""Read side of rules and their runs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.domains.rules.models import Rule, RuleRun


def rules(session: Session, workspace_id: int, enabled_only: bool = False) -> list[Rule]:
    stmt = select(Rule).where(Rule.workspace_id == workspace_id)
    if enabled_only:
        stmt = stmt.where(Rule.enabled.is_(True))
    return list(session.scalars(stmt.order_by(Rule.id)))


def rule(session: Session, workspace_id: int, rule_id: int) -> Rule | None:
    return session.scalar(select(Rule).where(Rule.workspace_id == workspace_id, Rule.id == rule_id))


def by_name(session: Session, workspace_id: int, name: str) -> Rule | None:
    return session.scalar(select(Rule).where(Rule.workspace_id == workspace_id, Rule.name == name))


def runs(session: Session, workspace_id: int, rule_id: int, limit: int) -> list[RuleRun]:
    return list(
        session.scalars(
            select(RuleRun)
            .where(RuleRun.workspace_id == workspace_id, RuleRun.rule_id == rule_id)
            .order_by(RuleRun.started_at.desc(), RuleRun.id.desc())
            .limit(limit)
        )
    )


def workspaces_with_rules(session: Session) -> list[int]:
    return [
        int(w) for w in session.scalars(select(Rule.workspace_id).where(Rule.enabled.is_(True)).distinct())
    ]
