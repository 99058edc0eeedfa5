"""Routing of new tickets: the first assignment rule whose conditions match picks a team and an agent, by
round robin within the team (resuming after the last one chosen), by fewest open tickets, or the account's
owner. Conditions on language, type, category, tags, channel and priority are how language- and
skill-based routing are written."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.core.db import serialize
from steward.core.errors import Invalid
from steward.domains.accounts import service as accounts_service
from steward.domains.tickets import queries
from steward.domains.tickets.models import Team, Ticket, TicketChange
from steward.domains.tickets.schemas import RoutingRule, RoutingRules
from steward.domains.workspaces import service as workspaces_service

SETTINGS_KEY = "ticket_routing"


def rules(*, session: Session, workspace_id: int) -> list[RoutingRule]:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    return [RoutingRule(**r) for r in (ws.settings or {}).get(SETTINGS_KEY, [])]


def set_rules(*, session: Session, workspace_id: int, data: RoutingRules) -> list[RoutingRule]:
    for n, rule in enumerate(data.rules):
        if rule.method in ("round_robin", "least_open", "team_only") and rule.team_id is None:
            raise Invalid(f"{rule.method} needs a team_id", ("body", "rules", n, "team_id"))
        if rule.team_id is not None and queries.team(session, workspace_id, rule.team_id) is None:
            raise Invalid(
                f"no team with id {rule.team_id} in this workspace", ("body", "rules", n, "team_id")
            )
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), SETTINGS_KEY: [r.model_dump() for r in data.rules]}
    session.flush()
    return rules(session=session, workspace_id=workspace_id)


def matches(rule: RoutingRule, ticket: Ticket) -> bool:
    m = rule.match
    checks = (
        (m.languages, {ticket.language} if ticket.language else set()),
        (m.types, {ticket.type} if ticket.type else set()),
        (m.categories, {ticket.category} if ticket.category else set()),
        (m.tags, set(ticket.tags or [])),
        (m.channels, {ticket.channel}),
        (m.priorities, {ticket.priority}),
    )
    return all(not wanted or set(wanted) & have for wanted, have in checks)


def assign(session: Session, ticket: Ticket, at: datetime) -> None:
    """Apply the first matching rule; a rule that finds nobody leaves the ticket unassigned in its team."""
    for rule in rules(session=session, workspace_id=ticket.workspace_id):
        if not matches(rule, ticket):
            continue
        team = queries.team(session, ticket.workspace_id, rule.team_id) if rule.team_id else None
        agent = _pick(session, ticket, rule, team)
        for field, value in (("team_id", team.id if team else ticket.team_id), ("assignee_id", agent)):
            if value is not None and getattr(ticket, field) != value:
                session.add(
                    TicketChange(
                        workspace_id=ticket.workspace_id,
                        ticket_id=ticket.id,
                        field=field,
                        old=getattr(ticket, field),
                        new=value,
                        actor="rule",
                        actor_id=None,
                        at=at,
                    )
                )
                setattr(ticket, field, value)
        return


def _pick(session: Session, ticket: Ticket, rule: RoutingRule, team: Team | None) -> int | None:
    if rule.method == "account_owner":
        if ticket.account_id is None:
            return None
        owners = accounts_service.owners(
            session=session, workspace_id=ticket.workspace_id, ids=[ticket.account_id]
        )
        return owners.get(ticket.account_id)
    members = list(team.member_ids) if team else []
    if not members or rule.method == "team_only":
        return None
    if rule.method == "least_open":
        return _least_open(session, ticket.workspace_id, members)
    assert team is not None
    # The cursor is read, then moved: tickets opened at once went to the same agent (docs/concurrency.md)
    serialize(session, f"round-robin:{team.id}")
    after = session.scalar(select(Team.last_assigned_id).where(Team.id == team.id))  # fresh, after the lock
    position = members.index(after) + 1 if after in members else 0
    chosen = members[position % len(members)]
    team.last_assigned_id = chosen
    return chosen


def _least_open(session: Session, workspace_id: int, members: list[int]) -> int:
    counts = dict(
        session.execute(
            select(Ticket.assignee_id, func.count())
            .where(
                Ticket.workspace_id == workspace_id,
                Ticket.assignee_id.in_(members),
                Ticket.solved_at.is_(None),
            )
            .group_by(Ticket.assignee_id)
        ).all()
    )
    return min(members, key=lambda m: (counts.get(m, 0), members.index(m)))
