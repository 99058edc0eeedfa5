"""The demo in two parts, so `steward demo` serves within seconds. First, before serving, the workspace and
its people: users, accounts, contacts, subscriptions and the timeline, committed at once. Then, behind the
pages, in short transactions: the last RECENT_DAYS of product events (newest days first, with their rollups),
the steps that read them (health, rules and CTAs, renewals, plans, advocacy, reviews, journeys), which the
pages mark as still being built until they are in; then the long history: older product events, the
service desk, surveys, the churn model, the help center and chats. Each transaction records the progress,
the stage and the state to resume from, so pages can say how far it is and a restart goes on where it
stopped. Together the parts write what build_demo writes."""

from __future__ import annotations

import dataclasses
import itertools
import os
import random
import signal
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import numpy as np

from steward.core.db import configure, get_engine, unit_of_work
from steward.demo import churn_signals, generator, late_customers
from steward.demo import health as demo_health
from steward.demo import surveys as demo_surveys
from steward.demo import tickets as demo_tickets
from steward.demo import usage as demo_usage
from steward.demo.generator import DemoAccount, DemoContext, DemoScale
from steward.domains.events import rollups
from steward.domains.events import service as events_service
from steward.domains.events.schemas import Message
from steward.domains.workspaces import backfills

KIND = "demo history"
# Rules and journeys read at most 60 days of usage (events.usage.adoption), so the CTAs and journey positions
# made before the older events are in come out as in a full build.
RECENT_DAYS = 60
PAUSE_SECONDS = 0.15
EVENTS_PER_TRANSACTION = 20_000  # about a second of writing: pages that write wait at most that long
USAGE = "product usage"
_NAMES = [n for n, _ in generator.STEPS]
CORE = _NAMES[: _NAMES.index(USAGE)]  # written before serving
# The rest of the current picture, then the long history.
AFTER_USAGE = generator.STEPS[_NAMES.index(USAGE) + 1 : _NAMES.index("journeys") + 1]
LATER = generator.STEPS[_NAMES.index("journeys") + 1 :]
# About the seconds each part takes at 500 accounts on an idle machine: what the progress counts in.
SECONDS = {
    "recent events": 25.0, "health scores": 8.0, "rules and calls to action": 1.3, "renewals": 0.3,
    "success plans": 2.4, "advocacy": 0.2, "business reviews": 0.5, "journeys": 0.3, "older events": 60.0,
    "service desk": 12.0, "surveys": 14.0, "churn model": 15.0, "help center": 1.0, "live chats": 1.0,
}  # fmt: skip
_PARTS = ["recent events", *(n for n, _ in AFTER_USAGE), "older events", *(n for n, _ in LATER)]
_STARTS = dict(zip(_PARTS, itertools.accumulate([0.0, *(SECONDS[p] for p in _PARTS)]), strict=False))
OnStep = Callable[[str], None]


def _share(part: str, of_part: float = 1.0) -> float:
    """The progress once `of_part` of this part is written."""
    return (_STARTS[part] + SECONDS[part] * of_part) / sum(SECONDS[p] for p in _PARTS)


def build_core(
    *, session: Any, scale: DemoScale | None = None, seed: int = 7, today: date | None = None,
    on_step: OnStep | None = None,
) -> DemoContext:  # fmt: skip
    """The workspace and its people, in the caller's transaction, and the backfill that writes the rest."""
    ctx = DemoContext(
        session=session, scale=scale or DemoScale(), today=today or date.today(), rng=random.Random(seed)
    )
    for name, step in generator.STEPS[: len(CORE)]:
        if on_step:
            on_step(name)
        step(ctx)
    customers, usage_seed = generator.usage_customers(ctx), ctx.rng.randint(0, 2**31)  # as step_usage
    ctx.counts["events_rejected"] = demo_usage.load_setup(
        ctx.session, ctx.workspace_id, customers, ctx.today, usage_seed
    )
    state = {
        **_context_state(ctx),
        "usage": {"seed": usage_seed, "before": (ctx.today + timedelta(days=1)).isoformat()},
        "done": [],
        "version": 2,  # the current picture is filled too (see _from_version_1)
    }
    stage, ready = _stage(state)
    backfills.begin(
        session=session, workspace_id=ctx.workspace_id, kind=KIND, state=state, stage=stage,
        current_ready=ready,
    )  # fmt: skip
    return ctx


def _stage(state: dict[str, Any]) -> tuple[str | None, bool]:
    """What comes next, and whether what every page shows (not only the history) is in already."""
    usage, done = state["usage"], state["done"]
    if not usage.get("recent_done"):
        return USAGE, False
    for name, _ in AFTER_USAGE:
        if name not in done:
            return name, False
    if not usage.get("older_done"):
        return USAGE, True
    return next((name for name, _ in LATER if name not in done), None), True


def _save(session: Any, workspace_id: int, state: dict[str, Any], holder: str, progress: float) -> None:
    stage, ready = _stage(state)
    backfills.save(
        session=session, workspace_id=workspace_id, progress=progress, state=state, holder=holder,
        stage=stage, current_ready=ready,
    )  # fmt: skip


def fill(
    workspace_id: int, *, transactions: int | None = None, on_progress: Callable[[float], None] | None = None,
    until_current: bool = False,
) -> bool:  # fmt: skip
    """Write what the backfill still lacks, one short transaction at a time; True when all is in. With
    `transactions`, stop after that many (what an interrupted fill leaves; the next call goes on); with
    `until_current`, once what every page shows is in. One filler at a time: backfills.ClaimedElsewhere when
    another process is filling this workspace."""
    holder = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    with unit_of_work() as s:
        if not backfills.claim(session=s, workspace_id=workspace_id, holder=holder):
            return True
    try:
        return _fill(workspace_id, holder, transactions, on_progress, until_current)
    finally:
        with unit_of_work() as s:
            backfills.release(session=s, workspace_id=workspace_id, holder=holder)


def _fill(
    workspace_id: int, holder: str, transactions: int | None, on_progress: Callable[[float], None] | None,
    until_current: bool,
) -> bool:  # fmt: skip
    with unit_of_work() as s:
        state = backfills.unfinished(session=s, workspace_id=workspace_id)
    if state is None:
        return True
    _from_version_1(state)
    pieces = itertools.chain(
        _fill_events(workspace_id, state, holder, recent=True),
        _fill_steps(workspace_id, state, holder, AFTER_USAGE),
        _fill_events(workspace_id, state, holder, recent=False),
        _fill_steps(workspace_id, state, holder, LATER),
    )
    for n, progress in enumerate(pieces, 1):
        if on_progress:
            on_progress(progress)
        if n == transactions or (until_current and _stage(state)[1]):
            break
    with unit_of_work() as s:
        return backfills.unfinished(session=s, workspace_id=workspace_id) is None


def _from_version_1(state: dict[str, Any]) -> None:
    """A fill begun by an earlier Steward, whose first part wrote the whole current picture: mark it done."""
    if state.get("version", 1) == 1:
        state["usage"]["recent_done"] = True
        state["done"] = [*(name for name, _ in AFTER_USAGE), *state["done"]]
        state["version"] = 2


def _fill_steps(
    workspace_id: int, state: dict[str, Any], holder: str, steps: list[tuple[str, generator.Step]]
) -> Iterator[float]:
    """Each step not done yet in one transaction (a batched one in its pieces first); yields the progress
    after each commit. Mutates state."""
    for name, step in steps:
        if name in state["done"]:
            continue
        if name in BATCHED:
            yield from _fill_batches(workspace_id, state, name, holder)
        with unit_of_work() as s:
            ctx = _context(state, s)
            if name in BATCHED:
                BATCHED[name][1](ctx)  # what the step does after its batches
            else:
                step(ctx)
            state.pop("batch", None)
            state.update({**_context_state(ctx), "done": [*state["done"], name]})
            if name == LATER[-1][0]:
                backfills.finish(session=s, workspace_id=workspace_id)
            else:
                _save(s, workspace_id, state, holder, _share(name))
        _let_others_write()
        yield _share(name)


def _let_others_write() -> None:
    """A pause between the fill's transactions on SQLite: a writer waiting for the lock polls every 100 ms
    or so, and a filler that begins again at once after its commit kept one waiting for 5-6 s (measured)."""
    if get_engine().dialect.name == "sqlite":
        time.sleep(PAUSE_SECONDS)


def _fill_batches(workspace_id: int, state: dict[str, Any], name: str, holder: str) -> Iterator[float]:
    """A batched step's pieces, one transaction each, the piece's resume point saved with it (the random
    stream's state among it); yields the progress after each commit. Mutates state['batch']."""
    run_batch = BATCHED[name][0]
    while state.get("batch", {}).get("phase") != "done":
        with unit_of_work() as s:
            ctx = _context(state, s)
            batch = state.setdefault("batch", {})
            share = run_batch(ctx, batch)
            state.update({**_context_state(ctx), "batch": batch})
            progress = _share(name, min(share, 0.99))
            _save(s, workspace_id, state, holder, progress)
        _let_others_write()
        yield progress


def _health_batch(ctx: DemoContext, batch: dict[str, Any]) -> float:
    return late_customers.batch(demo_health.load_batch, ctx, generator.health_customers(ctx), batch)


def _tickets_batch(ctx: DemoContext, batch: dict[str, Any]) -> float:
    return late_customers.batch(demo_tickets.load_batch, ctx, late_customers.for_tickets(ctx), batch)


def _surveys_batch(ctx: DemoContext, batch: dict[str, Any]) -> float:
    return late_customers.batch(demo_surveys.load_batch, ctx, late_customers.for_surveys(ctx), batch)


def _rescore(ctx: DemoContext) -> None:
    demo_health.rescore_late_inputs(ctx.session, ctx.workspace_id, ctx.today)  # as generator.step_surveys


def _nothing(ctx: DemoContext) -> None:
    return None


# The steps written in short pieces (the SQLite write lock is held a fraction of a second at a time, so the
# pages' writes do not wait), and what each does in one more transaction once its pieces are in.
BATCHED: dict[str, tuple[Callable[[DemoContext, dict[str, Any]], float], Callable[[DemoContext], None]]] = {
    "health scores": (_health_batch, _nothing),
    "service desk": (_tickets_batch, _nothing),
    "surveys": (_surveys_batch, _rescore),
}


def _fill_events(workspace_id: int, state: dict[str, Any], holder: str, *, recent: bool) -> Iterator[float]:
    """The product events of the last RECENT_DAYS (`recent`) or of the days before them, newest days first,
    whole days per transaction, with their rollups; yields the progress after each commit. Mutates
    state['usage']: `before` (the oldest day written) and, once all are in, `recent_done` / `older_done`."""
    flag, part = ("recent_done", "recent events") if recent else ("older_done", "older events")
    if state["usage"].get(flag):
        return
    with unit_of_work() as s:
        ctx = _context(state, s)
        customers = generator.usage_customers(ctx)
    stream = _stream_events(ctx, customers, state["usage"]["seed"], recent=recent)
    total, before = len(stream["n"]), date.fromisoformat(state["usage"]["before"])
    if not total:
        state["usage"][flag] = True  # saved with the next commit
        return
    order = np.lexsort((stream["n"], -stream["day"]))  # newest day first, each day in the stream's order
    days = stream["day"][order]
    written = int((days >= before.toordinal()).sum())  # an earlier run's days (resumed)
    while written < total:
        last_day = days[min(written + EVENTS_PER_TRANSACTION, total) - 1]
        end = int(np.searchsorted(-days, -last_day, side="right"))  # the whole of that day too
        rows = order[written:end]
        with unit_of_work() as s:
            events_service.append(
                session=s,
                workspace_id=workspace_id,
                messages=list(_messages(stream, rows, customers)),
                rejected=[],
            )
            rollups.roll_up(s, workspace_id, settle_seconds=-60)  # only these days are rebuilt
            state["usage"]["before"] = date.fromordinal(int(last_day)).isoformat()
            state["usage"][flag] = end == total
            progress = _share(part, end / total)
            _save(s, workspace_id, state, holder, progress)
        _let_others_write()
        written = end
        yield progress
    if not recent:
        _drawn.clear()  # both parts are in: free the stream


_DTYPES = {"n": np.int64, "day": np.int32, "customer": np.int32, "who": np.int32, "what": np.int16,
           "at": np.int32, "page": np.bool_}  # fmt: skip
_drawn: dict[tuple[int, str, int], dict[str, np.ndarray]] = {}  # the stream last drawn in this process


def _stream_events(
    ctx: DemoContext, customers: list[demo_usage.Customer], seed: int, *, recent: bool
) -> dict[str, np.ndarray]:
    """The stream's events of the last RECENT_DAYS, or of the days before them, as columns. The whole stream
    is drawn once per process (about 10 s and 27 bytes an event at 500 accounts) for both parts."""
    key = (ctx.workspace_id, ctx.today.isoformat(), seed)
    if key not in _drawn:
        _drawn.clear()
        _drawn[key] = _draw(ctx, customers, seed)
    every = _drawn[key]
    first_recent = ctx.today - timedelta(days=RECENT_DAYS - 1)
    keep = (every["day"] >= first_recent.toordinal()) == recent
    return {k: v[keep] for k, v in every.items()}


def _draw(ctx: DemoContext, customers: list[demo_usage.Customer], seed: int) -> dict[str, np.ndarray]:
    parts: dict[str, list[np.ndarray]] = {k: [] for k in _DTYPES}
    per_day = ctx.scale.events_per_account_day
    for d in demo_usage.draws(customers, ctx.today, churn_signals.HISTORY_DAYS, per_day, seed):
        k = len(d.who)
        parts["n"].append(np.arange(d.first, d.first + k))
        parts["day"].append(np.full(k, d.day.toordinal()))
        parts["customer"].append(np.full(k, d.customer))
        for column, values in (("who", d.who), ("what", d.what), ("at", d.seconds), ("page", d.page)):
            parts[column].append(values)
    return {k: np.concatenate([np.array([], dtype=t), *parts[k]]).astype(t) for k, t in _DTYPES.items()}


def _messages(
    stream: dict[str, np.ndarray], rows: np.ndarray, customers: list[demo_usage.Customer]
) -> Iterator[Message]:
    columns = {k: v[rows].tolist() for k, v in stream.items()}
    for n, day, c, who, what, at, page in zip(
        *(columns[k] for k in ("n", "day", "customer", "who", "what", "at", "page")), strict=True
    ):
        user = customers[c].users[who]  # who < the day's active users, its first ones
        group = customers[c].external_id
        yield demo_usage.message(n, date.fromordinal(day), user, who, what, at, page, group)


def _context_state(ctx: DemoContext) -> dict[str, Any]:
    """What the later steps read of the context, as JSON: the random stream's state among it."""
    version, internal, gauss = ctx.rng.getstate()
    return {
        "today": ctx.today.isoformat(), "scale": dataclasses.asdict(ctx.scale),
        "rng": [version, list(internal), gauss], "workspace_id": ctx.workspace_id, "csm_ids": ctx.csm_ids,
        "accounts": [_account_json(a) for a in ctx.accounts], "account_ids": ctx.account_ids,
        "counts": ctx.counts,
    }  # fmt: skip


def _context(state: dict[str, Any], session: Any) -> DemoContext:
    rng = random.Random()
    version, internal, gauss = state["rng"]
    rng.setstate((version, tuple(internal), gauss))
    return DemoContext(
        session=session, scale=DemoScale(**state["scale"]), today=date.fromisoformat(state["today"]), rng=rng,
        workspace_id=state["workspace_id"], csm_ids=list(state["csm_ids"]),
        accounts=[_account(a) for a in state["accounts"]], account_ids=dict(state["account_ids"]),
        counts=dict(state["counts"]),
    )  # fmt: skip


def _account_json(a: DemoAccount) -> dict[str, Any]:
    out = dataclasses.asdict(a)
    out["terms"] = [[s.isoformat(), e.isoformat()] for s, e in a.terms]
    out["churn_date"] = a.churn_date.isoformat() if a.churn_date else None
    return out


def _account(data: dict[str, Any]) -> DemoAccount:
    terms = [(date.fromisoformat(s), date.fromisoformat(e)) for s, e in data["terms"]]
    churned = date.fromisoformat(data["churn_date"]) if data["churn_date"] else None
    return DemoAccount(**{**data, "terms": terms, "churn_date": churned})


def main() -> None:
    """`python -m steward.demo.history WORKSPACE_ID` with STEWARD_DATABASE_URL set: what `steward demo` runs
    beside the server (another process, so the fill does not take the server's interpreter lock)."""
    configure(os.environ["STEWARD_DATABASE_URL"])
    os.nice(10)  # behind the server: its start and its pages come first on a busy machine
    parent = os.getppid()

    def still_wanted(_: float) -> None:
        if os.getppid() != parent:  # the server is gone: stop; the next `steward demo` resumes
            raise SystemExit(0)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `steward demo` stopping: release the claim
    try:
        fill(int(sys.argv[1]), on_progress=still_wanted)
    except backfills.ClaimedElsewhere as busy:
        sys.stderr.write(f"steward demo: not filling: {busy}\n")


if __name__ == "__main__":
    main()
