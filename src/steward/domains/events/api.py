"""HTTP routes for event statistics, the quarantine (list, replay), usage rollups and adoption metrics."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from steward.domains.accounts import service as accounts_service
from steward.domains.events import rollups, service, usage
from steward.domains.events.schemas import (
    AccountUsage,
    EventStats,
    KeyEvents,
    RejectionPage,
    ReplayResult,
    UsageOverview,
)
from steward.web.deps import Admin, Manager, PathId, QueryIds, Reader, SessionDep

router = APIRouter(tags=["usage"])


@router.get("/events/stats", response_model=EventStats)
def stats(s: SessionDep, p: Reader) -> EventStats:
    return service.stats(session=s, workspace_id=p.workspace_id)


@router.get("/events/rejections", response_model=RejectionPage)
def rejections(
    s: SessionDep,
    p: Reader,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RejectionPage:
    """Messages the intake could not store, newest first, each whole with its reasons."""
    return service.rejections(session=s, workspace_id=p.workspace_id, limit=limit, offset=offset)


@router.post("/events/rejections/replay", response_model=ReplayResult)
def replay(s: SessionDep, p: Manager, id: QueryIds = None) -> ReplayResult:
    """Check quarantined messages again (all, or these ids) and store those that pass now."""
    return service.replay(session=s, workspace_id=p.workspace_id, ids=id)


@router.post("/usage/rollup", response_model=dict[str, int])
def roll_up(s: SessionDep, p: Manager) -> dict[str, int]:
    """Take in every event that has arrived, now (`steward serve` does this every few seconds)."""
    return {"days_rebuilt": rollups.roll_up(s, p.workspace_id, settle_seconds=0)}


@router.get("/usage/key-events", response_model=KeyEvents)
def get_key_events(s: SessionDep, p: Reader) -> KeyEvents:
    return KeyEvents(events=usage.key_events(session=s, workspace_id=p.workspace_id))


@router.put("/usage/key-events", response_model=KeyEvents)
def put_key_events(body: KeyEvents, s: SessionDep, p: Admin) -> KeyEvents:
    """The events that mean a customer got value: adoption breadth and time to first value read them."""
    return KeyEvents(events=usage.set_key_events(session=s, workspace_id=p.workspace_id, data=body))


UsageSort = Literal["trend", "utilisation", "mau", "events", "name"]


@router.get("/usage/overview", response_model=UsageOverview)
def overview(s: SessionDep, p: Reader, sort: UsageSort = "trend") -> UsageOverview:
    """Every account's adoption (steepest fall first by default), how widely each event is used, and the
    workspace's daily events and active users over 90 days."""
    return usage.overview(session=s, workspace_id=p.workspace_id, sort=sort)


@router.get("/usage/accounts/{account_id}", response_model=AccountUsage)
def account_usage(account_id: PathId, s: SessionDep, p: Reader) -> AccountUsage:
    """DAU, WAU, MAU, stickiness, seat utilisation, key events used, time to first value, 30-day trend and
    90 days of daily events and active users."""
    accounts_service.get_account(session=s, workspace_id=p.workspace_id, account_id=account_id)
    return usage.account_usage(session=s, workspace_id=p.workspace_id, account_id=account_id)
