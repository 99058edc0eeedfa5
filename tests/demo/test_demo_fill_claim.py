"""One filler per workspace: the backfill row is claimed by a conditional update, renewed with each commit and
lapsing when its filler dies, so a second `steward demo` while one fills waits instead of writing the
history twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.demo import history
from steward.domains.workspaces import backfills
from steward.domains.workspaces.models import WorkspaceBackfill
from tests.factories import Tenant


def _begin(workspace_id: int) -> None:
    with unit_of_work() as s:
        backfills.begin(session=s, workspace_id=workspace_id, kind=history.KIND, state={"done": []})


def _claim(workspace_id: int, holder: str) -> bool:
    with unit_of_work() as s:
        return backfills.claim(session=s, workspace_id=workspace_id, holder=holder)


def test_one_claim_at_a_time_renewed_released_and_lapsing(tenant: Tenant) -> None:
    _begin(tenant.id)
    assert _claim(tenant.id, "first") is True
    assert _claim(tenant.id, "first") is True  # its own: renewed
    with pytest.raises(backfills.ClaimedElsewhere) as busy:
        _claim(tenant.id, "second")
    assert busy.value.holder == "first" and busy.value.until is not None and busy.value.until > now_utc()
    with pytest.raises(backfills.ClaimedElsewhere), unit_of_work() as s:  # a piece saved by a non-holder
        backfills.save(session=s, workspace_id=tenant.id, progress=0.5, state={"x": 1}, holder="second")
    with unit_of_work() as s:
        assert backfills.unfinished(session=s, workspace_id=tenant.id) == {"done": []}  # rolled back

    with unit_of_work() as s:  # the first filler died: its claim is not renewed and lapses
        s.execute(update(WorkspaceBackfill).values(claimed_until=now_utc() - timedelta(seconds=1)))
    assert _claim(tenant.id, "second") is True
    with pytest.raises(backfills.ClaimedElsewhere), unit_of_work() as s:  # the first, back, must not write
        backfills.save(session=s, workspace_id=tenant.id, progress=0.5, state={}, holder="first")
    with unit_of_work() as s:
        backfills.release(session=s, workspace_id=tenant.id, holder="second")
    assert _claim(tenant.id, "third") is True
    with unit_of_work() as s:
        backfills.finish(session=s, workspace_id=tenant.id)
    assert _claim(tenant.id, "fourth") is False  # nothing left to fill


def test_a_second_fill_while_one_holds_the_claim_says_so_and_writes_nothing(tenant: Tenant) -> None:
    _begin(tenant.id)
    assert _claim(tenant.id, "serving demo")
    with pytest.raises(backfills.ClaimedElsewhere, match="another process"):
        history.fill(tenant.id)
    with unit_of_work() as s:
        row = s.get(WorkspaceBackfill, tenant.id)
        assert row is not None and row.claimed_by == "serving demo" and row.progress == 0.0
    with unit_of_work() as s:
        backfills.finish(session=s, workspace_id=tenant.id)
    assert history.fill(tenant.id) is True  # finished: nothing to claim or write
