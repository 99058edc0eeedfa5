"""The survey list's figures counted in SQL (answers per survey, score over the year and in the latest
month) and the reports read from plain rows equal the straightforward computation over the responses
loaded whole, with answers on both sides of month ends (UTC), unscored answers and several surveys."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from steward.analytics import nps
from steward.core.clock import report_window, start_of_day
from steward.core.db import unit_of_work
from steward.domains.surveys import measures, queries, reports
from steward.domains.surveys.measures import score_row
from steward.domains.surveys.models import SurveyInvite, SurveyResponse
from tests.factories import ApiClient, Tenant


def _answers(
    tenant: Tenant, surveys: dict[str, int], today: datetime, accounts: tuple[int | None, ...] = (None,)
) -> None:
    rng = random.Random(7)
    scale = {"nps": 10, "csat": 5, "ces": 7}
    with unit_of_work() as s:
        for kind, survey_id in surveys.items():
            for n in range(120):
                day = today - timedelta(days=rng.randrange(0, 420))
                # some at the very start or end of a UTC day, so month ends are tested
                at = datetime.combine(
                    day.date(), rng.choice([time(0, 0, 1), time(23, 59, 59), time(12)]), UTC
                )
                score = None if n % 11 == 0 else rng.randint(0 if kind == "nps" else 1, scale[kind])
                verdict = None if score is None else nps.verdict(kind, score)  # type: ignore[arg-type]
                s.add(
                    SurveyResponse(
                        workspace_id=tenant.id, survey_id=survey_id, channel="import", wave=n % 3,
                        score=score, verdict=verdict, responded_at=at, account_id=accounts[n % len(accounts)],
                        answers={},
                    )
                )  # fmt: skip


def test_report_figures_equal_the_computation_over_whole_responses(api: ApiClient, tenant: Tenant) -> None:
    surveys = {
        kind: api.post("/surveys", json={"name": f"{kind} survey", "kind": kind}).json()["id"]
        for kind in ("nps", "csat", "ces")
    }
    today = datetime.now(UTC)
    _answers(tenant, surveys, today)
    start, end = report_window(None, None, 365)
    with unit_of_work() as s:
        got = reports.by_survey(session=s, workspace_id=tenant.id, start=start, end=end)
        whole = queries.responses(s, tenant.id, start=start_of_day(start), end=start_of_day(end), limit=None)
        per: dict[int, list[SurveyResponse]] = defaultdict(list)
        for r in whole:
            per[r.survey_id].append(r)
        kinds = {v: k for k, v in surveys.items()}
        for survey_id, answers in per.items():
            month = max(a.responded_at for a in answers).strftime("%Y-%m")
            recent = [a for a in answers if a.responded_at.strftime("%Y-%m") == month]
            kind = kinds[survey_id]
            summary = got[survey_id]
            assert summary.responses == len(answers)
            assert summary.month == month
            assert summary.score == score_row(kind, "all", "All", answers).score
            assert summary.latest == score_row(kind, month, month, recent).score
        assert set(got) == set(per) == set(surveys.values())

        for kind in surveys:
            report = reports.report(session=s, workspace_id=tenant.id, kind=kind)  # type: ignore[arg-type]
            scored = [r for r in whole if r.survey_id == surveys[kind] and r.score is not None]
            assert report.overall == score_row(kind, "all", "All", scored)
            months: dict[str, list[SurveyResponse]] = defaultdict(list)
            for r in scored:
                months[r.responded_at.strftime("%Y-%m")].append(r)
            assert [(row.key, row.responses, row.score) for row in report.rows] == [
                (m, len(rows), score_row(kind, m, m, rows).score) for m, rows in sorted(months.items())
            ]


def test_account_measures_equal_the_computation_over_whole_responses(api: ApiClient, tenant: Tenant) -> None:
    surveys = {
        kind: api.post("/surveys", json={"name": f"{kind} survey", "kind": kind}).json()["id"]
        for kind in ("nps", "csat")
    }
    accounts = tuple(
        api.post("/accounts", json={"external_id": f"a{i}", "name": f"A{i}"}).json()["id"] for i in range(3)
    )
    today = datetime.now(UTC)
    _answers(tenant, surveys, today, (*accounts, None))
    days = [today.date(), today.date() - timedelta(days=100)]
    kinds = {v: k for k, v in surveys.items()}
    with unit_of_work() as s:
        got = measures.account_measures(s, tenant.id, days, None)
        some = measures.account_measures(s, tenant.id, days[:1], accounts[:1])
        whole = queries.responses(s, tenant.id, limit=None)
    for day in days:
        since = start_of_day(day - timedelta(days=measures.ACCOUNT_WINDOW_DAYS - 1))
        until = start_of_day(day + timedelta(days=1))
        per: dict[int, dict[str, list[SurveyResponse]]] = defaultdict(lambda: defaultdict(list))
        for r in whole:
            if r.account_id is not None and r.score is not None and since <= r.responded_at < until:
                per[r.account_id][kinds[r.survey_id]].append(r)
        frame = got[day]
        assert sorted(frame.index) == sorted(per)
        for a, k in per.items():
            assert frame.loc[a, "nps_180d"] == score_row("nps", "", "", k["nps"]).score or not k["nps"]
            assert frame.loc[a, "csat_180d"] == score_row("csat", "", "", k["csat"]).score or not k["csat"]
            assert frame.loc[a, "survey_responses_180d"] == len(k["nps"]) + len(k["csat"])
    assert list(some[days[0]].index) == [accounts[0]]
    assert some[days[0]].loc[accounts[0]].equals(got[days[0]].loc[accounts[0]])


def _fatigue_by_hand(
    invites: list[tuple[int, int, datetime, datetime | None]], start: datetime, end: datetime
) -> list[tuple[str, int, int]]:
    """The loop the page ran over every invitation of the window (id, contact, created, responded)."""
    lookback = start - timedelta(days=180)
    earlier: dict[int, list[datetime]] = defaultdict(list)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, contact, created, responded in sorted(invites, key=lambda i: (i[2], i[0])):
        if not lookback <= created < end:
            continue
        before = [t for t in earlier[contact] if t >= created - timedelta(days=180)]
        earlier[contact] = [*before, created]
        if created < start:
            continue
        key = f"{min(len(before), 3)}{'+' if len(before) >= 3 else ''} before"
        per[key][0] += 1
        per[key][1] += responded is not None
    return [(k, i, a) for k, (i, a) in sorted(per.items())]


def test_fatigue_counted_in_sql_equals_the_loop(api: ApiClient, tenant: Tenant) -> None:
    survey = api.post("/surveys", json={"name": "nps", "kind": "nps"}).json()["id"]
    account = api.post("/accounts", json={"external_id": "a", "name": "A"}).json()["id"]
    people = [{"external_id": f"c{n}", "account_id": account, "email": f"c{n}@x.test"} for n in range(4)]
    contacts = [api.post("/contacts", json=p).json()["id"] for p in people]
    now = datetime.now(UTC).replace(microsecond=123456)
    rng = random.Random(3)
    offsets = [timedelta(days=d) for d in (400, 300, 250, 220, 180, 120, 90, 60, 30, 10, 0)]
    with unit_of_work() as s:
        for contact in contacts:
            made = [now - rng.choice(offsets) - timedelta(seconds=rng.randrange(3)) for _ in range(9)]
            made += [made[0], made[1] - timedelta(days=180)]  # a tie, and one exactly 180 days before
            for n, at in enumerate(made):
                s.add(
                    SurveyInvite(
                        workspace_id=tenant.id, survey_id=survey, contact_id=contact, account_id=account,
                        wave=n, to_address="x@x.test", language="en", nonce=f"{contact}-{n}", created_at=at,
                        expires_at=at + timedelta(days=30), responded_at=at if n % 3 == 0 else None,
                    )
                )  # fmt: skip
    with unit_of_work() as s:
        rows = s.execute(
            select(
                SurveyInvite.id, SurveyInvite.contact_id, SurveyInvite.created_at, SurveyInvite.responded_at
            )
        ).all()
        invites = [(int(i), int(c), t, r) for i, c, t, r in rows]
        for days in (365, 200, 30):
            start, end = report_window(None, None, days)
            got = reports.fatigue(session=s, workspace_id=tenant.id, start=start, end=end)
            expected = _fatigue_by_hand(invites, start_of_day(start), start_of_day(end))
            assert [(r.key, r.invited, r.answered) for r in got] == expected
            assert sum(r.invited for r in got) > 0
