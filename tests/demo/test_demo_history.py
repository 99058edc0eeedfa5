"""The demo in parts (demo/history.py): the workspace and its people first; then, behind the pages in short
transactions, the current picture (recent usage, health, CTAs ...) and the long history. Pages answer during
the fill and say how far it is; an interrupted fill goes on where it stopped; once done, the workspace holds
what a full build_demo writes (rollups and tallies included)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from steward.core import changes
from steward.core.db import unit_of_work
from steward.demo import history
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.churn.models import ChurnScore
from steward.domains.ctas.models import Cta
from steward.domains.events.models import (
    Event,
    EventSender,
    EventTally,
    UsageDaily,
    UsageFirstDay,
    UsageLastDay,
    UsageWorkspaceDaily,
)
from steward.domains.health.models import HealthScore
from steward.domains.surveys.models import SurveyResponse
from steward.domains.tickets.models import Ticket
from steward.domains.workspaces import backfills
from steward.web.ui import history_note
from tests.factories import wipe_database
from tests.factories.demo_cache import DEMO_60, demo_workspace
from tests.web.test_ui import login

FED_PAGES = ["/usage", "/sources", "/risk", "/support", "/tickets", "/surveys"]


def _snapshot() -> dict[str, Any]:
    """What the pages read of the history: the rollups, tallies and counts of every later step."""
    with unit_of_work() as s:
        rows = {
            table.__name__: sorted(tuple(r) for r in s.execute(select(*columns)))
            for table, columns in (
                (UsageDaily, [UsageDaily.day, UsageDaily.account_id, UsageDaily.event, UsageDaily.count,
                              UsageDaily.users]),
                (UsageWorkspaceDaily, [UsageWorkspaceDaily.day, UsageWorkspaceDaily.events,
                                       UsageWorkspaceDaily.active_users]),
                (UsageFirstDay, [UsageFirstDay.account_id, UsageFirstDay.event, UsageFirstDay.day]),
                (UsageLastDay, [UsageLastDay.account_id, UsageLastDay.event, UsageLastDay.day]),
                (EventSender, [EventSender.kind, EventSender.key]),
                (Ticket, [Ticket.account_id, Ticket.subject, Ticket.status]),
                (SurveyResponse, [SurveyResponse.contact_id, SurveyResponse.score]),
                (Cta, [Cta.account_id, Cta.title, Cta.status]),
            )
        }  # fmt: skip
        rows["events"] = s.scalar(select(func.count()).select_from(Event))
        rows["tally"] = s.scalar(select(func.sum(EventTally.events)))
        rows["health"] = sorted(
            (h.account_id, h.scorecard_id, h.day, None if h.overall is None else round(h.overall, 6))
            for h in s.scalars(select(HealthScore))
        )
        rows["churn_scores"] = s.scalar(select(func.count()).select_from(ChurnScore))
    return rows


def _without(snapshot: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in snapshot.items() if k not in keys}


@pytest.mark.timeout(
    900
)  # two builds of the 60-account demo (the cached full one when no earlier test made it)
def test_people_first_then_the_picture_and_the_history_fill_in_and_end_as_a_full_build(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = date.today()
    demo_workspace(DEMO_60, today)  # the suite's full build_demo, cached
    full = _snapshot()
    wipe_database()
    # As in `steward demo`: no rescoring on commit in the processes that build and fill (tests run the app's
    # change listeners in-process, which would rescore between the fill's transactions).
    monkeypatch.setattr(changes, "_listeners", [])

    with unit_of_work() as s:
        ctx = history.build_core(session=s, scale=DEMO_60, today=today)
    ws = ctx.workspace_id
    core = _snapshot()
    assert core["events"] == 0 and core["Cta"] == [] and core["health"] == []
    browser = login(TestClient(app_client.app), DEMO_EMAIL, DEMO_PASSWORD)
    for page in ["/cockpit", "/portfolio", *FED_PAGES]:  # every page says the picture is still being built
        r = browser.get(page)
        assert r.status_code == 200, (page, r.text[:300])
        assert 'data-current="building"' in r.text and "still building this demo" in r.text, page

    assert history.fill(ws, transactions=1) is False  # interrupted after its first commit
    with unit_of_work() as s:
        first = backfills.filling(session=s, workspace_id=ws)
        assert first is not None and 0 < first.share < 1
        assert first.stage in ("product usage", "health scores") and not first.current_ready
    assert history.fill(ws, until_current=True) is False  # usage, health, CTAs, renewals ... are in
    current = _snapshot()
    assert 0 < current["events"] < full["events"] and current["Ticket"] == [] and current["health"]
    # Rules read at most 60 days of usage: their CTAs are there now (tickets and answers add more later).
    assert current["Cta"] and set(current["Cta"]) < set(full["Cta"])
    with unit_of_work() as s:
        ready = backfills.filling(session=s, workspace_id=ws)
        assert ready is not None and ready.current_ready and first.share < ready.share < 1
    time.sleep(history_note.SECONDS + 0.5)  # the note's last read of the progress expires
    for page in FED_PAGES:
        r = browser.get(page)
        assert r.status_code == 200, (page, r.text[:300])
        assert 'id="history-filling"' in r.text and "still filling in the background" in r.text, page
    assert 'id="history-filling"' not in browser.get("/cockpit").text  # a page the history does not feed

    assert history.fill(ws, transactions=2) is False  # and again, later on
    with unit_of_work() as s:
        second = backfills.filling(session=s, workspace_id=ws)
        assert second is not None and ready.share < second.share < 1
    assert history.fill(ws) is True
    with unit_of_work() as s:
        assert backfills.filling(session=s, workspace_id=ws) is None
    done = _snapshot()
    assert set(current["Cta"]) <= set(done["Cta"])
    # Health and CTAs: the cached build was rescored on commit by this process's listeners (the app's
    # lifespan), which neither `steward demo` process has; everything the fill itself writes is compared.
    assert _without(done, "Cta", "health") == _without(full, "Cta", "health")
    assert history.fill(ws) is True and _snapshot() == done  # nothing left: a second run writes nothing
    time.sleep(history_note.SECONDS + 0.5)  # the note's last read of the progress expires
    assert 'id="history-filling"' not in browser.get("/usage").text
