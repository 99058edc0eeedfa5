"""SLA evaluation of N tickets (default 1,000,000) with ten status events each (10,000,000 events):
Steward's replay (analytics.sla: every clock of every ticket, one ticket at a time, on all cores) beside a
vectorised pandas computation of the same first-response and resolution times, and the two compared
ticket by ticket. pandas has no business calendar, so the comparison runs on a round-the-clock calendar;
Steward's rate on Berlin office hours (with weekends) is measured on a sample as well.

Each ticket: created, then one of three histories of eight steps (customer and agent replies, a pause
for the customer and its resume), then solved, minutes to hours apart.

Usage: python bench/sla_replay.py [--tickets 1000000] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from steward.analytics.business_time import Calendar
from steward.analytics.sla import Step, measure, replay

CREATED, PAUSE, RESUME, AGENT, CUSTOMER, SOLVED = range(6)
HISTORIES = np.array(
    [
        [CUSTOMER, AGENT, PAUSE, RESUME, CUSTOMER, AGENT, PAUSE, RESUME],
        [PAUSE, RESUME, AGENT, CUSTOMER, AGENT, CUSTOMER, PAUSE, RESUME],
        [AGENT, CUSTOMER, CUSTOMER, AGENT, PAUSE, RESUME, AGENT, CUSTOMER],
    ],
    dtype=np.int8,
)
PER_TICKET = 10
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
TARGETS = {"normal": {"first_response": 240, "resolution": 1440}}
OFFICE = Calendar("Europe/Berlin", dict.fromkeys(range(5), ((9 * 60, 17 * 60),)), frozenset())
AROUND_THE_CLOCK = Calendar()
_events: dict[str, np.ndarray] = {}  # shared with forked workers


def make_events(tickets: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Events in ticket order, then time order: ticket, seconds after EPOCH, kind."""
    rng = np.random.default_rng(seed)
    kinds = np.empty((tickets, PER_TICKET), dtype=np.int8)
    kinds[:, 0], kinds[:, -1] = CREATED, SOLVED
    kinds[:, 1:-1] = HISTORIES[rng.integers(0, len(HISTORIES), tickets)]
    gaps = rng.exponential(90 * 60, (tickets, PER_TICKET)).astype(np.int64) + 60
    gaps[:, 0] = rng.integers(0, 300 * 86400, tickets)  # when the ticket was created
    return {
        "ticket": np.repeat(np.arange(tickets, dtype=np.int64), PER_TICKET),
        "at": np.cumsum(gaps, axis=1).ravel(),
        "kind": kinds.ravel(),
    }


def pandas_times(events: dict[str, np.ndarray]) -> pd.DataFrame:
    """First response and resolution in round-the-clock seconds, vectorised: running time accumulates
    between events while the ticket is not paused; read off at the first agent reply and at solving."""
    frame = pd.DataFrame(events)
    by_ticket = frame.groupby("ticket", sort=False)
    gap = (by_ticket["at"].shift(-1) - frame["at"]).fillna(0)
    pausing = (frame["kind"] == PAUSE).astype(np.int8) - (frame["kind"] == RESUME).astype(np.int8)
    paused = pausing.groupby(frame["ticket"]).cumsum()
    running_gap = gap.where(paused == 0, 0)
    frame["used"] = running_gap.groupby(frame["ticket"]).cumsum() - running_gap  # up to each event
    first = frame[frame["kind"] == AGENT].groupby("ticket")["used"].first()
    solved = frame[frame["kind"] == SOLVED].set_index("ticket")["used"]
    return pd.DataFrame({"first_response": first, "resolution": solved})


def _steps(start: int) -> list[Step]:
    ats, kinds = _events["at"], _events["kind"]
    out = []
    for i in range(start, start + PER_TICKET):
        at, kind = EPOCH + timedelta(seconds=int(ats[i])), int(kinds[i])
        if kind == CREATED:
            out.append(Step(at, "created", "running", "normal"))
        elif kind in (PAUSE, RESUME, SOLVED):
            out.append(
                Step(at, "status", ("paused", "running", "fulfilled")[(PAUSE, RESUME, SOLVED).index(kind)])
            )
        else:
            out.append(Step(at, "agent_reply" if kind == AGENT else "customer_reply"))
    return out


def steward_times(bounds: tuple[int, int, bool]) -> np.ndarray:
    """(first response, resolution) seconds of tickets [first, last) by Steward's replay."""
    first, last, office = bounds
    calendar = OFFICE if office else AROUND_THE_CLOCK
    now = EPOCH + timedelta(days=400)
    out = np.empty((last - first, 2))
    for n, ticket in enumerate(range(first, last)):
        outcomes = measure(replay(_steps(ticket * PER_TICKET)), TARGETS.__getitem__, calendar, now)
        seconds = {o.metric: o.business_seconds for o in outcomes if o.seq == 1}
        out[n] = seconds["first_response"], seconds["resolution"]
    return out


def run_steward(tickets: int, workers: int, office: bool) -> tuple[np.ndarray, float]:
    chunk = max(1, tickets // (workers * 8))
    parts = [(a, min(a + chunk, tickets), office) for a in range(0, tickets, chunk)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        result = np.concatenate(list(pool.map(steward_times, parts)))
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--office-sample", type=int, default=100_000)
    args = parser.parse_args()
    console = Console(stderr=True)
    n = args.tickets
    with console.status(f"generating {n:,} tickets and {n * PER_TICKET:,} events ..."):
        _events.update(make_events(n))
    with console.status("pandas, round the clock ..."):
        started = time.perf_counter()
        baseline = pandas_times(_events)
        pandas_s = time.perf_counter() - started
    with console.status(f"Steward's replay, round the clock, {args.workers} processes ..."):
        ours, steward_s = run_steward(n, args.workers, office=False)
    sample = min(n, args.office_sample)
    with console.status(f"Steward's replay, office hours, {sample:,} tickets ..."):
        _, office_s = run_steward(sample, args.workers, office=True)
    gap = np.abs(ours - baseline[["first_response", "resolution"]].to_numpy()).max()
    table = Table(title=f"SLA evaluation: {n:,} tickets, {n * PER_TICKET:,} events")
    table.add_column("")
    table.add_column("", justify="right")
    rows = [
        ("pandas, vectorised, round the clock (baseline)", f"{pandas_s:.1f} s"),
        (f"Steward replay, round the clock, {args.workers} processes", f"{steward_s:.1f} s"),
        ("  tickets per second", f"{n / steward_s:,.0f}"),
        ("  largest difference from pandas, any ticket", f"{gap:.3f} s"),
        (f"Steward replay, Berlin office hours, {sample:,} tickets", f"{office_s:.1f} s"),
        ("  tickets per second", f"{sample / office_s:,.0f}"),
    ]
    for label, value in rows:
        table.add_row(label, value)
    Console().print(table)


if __name__ == "__main__":
    main()
