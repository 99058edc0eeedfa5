"""The workspace's daily series, each account's first use of an event, its event totals and active people
over a window and each event's use since a day, read from their own rollups, equal the straightforward
computation over the per-event rollups: with a person active at two accounts on one day (counted once),
and after late events move first days back."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.domains.events import queries
from steward.domains.events.models import ActiveUserDay, UsageDaily
from tests.domains.events.test_usage import _messages, _send
from tests.factories import ApiClient, Tenant

EVENTS = ("Login", "Report Built", "Export")


def _by_hand(workspace_id: int, first: date, last: date) -> tuple[list[tuple[date, int, int]], dict]:
    """The daily series and first uses computed from the per-account rollups, as before these tables."""
    with unit_of_work() as s:
        in_range = (UsageDaily.workspace_id == workspace_id, UsageDaily.day >= first, UsageDaily.day <= last)
        per_day = select(UsageDaily.day, func.sum(UsageDaily.count)).where(*in_range)
        sums = dict(s.execute(per_day.group_by(UsageDaily.day)).all())
        heads = dict(
            s.execute(
                select(ActiveUserDay.day, func.count(func.distinct(ActiveUserDay.user_key)))
                .where(ActiveUserDay.workspace_id == workspace_id)
                .group_by(ActiveUserDay.day)
            ).all()
        )
        daily = [(d, int(sums[d]), int(heads.get(d, 0))) for d in sorted(sums)]
        kinds = func.count(func.distinct(UsageDaily.event))
        used = select(UsageDaily.account_id, func.min(UsageDaily.day), kinds).where(
            UsageDaily.workspace_id == workspace_id, UsageDaily.event.in_(EVENTS[1:])
        )
        firsts = {
            int(a): (d if isinstance(d, date) else date.fromisoformat(d), int(n))
            for a, d, n in s.execute(used.group_by(UsageDaily.account_id))
        }
    return daily, firsts


def _totals_agree(workspace_id: int, first: date, last: date) -> None:
    with unit_of_work() as s:
        query = select(UsageDaily.account_id, func.sum(UsageDaily.count)).where(
            UsageDaily.workspace_id == workspace_id, UsageDaily.day >= first, UsageDaily.day <= last
        )
        by_hand = {int(a): int(n) for a, n in s.execute(query.group_by(UsageDaily.account_id))}
        assert queries.event_totals(s, workspace_id, first, last, None) == by_hand
        one = sorted(by_hand)[:1]
        assert queries.event_totals(s, workspace_id, first, last, one) == {a: by_hand[a] for a in one}
        used = select(
            UsageDaily.event, func.sum(UsageDaily.count), func.count(func.distinct(UsageDaily.account_id))
        )
        rows = s.execute(
            used.where(UsageDaily.workspace_id == workspace_id, UsageDaily.day >= first).group_by(
                UsageDaily.event
            )
        )
        by_event = sorted(((str(e), int(n), int(a)) for e, n, a in rows), key=lambda r: (-r[1], r[0]))
        assert queries.event_counts(s, workspace_id, first) == by_event
        people = select(ActiveUserDay.account_id, func.count(func.distinct(ActiveUserDay.user_key))).where(
            ActiveUserDay.workspace_id == workspace_id, ActiveUserDay.day >= first, ActiveUserDay.day <= last
        )  # the window reaching today reads each person's last day; the older one counts the days
        active = {int(a): int(n) for a, n in s.execute(people.group_by(ActiveUserDay.account_id))}
        assert queries.active_users(s, workspace_id, first, last, None) == active
        assert queries.active_users(s, workspace_id, first, last, one) == {
            a: active[a] for a in one if a in active
        }


def _read(workspace_id: int, first: date, last: date) -> tuple[list[tuple[date, int, int]], dict]:
    _totals_agree(workspace_id, first + timedelta(days=60), last)
    _totals_agree(workspace_id, first, last - timedelta(days=30))
    with unit_of_work() as s:
        return (
            queries.daily(s, workspace_id, None, first, last),
            queries.first_use(s, workspace_id, EVENTS[1:], None),
        )


def test_workspace_days_and_first_uses_equal_the_computation(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    today = today_utc()
    api.post("/accounts", json={"external_id": "acme", "name": "Acme"})
    api.post("/accounts", json={"external_id": "globex", "name": "Globex"})
    plan = [(d, f"u{d % 3}", EVENTS[d % 3], 1 + d % 2) for d in range(0, 12)]
    _send(app_client, tenant.write_key, _messages(today, plan))
    both = _messages(today, [(d, "u1", "Export", 2) for d in (1, 4)], prefix="g")  # u1 at both accounts
    for m in both:
        m["context"] = {"groupId": "globex"}
    _send(app_client, tenant.write_key, both)
    api.post("/usage/rollup")
    first, last = today - timedelta(days=89), today
    daily, firsts = _read(tenant.id, first, last)
    assert (daily, firsts) == _by_hand(tenant.id, first, last)
    assert (today - timedelta(days=1), 2 + 2, 1) in daily  # u1 at Acme and at Globex, counted once

    # Late events 40 days back: each account's first use of Export moves back to that day.
    late = _messages(today, [(40, "u2", "Export", 1)], prefix="late")
    late_globex = _messages(today, [(40, "u9", "Report Built", 1)], prefix="late-g")
    for m in late_globex:
        m["context"] = {"groupId": "globex"}
    _send(app_client, tenant.write_key, late + late_globex)
    api.post("/usage/rollup")
    daily, firsts = _read(tenant.id, first, last)
    assert (daily, firsts) == _by_hand(tenant.id, first, last)
    assert {d for d, _ in firsts.values()} == {today - timedelta(days=40)}
    with unit_of_work() as s:
        accounts = list(firsts)
        assert queries.used_events(s, tenant.id, accounts[0], EVENTS) | queries.used_events(
            s, tenant.id, accounts[1], EVENTS
        ) == set(EVENTS)
