"""`steward demo`: build (or reuse) a generated SQLite workspace and serve it locally."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from steward.cli.common import console, emit_json, err_console
from steward.core.db import configure, unit_of_work
from steward.core.migrate import upgrade_to_head
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG, STEPS, DemoScale, build_demo
from steward.demo.summary import workspace_counts
from steward.domains.churn import service as churn_service
from steward.domains.workspaces import queries as workspaces_queries
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings


def demo(
    port: Annotated[int, typer.Option(help="TCP port on 127.0.0.1")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="only build the data")] = False,
    data_dir: Annotated[Path | None, typer.Option(help="where the SQLite file lives")] = None,
    accounts: Annotated[int, typer.Option(min=10, max=5000, help="how many accounts to generate")] = 500,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
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
            task = progress.add_task("generating demo data", total=len(STEPS))

            def advance(name: str) -> None:
                progress.update(
                    task, description=f"generating {name}", completed=[n for n, _ in STEPS].index(name)
                )

            with unit_of_work() as s:
                ctx = build_demo(session=s, scale=DemoScale(accounts=accounts), on_step=advance)
                api_key = ctx.api_key
            progress.update(task, completed=len(STEPS))
    with unit_of_work() as s:
        counts = workspace_counts(session=s, slug=DEMO_SLUG)
        model = churn_service.current_model(
            session=s, workspace_id=workspaces_service.get_by_slug(session=s, slug=DEMO_SLUG).id
        )
    payload = {
        "database": url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url,
        "workspace": DEMO_SLUG,
        "login": {"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
        "reused": existing is not None,
        "seconds": round(time.perf_counter() - started, 2),
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
    uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="warning", **options)
