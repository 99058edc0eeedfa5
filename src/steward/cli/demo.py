"""`steward demo`: build (or reuse) a generated SQLite workspace and serve it locally."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from steward.cli.common import console, emit_json, err_console
from steward.core.db import configure, unit_of_work
from steward.core.migrate import upgrade_to_head
from steward.demo import history
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG, STEPS, DemoScale, build_demo
from steward.demo.summary import workspace_counts
from steward.domains.churn import service as churn_service
from steward.domains.workspaces import backfills
from steward.domains.workspaces import queries as workspaces_queries
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings


def demo(
    port: Annotated[int, typer.Option(help="TCP port on 127.0.0.1")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="only build the data")] = False,
    data_dir: Annotated[Path | None, typer.Option(help="where the SQLite file lives")] = None,
    accounts: Annotated[int, typer.Option(min=10, max=5000, help="how many accounts to generate")] = 500,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    history_first: Annotated[
        bool,
        typer.Option("--history-first", help="build the whole history before serving (slower first page)"),
    ] = False,
) -> None:
    """Create (or reuse) a demo workspace with realistic generated data, print the login and serve it."""
    settings = get_settings()
    directory = (data_dir or settings.data_dir).expanduser().resolve()
    url = settings.database_url or f"sqlite:///{directory / 'steward.db'}"
    configure(url)
    upgrade_to_head()
    started = time.perf_counter()
    with unit_of_work() as s:
        existing = workspaces_queries.by_slug(s, DEMO_SLUG)
    api_key = None
    if existing is None:
        with Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), TimeElapsedColumn(),
            console=err_console, disable=json_out, transient=True,
        ) as progress:  # fmt: skip
            steps = [n for n, _ in STEPS] if history_first else history.CORE
            task = progress.add_task("generating demo data", total=len(steps))

            def advance(name: str) -> None:
                progress.update(task, description=f"generating {name}", completed=steps.index(name))

            scale = DemoScale(accounts=accounts)
            with unit_of_work() as s:
                build = build_demo if history_first else history.build_core
                ctx = build(session=s, scale=scale, on_step=advance)
                api_key = ctx.api_key
            progress.update(task, completed=len(steps))
    with unit_of_work() as s:
        workspace_id = workspaces_service.get_by_slug(session=s, slug=DEMO_SLUG).id
        filling = backfills.unfinished(session=s, workspace_id=workspace_id) is not None
    if filling and no_serve:  # only the data was asked for: all of it, here
        _fill_here(workspace_id, quiet=json_out)
        filling = False
    with unit_of_work() as s:
        counts = workspace_counts(session=s, slug=DEMO_SLUG)
        model = churn_service.current_model(session=s, workspace_id=workspace_id)
    payload = {
        "database": url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url,
        "workspace": DEMO_SLUG,
        "login": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
        "reused": existing is not None,
        "seconds": round(time.perf_counter() - started, 2),
        "history": "filling" if filling else "complete",
        **{k.replace(" ", "_"): v for k, v in counts.items()},
        "churn_model": None
        if model is None
        else {"version": model.version, "accounts_scored": model.accounts_scored,
              "backtest": model.backtest.model_dump(mode="json") if model.backtest else None},
    }  # fmt: skip
    if json_out:
        emit_json(payload)
    else:
        lines = [
            f"Workspace [bold]{DEMO_SLUG}[/] in {payload['database']}"
            + (" (reused)" if existing is not None else f" (built in {payload['seconds']} s)"),
            ", ".join(f"{v:,} {k}" for k, v in counts.items()),
            f"Log in as [bold]{DEMO_EMAIL}[/] with password [bold]{DEMO_PASSWORD}[/]",
        ]
        if model is not None and model.backtest is not None:
            lines.insert(
                2,
                f"Churn model v{model.version}: {model.accounts_scored:,} accounts scored; backtest "
                f"ROC AUC {model.backtest.roc_auc:.3f} (logistic {model.backtest.baseline_roc_auc:.3f})",
            )
        if api_key:
            lines.append(f"Admin API key (shown once): [bold]{api_key}[/]")
        if filling:
            lines.append(
                "Product usage, health scores and calls to action (within a minute), then the long history"
                " (older events, tickets, surveys, churn model) fill in the background; pages say how far"
            )
        if not no_serve:
            lines.append(
                f"Open [bold link=http://127.0.0.1:{port}/]http://127.0.0.1:{port}/[/]"
                "  (cockpit: /cockpit, renewals: /renewals, sources: /sources, API: /docs)"
            )
        console.print(Panel("\n".join(lines), title="Steward demo", expand=False))
    if no_serve:
        return
    import uvicorn

    from steward.web.app import create_app
    from steward.web.proxies import uvicorn_proxy_options

    options = uvicorn_proxy_options(settings)
    # Another process: the fill's Python would otherwise share the server's interpreter lock.
    filler = (
        subprocess.Popen(
            [sys.executable, "-m", "steward.demo.history", str(workspace_id)],
            env={
                **os.environ,
                "STEWARD_DATABASE_URL": url,
            },  # not on the command line: it may hold a password
        )
        if filling
        else None
    )
    try:
        uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="warning", **options)
    finally:
        if filler is not None and filler.poll() is None:
            filler.terminate()  # what it committed stays; the next `steward demo` goes on from there


def _fill_here(workspace_id: int, *, quiet: bool) -> None:
    with Progress(
        TextColumn("[bold]filling in usage, health and history"), BarColumn(), TimeElapsedColumn(),
        console=err_console, disable=quiet, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("history", total=1.0)
        told = False
        # One filler at a time: wait for the other (a serving `steward demo`) to end, or its claim to lapse.
        while True:
            try:
                history.fill(workspace_id, on_progress=lambda done: progress.update(task, completed=done))
                return
            except backfills.ClaimedElsewhere as busy:
                if not told:
                    err_console.print(
                        f"Another process ({busy.holder}) is filling the demo's history, {busy.progress:.0%}"
                        " done; waiting for it to finish"
                    )
                    told = True
                progress.update(task, completed=busy.progress)
                time.sleep(2)
