"""Churn signal families: the backtest's ROC AUC and lead time with every family, each family removed in
turn, the previous feature set and the health score alone; then training and rescoring time for 20,000
accounts with all families beside the previous feature set, in the same run.

Usage: python bench/churn_signals.py [--accounts 20000] [--ablation-accounts 3000] [--precision 0.5]
The workspace is generated as the frames the churn analytics read (what `domains/churn/history.load`
returns; the database read is not timed): two years of yearly terms whose renewals follow a hidden health,
and as in the demo each churner warns through one channel only for 150 days before it leaves (timeline
activity, product usage, tickets and SLA breaches, or NPS); health scores weekly, following the hidden
health and the channels' signs weakly. One OpenMP thread, as the product trains (domains/churn/service.py).
"""

from __future__ import annotations

import argparse
import time
import warnings
from datetime import date, timedelta

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table
from threadpoolctl import threadpool_limits

from steward.analytics import churn_training
from steward.analytics.churn_signals import ALL_FAMILIES, SignalTables
from steward.analytics.churn_snapshots import AccountTables, labelled_snapshots, snapshot_days

TODAY = date(2026, 12, 1)
YEARS = 2
CHANNELS = ("activity", "usage", "support", "voice")


def _ts(days: np.ndarray) -> np.ndarray:
    return (np.datetime64(TODAY, "D") - days.astype("timedelta64[D]")).astype("datetime64[s]")


def generate(n: int, seed: int = 0) -> AccountTables:
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n + 1)
    health = rng.normal(size=n)
    start_ago = rng.integers(60, 365 * YEARS + 200, n)  # days before TODAY
    seats = rng.integers(3, 60, n)
    subs, leaves = [], np.full(n, -1)  # leaves: days before TODAY it left or will (negative: stays)
    for i in range(n):
        begin = start_ago[i]
        while True:
            end = begin - 365
            subs.append((ids[i], begin, end, seats[i]))
            if end <= -365:
                break
            if rng.random() < 1 / (1 + np.exp(2.0 + 1.3 * health[i])):
                leaves[i] = end
                break
            begin = end
    s = pd.DataFrame(subs, columns=["account_id", "begin", "end", "seats"])
    subscriptions = pd.DataFrame({
        "account_id": s["account_id"], "start_date": _ts(s["begin"].to_numpy()),
        "end_date": _ts(s["end"].to_numpy()), "amount_minor": s["seats"] * 12_000, "billing_period": "year",
        "seats": s["seats"].astype(float), "auto_renew": 1.0, "notice_days": 30.0, "plan": "pro",
    })  # fmt: skip
    channel = np.array(CHANNELS)[rng.integers(0, 4, n)]
    warns = {c: (leaves > -150) & (channel == c) for c in CHANNELS}  # leaving within the data, or soon after

    def fading(family: str, ago: np.ndarray, who: np.ndarray) -> np.ndarray:
        """1 normally; falling towards 0.2 over the 150 days before a warning account leaves."""
        to_go = ago - leaves[who]
        on = warns[family][who] & (to_go >= 0) & (to_go <= 150)
        return np.where(on, 0.2 + 0.8 * to_go / 150, 1.0)

    def daily(rate: np.ndarray, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(account index, days ago) of the days each account is live, from `first` days ago."""
        last = np.maximum(leaves, 0)
        span = np.clip(first - last, 0, None)
        who = np.repeat(np.arange(n), span)
        ago = np.concatenate([np.arange(f, f - k, -1) for f, k in zip(first, span, strict=True)])
        keep = rng.random(len(who)) < np.repeat(rate, span)
        return who[keep], ago[keep]

    live_from = np.minimum(start_ago, 365 * YEARS + 200)
    who, ago = daily(np.clip(0.08 * np.exp(0.45 * health), 0, 1), live_from)
    keep = rng.random(len(who)) < fading("activity", ago, who)
    activities = pd.DataFrame({"account_id": ids[who[keep]], "kind": "call", "day": _ts(ago[keep])})
    who, ago = daily(np.full(n, 0.7), np.minimum(start_ago, 400))
    users = rng.poisson(seats[who] * 0.4 * np.exp(0.2 * health[who]) * fading("usage", ago, who))
    usage = pd.DataFrame({"account_id": ids[who], "day": _ts(ago), "events": users * 6,
                          "key_events": rng.binomial(users * 6, np.clip(0.2 + 0.05 * health[who], 0.01, 1)),
                          "users": users})  # fmt: skip
    usage = usage[usage["users"] > 0]
    who, ago = daily(np.clip(0.01 * np.exp(-0.3 * health), 0, 1), np.minimum(start_ago, 400))
    extra = rng.random(len(who)) < np.where(fading("support", ago, who) < 1, 0.05, 0.0)
    strained = np.concatenate([who, who[extra]]), np.concatenate([ago, ago[extra]])
    created = _ts(strained[1]) + np.timedelta64(9, "h")
    slow = np.isin(np.arange(len(created)), np.flatnonzero(extra) + len(who)) | (
        rng.random(len(created)) < 0.1
    )
    tickets = pd.DataFrame({"account_id": ids[strained[0]], "created": created,
                            "solved": created + np.timedelta64(2, "D")})  # fmt: skip
    breaches = pd.DataFrame({"account_id": tickets["account_id"][slow], "ticket": np.flatnonzero(slow),
                             "at": created[slow] + np.timedelta64(8, "h")})  # fmt: skip
    csat = pd.DataFrame({"account_id": tickets["account_id"], "at": tickets["solved"],
                         "good": rng.random(len(tickets)) < np.where(slow, 0.4, 0.85)})  # fmt: skip
    issues = pd.DataFrame({"account_id": pd.Series(dtype=int), "first": pd.Series(dtype="datetime64[s]"),
                           "detected": pd.Series(dtype="datetime64[s]"),
                           "closed": pd.Series(dtype="datetime64[s]")})  # fmt: skip
    who, ago = daily(np.full(n, 1 / 90), np.minimum(start_ago, 400))
    asked = _ts(ago) + np.timedelta64(9, "h")
    souring = fading("voice", ago, who) < 1
    answered = rng.random(len(who)) < np.where(souring, 0.25, 0.45)
    score = np.clip(np.round(7.4 + 1.5 * health[who] - 4 * souring + rng.normal(0, 1.7, len(who))), 0, 10)
    reply = np.where(answered, asked + np.timedelta64(1, "D"), np.datetime64("NaT"))
    invites = pd.DataFrame({"account_id": ids[who], "at": asked, "answered": reply})
    answers = pd.DataFrame({"account_id": ids[who][answered], "at": asked[answered] + np.timedelta64(1, "D"),
                            "kind": "nps", "score": score[answered],
                            "sentiment": np.where(score[answered] <= 6, "negative", "positive")})  # fmt: skip
    who, ago = daily(np.full(n, 1 / 7), np.minimum(start_ago, 400))
    signs = sum(1 - fading(c, ago, who) for c in CHANNELS)  # health follows every channel, weakly
    overall = np.clip(60 + 12 * health[who] - 25 * signs + rng.normal(0, 12, len(who)), 0, 100)
    health_rows = pd.DataFrame({"account_id": ids[who], "day": _ts(ago), "scorecard": 1, "overall": overall,
                                "grade": None})  # fmt: skip
    accounts = pd.DataFrame({"account_id": ids, "segment": rng.choice(["SMB", "Mid-market", "Enterprise"], n),
                             "tier": "", "industry": rng.choice(["Retail", "Software", "Health"], n),
                             "region": rng.choice(["EMEA", "NA", "APAC"], n), "arr_minor": seats * 12_000,
                             "name": [f"A{i}" for i in ids]})  # fmt: skip
    contacts = pd.DataFrame({"account_id": ids, "contacts": rng.poisson(3 + np.exp(0.2 * health))})
    signals = SignalTables(usage.reset_index(drop=True), tickets, breaches, csat, issues, answers, invites,
                           health_rows)  # fmt: skip
    return AccountTables(accounts, subscriptions, activities, contacts, signals)


def ablation(tables: AccountTables, precision: float) -> list[tuple[str, churn_training.Backtest]]:
    days = snapshot_days(tables, TODAY - timedelta(days=90), churn_training.SNAPSHOT_EVERY_DAYS)
    snapshots = labelled_snapshots(tables, days, 90)
    ends = churn_training.churn_days(tables)
    variants = [("all families", ALL_FAMILIES)] + [
        (f"without {f}", tuple(g for g in ALL_FAMILIES if g != f)) for f in ALL_FAMILIES
    ]
    variants.append(("previous features (subscriptions, activity, contacts)", ()))
    out = []
    for name, families in variants:
        b = churn_training.backtest(snapshots, horizon_days=90, families=families, churn_days=ends,
                                    precision=precision)  # fmt: skip
        out.append((name, b))
    return out


def timing(tables: AccountTables, precision: float) -> list[tuple[str, float, float, int, int]]:
    out = []
    for name, families in (("all families", ALL_FAMILIES), ("previous features", ())):
        started = time.perf_counter()
        trained = churn_training.train(tables, today=TODAY, families=families, precision=precision)
        fitted = time.perf_counter() - started
        started = time.perf_counter()
        scored = churn_training.score(trained.model, tables, today=TODAY)
        out.append((name, fitted, time.perf_counter() - started, trained.rows, len(scored)))
    return out


def print_ablation(console: Console, accounts: int, precision: float) -> None:
    small = generate(accounts, seed=1)
    started = time.perf_counter()
    rows = ablation(small, precision)
    seconds = time.perf_counter() - started
    title = f"Backtest on {accounts:,} generated accounts (3 monthly origins, 90-day horizon"
    table = Table(title=f"{title}; flags at {precision:.0%} precision; {seconds:.0f} s)")
    for column in ("features", "ROC AUC", "churners flagged", "median days, flag to churn"):
        table.add_column(column, justify="left" if column == "features" else "right")
    for name, b in rows:
        lead = b.lead_time[0]
        flagged = f"{lead.flagged}/{lead.churners} ({lead.flagged_share or 0:.0%})"
        days = f"{lead.median_lead_days:.0f}" if lead.median_lead_days is not None else "-"
        table.add_row(name, f"{b.roc_auc:.3f}", flagged, days)
    health = rows[0][1].lead_time[-1]
    flagged = f"{health.flagged}/{health.churners} ({health.flagged_share or 0:.0%})"
    days = f"{health.median_lead_days:.0f}" if health.median_lead_days is not None else "-"
    table.add_row("health score alone", f"{health.roc_auc or 0:.3f}", flagged, days)
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--ablation-accounts", type=int, default=3_000)
    parser.add_argument("--precision", type=float, default=0.5)
    parser.add_argument("--timing-only", action="store_true", help="skip the ablation")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # imputer notes on signals absent from early folds
    console = Console()
    with threadpool_limits(limits=1, user_api="openmp"):
        if not args.timing_only:
            print_ablation(console, args.ablation_accounts, args.precision)
        started = time.perf_counter()
        big = generate(args.accounts, seed=2)
        made = time.perf_counter() - started
        title = "Training (snapshots, fit, backtest with lead time) and rescoring every account with reasons"
        timed = Table(title=f"{title}: {args.accounts:,} generated accounts (made in {made:.0f} s)")
        for column in ("features", "snapshots", "train, s", "rescore, s", "accounts scored"):
            timed.add_column(column, justify="left" if column == "features" else "right")
        for name, fitted, rescored, n_rows, n_scored in timing(big, args.precision):
            timed.add_row(name, f"{n_rows:,}", f"{fitted:.1f}", f"{rescored:.1f}", f"{n_scored:,}")
        console.print(timed)


if __name__ == "__main__":
    main()
