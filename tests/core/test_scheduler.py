"""The scheduler on real threads and the real clock: a slow job does not hold up a fast one (each lane its own
thread, on the wall clock), a job never runs twice at once, jobs of one lane keep their order; and a job
that raises for one workspace still runs for the others."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.db import unit_of_work
from steward.core.jobs import Periodic, Scheduler, each_workspace
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.models import Account
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.rules import evaluate
from steward.domains.rules import jobs as rules_jobs
from tests.factories import ApiClient, make_tenant

FAST = 0.2


def test_a_slow_job_does_not_delay_a_fast_one() -> None:
    fast_at: list[float] = []
    running, most = [0], [0]
    lock = threading.Lock()

    def slow() -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(1.0)  # a webhook target that times out, a churn retrain
        with lock:
            running[0] -= 1

    scheduler = Scheduler(
        [Periodic("slow", FAST, slow), Periodic("fast", FAST, lambda: fast_at.append(time.time()))]
    )
    scheduler.start()
    time.sleep(2.5)
    scheduler.stop()
    gaps = [b - a for a, b in itertools.pairwise(fast_at)]
    assert len(fast_at) >= 9 and max(gaps) < FAST + 0.2, gaps  # the single shared thread waited 1 s
    assert most[0] == 1  # the slow job never ran twice at once
    assert 1 <= scheduler.runs["slow"] <= 4
    # On the wall clock: after the first run, each run starts just past a multiple of the period.
    assert all((t % FAST) < 0.1 for t in fast_at[1:]), [round(t % FAST, 3) for t in fast_at]


def test_jobs_of_one_lane_run_in_order() -> None:
    seen: list[str] = []
    jobs = [Periodic(name, FAST, lambda n=name: seen.append(n), lane="daily") for name in ("churn", "health")]
    scheduler = Scheduler(jobs)
    scheduler.start()
    time.sleep(0.7)
    scheduler.stop()
    assert len(seen) >= 4 and seen[: len(seen) // 2 * 2] == ["churn", "health"] * (len(seen) // 2)


def test_a_workspace_that_raises_does_not_stop_the_others() -> None:
    workspaces = [make_tenant(f"Loop {n}").id for n in range(3)]
    broken = workspaces[1]

    def work(s: Session, workspace_id: int) -> int:
        accounts_service.create_account(session=s, workspace_id=workspace_id,
                                        data=AccountCreate(external_id="x", name="Written"))  # fmt: skip
        if workspace_id == broken:
            raise RuntimeError("a bug, not a domain error")
        return 1

    assert each_workspace(workspaces, work, "testing") == 2
    with unit_of_work() as s:
        written = set(s.scalars(select(Account.workspace_id).where(Account.workspace_id.in_(workspaces))))
    assert written == set(workspaces) - {broken}  # the failing one rolled back, the others went on


def test_the_daily_rules_run_for_the_other_workspaces(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = {"name": "Every SMB", "enabled": True, "trigger": {"kind": "schedule"},
            "conditions": [{"field": "segment", "op": "eq", "value": "SMB"}],
            "actions": [{"kind": "set_field", "field": "lifecycle_stage", "value": "adoption"}]}  # fmt: skip
    other = make_tenant("Other")
    other_api = api.as_key(other.keys["admin"])
    for client in (api, other_api):
        client.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "SMB"})
        assert client.post("/rules", json=rule).status_code == 201
    real = evaluate.run_many

    def run_many(s: Session, rules: list, workspace_id: int, *args: object) -> list:  # type: ignore[type-arg]
        if workspace_id != other.id:
            raise RuntimeError("boom")
        return real(s, rules, workspace_id, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluate, "run_many", run_many)
    monkeypatch.setattr(rules_jobs, "_daily", rules_jobs.OncePerDay())
    assert rules_jobs.run_daily() == 1
    assert other_api.get("/accounts").json()["items"][0]["lifecycle_stage"] == "adoption"
