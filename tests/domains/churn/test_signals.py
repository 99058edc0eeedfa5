"""Churn signal families: computed as of the snapshot day only (a planted future event changes nothing),
reasons that name them, the lead-time figures, and the families switched off for ablation; a recurring
issue read from the database counts from its detection."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from steward.analytics import churn_training
from steward.analytics.churn_lead_time import lead_time, precision_threshold
from steward.analytics.churn_signals import FAMILIES, SIGNAL_COLUMNS, SignalTables, signals_at
from steward.analytics.churn_snapshots import AccountTables, describe, features_at, snapshot_spec
from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.domains.churn import history
from steward.domains.tickets.models import Ticket
from tests.domains.tickets.test_support_measures import _issue
from tests.domains.tickets.test_tickets import _account, _iso
from tests.factories import ApiClient

DAY = date(2026, 3, 31)


def _ts(d: date, hour: int = 12) -> pd.Timestamp:
    return pd.Timestamp(d) + pd.Timedelta(hours=hour)


def _tables(signals: SignalTables) -> AccountTables:
    subs = pd.DataFrame({
        "account_id": [1, 2], "start_date": [pd.Timestamp("2025-01-01")] * 2,
        "end_date": [pd.Timestamp("2026-12-31")] * 2, "amount_minor": [100_000, 50_000],
        "billing_period": ["year", "year"], "seats": [10, 5], "auto_renew": [1.0, 0.0],
        "notice_days": [30, 30], "plan": ["pro", "pro"],
    })  # fmt: skip
    subs["start_date"] = subs["start_date"].astype("datetime64[s]")
    subs["end_date"] = subs["end_date"].astype("datetime64[s]")
    accounts = pd.DataFrame({"account_id": [1, 2], "segment": ["SMB"] * 2, "tier": [""] * 2,
                             "industry": [""] * 2, "region": [""] * 2, "arr_minor": [1, 1],
                             "name": ["A", "B"]})  # fmt: skip
    activities = pd.DataFrame({"account_id": [1], "kind": ["call"], "day": [pd.Timestamp("2026-03-01")]})
    activities["day"] = activities["day"].astype("datetime64[s]")
    contacts = pd.DataFrame({"account_id": [1, 2], "contacts": [3, 1]})
    return AccountTables(accounts, subs, activities, contacts, signals)


def _add(frame: pd.DataFrame, *row: object) -> None:
    frame.loc[len(frame)] = pd.Series(row, index=frame.columns)


def _signals(future: bool) -> SignalTables:
    """Two accounts' history up to DAY; with `future`, one more event of every kind after DAY (the next
    morning, and a month on), and past rows whose outcome (solved, answered, closed) came after DAY."""
    days = pd.date_range(DAY - timedelta(days=89), DAY, freq="D")
    usage = pd.DataFrame({
        "account_id": np.repeat([1, 2], len(days)), "day": list(days) * 2,
        "events": [10] * len(days) + [4] * len(days), "key_events": [2] * len(days) + [0] * len(days),
        "users": [5] * 60 + [3] * 30 + [2] * len(days),
    })  # fmt: skip
    tickets = pd.DataFrame({"account_id": [1, 2], "created": [_ts(DAY - timedelta(days=10))] * 2,
                            "solved": [_ts(DAY - timedelta(days=9)), pd.NaT]})  # fmt: skip
    breaches = pd.DataFrame({"account_id": [2], "ticket": [7], "at": [_ts(DAY - timedelta(days=5))]})
    csat = pd.DataFrame({"account_id": [1], "at": [_ts(DAY - timedelta(days=8))], "good": [True]})
    issues = pd.DataFrame({"account_id": [2], "first": [_ts(DAY - timedelta(days=20))],
                           "detected": [_ts(DAY - timedelta(days=15))], "closed": [pd.NaT]})  # fmt: skip
    answers = pd.DataFrame({
        "account_id": [1, 2, 2], "at": [_ts(DAY - timedelta(days=40)), _ts(DAY - timedelta(days=30)),
                                        _ts(DAY - timedelta(days=150))],
        "kind": ["nps"] * 3, "score": [10.0, 3.0, 9.0], "sentiment": ["positive", "negative", None],
    })  # fmt: skip
    invites = pd.DataFrame({"account_id": [1, 2], "at": [_ts(DAY - timedelta(days=41))] * 2,
                            "answered": [_ts(DAY - timedelta(days=40)), pd.NaT]})  # fmt: skip
    health = pd.DataFrame({"account_id": [1, 1, 2], "day": [pd.Timestamp(DAY - timedelta(days=30)),
                           pd.Timestamp(DAY), pd.Timestamp(DAY)], "scorecard": [1, 1, 1],
                           "overall": [70.0, 80.0, 35.0], "grade": ["B", "A", "D"]})  # fmt: skip
    if future:
        for later in (DAY + timedelta(days=1), DAY + timedelta(days=30)):
            _add(usage, 2, pd.Timestamp(later), 500, 400, 40)
            _add(tickets, 1, _ts(later, 0), pd.NaT)
            _add(breaches, 1, 8, _ts(later, 0))
            _add(csat, 2, _ts(later, 0), False)
            _add(issues, 1, _ts(later, 0), _ts(later, 0), pd.NaT)
            # Today's grouping of a ticket from before the day: the issue was detected only after it.
            _add(issues, 1, _ts(DAY - timedelta(days=5)), _ts(later, 0), pd.NaT)
            _add(answers, 1, _ts(later, 0), "nps", 0.0, "negative")
            _add(invites, 1, _ts(later, 0), pd.NaT)
            _add(health, 2, pd.Timestamp(later), 1, 99.0, "A")
        tickets.loc[0, "solved"] = _ts(DAY + timedelta(days=1), 0)  # solved after the day: open on it
        invites.loc[1, "answered"] = _ts(DAY + timedelta(days=2))  # answered after the day: not on it
        issues.loc[0, "closed"] = _ts(DAY + timedelta(days=3))
    return SignalTables(usage, tickets, breaches, csat, issues, answers, invites, health)


def test_no_feature_sees_an_event_after_the_snapshot_day() -> None:
    before = features_at(_tables(_signals(future=False)), DAY)
    with_future = features_at(_tables(_signals(future=True)), DAY)
    assert set(SIGNAL_COLUMNS) <= set(before.columns)
    # Ticket 0 solved later, invite 1 answered later, issue closed later: as of DAY they were open/unanswered,
    # exactly as if those outcomes had not happened yet; an issue detected after DAY is not seen on it, even
    # for a ticket from before.
    expected = before.copy()
    expected.loc[1, "support_open_tickets"] = 1.0
    pd.testing.assert_frame_equal(with_future, expected)
    a, b = before.loc[1], before.loc[2]
    assert a["usage_active_users_30d"] == 3.0 and abs(a["usage_active_users_change"] - (3 / 5 - 1)) < 1e-9
    assert a["usage_seat_utilisation"] == 0.3 and a["usage_key_adoption_30d"] == 0.2
    assert a["usage_days_since_use"] == 0.0 and a["usage_trend_30d"] == 0.0
    assert (
        b["support_open_tickets"] == 1
        and b["support_breaches_90d"] == 1
        and b["support_recurring_issues"] == 1
    )
    assert a["support_csat_90d"] == 100 and np.isnan(b["support_csat_90d"])
    assert (
        b["voice_nps_180d"] == 0.0 and b["voice_detractors_180d"] == 1 and b["voice_negative_share_180d"] == 1
    )
    assert b["voice_nps_change_90d"] == -100.0 and b["voice_nonresponse_180d"] == 1.0
    assert a["health_score"] == 80 and a["health_change_30d"] == 10 and a["health_grade"] == "A"
    # The day itself counts (scores are end-of-day): the health score stored on DAY is seen on DAY.
    assert b["health_score"] == 35


def test_families_switch_off_and_reasons_name_the_signals() -> None:
    X = features_at(_tables(_signals(future=False)), DAY)
    X = pd.concat([X] * 40, ignore_index=True)
    X["usage_active_users_change"] = np.linspace(-0.9, 0.5, len(X))  # varies, so it is learned from
    spec = snapshot_spec(X)
    assert "usage_active_users_change" in spec.numeric
    assert not set(snapshot_spec(X, families=()).columns) & set(SIGNAL_COLUMNS)
    without_usage = snapshot_spec(X, families=("support", "voice", "health")).columns
    assert not set(without_usage) & set(FAMILIES["usage"])
    assert describe("usage_active_users_change", -0.4) == "active users down 40% in 30 days"
    assert describe("support_breaches_90d", 3.0) == "3 SLA breaches in 90 days"
    assert describe("voice_nps_change_90d", -25.0) == "NPS down 25 points in 90 days"
    assert describe("voice_nonresponse_180d", 0.75) == "75% of surveys unanswered"
    assert describe("health_change_30d", -12.0) == "health score down 12 points in 30 days"
    assert describe("usage_days_since_use", 21.0) == "no product use for 21 days"


def test_lead_time_sets_the_threshold_on_earlier_days_and_flags_later_ones() -> None:
    # Three backtest days 30 apart; accounts 1 and 2 churn, 3 to 8 stay.
    days = np.array([np.datetime64("2026-01-01"), np.datetime64("2026-01-31"), np.datetime64("2026-03-02")])
    accounts = np.repeat(np.arange(1, 9), 3)
    day = np.tile(days, 8)
    y = np.array([1] * 6 + [0] * 18)
    risk = np.array([0.2, 0.7, 0.9, 0.1, 0.1, 0.8, 0.3, 0.75, 0.2] + [0.1] * 15)
    left = pd.Series(pd.to_datetime(["2026-03-20", "2026-03-10"]), index=[1, 2])
    result = lead_time("model", y=y, risk=risk, accounts=accounts, days=day, churn_days=left, target=0.5)
    # On the first day alone, flagging down to 0.2 keeps 1 of 2 flagged rows churners' (0.1 would be 2 of 8).
    assert precision_threshold(y[::3], risk[::3], 0.5) == (0.2, 0.5)
    # Day 2 is flagged at 0.2 (set on day 1: accounts 1 and 3), day 3 at 0.2 (set on days 1 and 2: accounts 1,
    # 2 and 3): 3 of the 5 flags are churners'. The first day's own flags never count: nothing set them.
    assert result.threshold == 0.2 and result.precision == 0.6
    assert result.churners == 2 and result.flagged == 2 and result.flagged_share == 1.0
    # Account 1 first flagged 2026-01-31 (48 days before 2026-03-20), account 2 on 2026-03-02 (8 days).
    assert result.median_lead_days == 28.0
    # A threshold set on the later days' own risks is never used on them: nothing earlier reaches 90%.
    strict = lead_time("model", y=y, risk=risk, accounts=accounts, days=day, churn_days=left, target=0.9)
    assert strict.flagged == 0 and strict.threshold is None and "on the earlier days" in strict.note
    nothing = lead_time("health", y=y, risk=np.full(24, np.nan), accounts=accounts, days=day, churn_days=left)
    assert nothing.flagged_share is None and nothing.note == "no value on the backtest days"
    once = lead_time("m", y=y[::3], risk=risk[::3], accounts=accounts[::3], days=day[::3], churn_days=left)
    assert once.flagged == 0 and once.note.startswith("one backtest day")


def test_too_little_history_says_how_much_is_needed() -> None:
    tables = _tables(_signals(future=False))
    try:
        churn_training.train(tables, today=DAY)
    except churn_training.NotEnoughHistory as exc:
        assert "at least 50 account snapshots" in str(exc)
    else:
        raise AssertionError("two accounts cannot train a model")


def test_a_recurring_issue_counts_from_its_detection_in_the_stored_history(api: ApiClient) -> None:
    # An account's ticket from 10 days ago, grouped into an issue detected 3 days ago and one detected today.
    acme = _account(api)
    created = now_utc() - timedelta(days=10)
    body = {"subject": "Export fails", "account_id": acme["id"], "created_at": _iso(created)}
    ticket_id = int(api.post("/tickets", json=body).json()["id"])
    with unit_of_work() as s:
        ticket = s.get_one(Ticket, ticket_id)
        _issue(s, "open", 0, ticket, detected_days_ago=3)
        _issue(s, "open", 0, ticket)
        signals = history.load_signals(s, ticket.workspace_id, None, today_utc() - timedelta(days=30))
    assert list(signals.issues.columns) == ["account_id", "first", "detected", "closed"]
    caught = {
        ago: signals_at(signals, today_utc() - timedelta(days=ago), pd.Index([acme["id"]]), pd.Series(),
                        families=("support",)).loc[acme["id"], "support_recurring_issues"]
        for ago in (5, 3, 0)
    }  # fmt: skip
    assert caught == {5: 0.0, 3: 1.0, 0: 2.0}
