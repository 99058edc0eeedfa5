"""HTTP routes for rules: create, replace, preview, run now, and the run log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from steward.domains.rules import service
from steward.domains.rules.schemas import Preview, RuleCreate, RuleFields, RuleRead, RunRead
from steward.web.deps import Manager, PathId, Reader, SessionDep

router = APIRouter(prefix="/rules", tags=["rules"])


@router.get("", response_model=list[RuleRead])
def list_rules(s: SessionDep, p: Reader) -> list[RuleRead]:
    return service.list_rules(session=s, workspace_id=p.workspace_id)


@router.post("", response_model=RuleRead, status_code=status.HTTP_201_CREATED)
def create_rule(body: RuleCreate, s: SessionDep, p: Manager) -> RuleRead:
    """A rule starts switched off unless `enabled` is true: preview it first."""
    return service.create_rule(session=s, workspace_id=p.workspace_id, data=body)


@router.post("/preview", response_model=Preview)
def preview(body: RuleFields, s: SessionDep, p: Reader) -> Preview:
    """Which accounts these trigger and conditions match now, and why; nothing is written."""
    return service.preview(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/{rule_id}", response_model=RuleRead)
def get_rule(rule_id: PathId, s: SessionDep, p: Reader) -> RuleRead:
    return service.get_rule(session=s, workspace_id=p.workspace_id, rule_id=rule_id)


@router.put("/{rule_id}", response_model=RuleRead)
def replace_rule(rule_id: PathId, body: RuleCreate, s: SessionDep, p: Manager) -> RuleRead:
    return service.replace_rule(session=s, workspace_id=p.workspace_id, rule_id=rule_id, data=body)


@router.post("/{rule_id}/run", response_model=RunRead)
def run_now(rule_id: PathId, s: SessionDep, p: Manager) -> RunRead:
    """Run the rule over every account now (enabled or not) and log the run."""
    return service.run_now(session=s, workspace_id=p.workspace_id, rule_id=rule_id)


@router.get("/{rule_id}/runs", response_model=list[RunRead])
def runs(
    rule_id: PathId, s: SessionDep, p: Reader, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[RunRead]:
    """Newest first: when, why (cause), how many accounts matched, CTAs made or updated, fields set."""
    return service.runs(session=s, workspace_id=p.workspace_id, rule_id=rule_id, limit=limit)
