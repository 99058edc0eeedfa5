"""The customers the service desk and survey steps write for, drawn from the demo's context, and the runner
of a step written in pieces: shared by the one-pass build (generator.step_health, step_tickets,
step_surveys) and the background fill's batches (demo/history.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from steward.demo import churn_signals
from steward.demo import surveys as demo_surveys
from steward.demo import tickets as demo_tickets

if TYPE_CHECKING:
    from steward.demo.generator import DemoAccount, DemoContext


def for_tickets(ctx: DemoContext) -> list[demo_tickets.Customer]:
    return [
        demo_tickets.Customer(
            account_id=i,
            segment=a.segment,
            health=a.health,
            contacts=people,
            leaves_on=churn_signals.leaves_on(a),
            strained_from=churn_signals.warning_from(a, "support"),
        )
        for i, a, people in _customers_since(ctx, demo_tickets.DAYS)
    ]


def for_surveys(ctx: DemoContext) -> list[demo_surveys.Customer]:
    return [
        demo_surveys.Customer(
            account_id=i,
            health=a.health,
            left_on=a.churn_date,
            contacts=people,
            sours_from=churn_signals.warning_from(a, "voice"),
        )
        for i, a, people in _customers_since(ctx, demo_surveys.DAYS)
    ]


def _customers_since(ctx: DemoContext, days: int) -> list[tuple[int, DemoAccount, list[tuple[int, str]]]]:
    """(account id, account, its contacts with their languages) of the customers of the last `days`."""
    since = ctx.today - timedelta(days=days)
    return [
        (ctx.account_ids[a.external_id], a, list(zip(a.contact_ids, a.contact_langs, strict=False)))
        for a in ctx.accounts
        if a.churn_date is None or a.churn_date > since
    ]


def batch(
    load_batch: Callable[..., float], ctx: DemoContext, customers: Sequence[Any], state: dict[str, Any]
) -> float:
    """One piece of a step written in batches (demo_tickets' or demo_surveys' `load_batch`); at its end the
    step's counts join the demo's. Returns the share done."""
    share = load_batch(ctx.session, ctx.workspace_id, ctx.rng, ctx.today, customers, state)
    if share >= 1.0:
        ctx.counts.update(state["counts"])
    return share


def in_one_pass(load_batch: Callable[..., float], ctx: DemoContext, customers: Sequence[Any]) -> None:
    """Every piece of such a step, in the caller's transaction (the one-pass build)."""
    state: dict[str, Any] = {}
    while batch(load_batch, ctx, customers, state) < 1.0:
        pass
