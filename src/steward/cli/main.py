"""The `steward` command: one Typer app that mounts every sub-command."""

from __future__ import annotations

from typing import Annotated

import typer

from steward.cli import admin, churn, demo, events, feedback, health, icp, imports, ltv, portal, sync
from steward.cli.common import console, fail, ready_database

LOOPBACK = ("127.0.0.1", "localhost", "::1")
app = typer.Typer(
    help="Steward: open-source customer success platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(admin.workspace_app, name="workspace")
app.add_typer(admin.user_app, name="user")
app.add_typer(admin.apikey_app, name="apikey")
app.command("demo")(demo.demo)
app.command("import")(imports.import_command)
app.add_typer(churn.churn_app, name="churn")
app.add_typer(ltv.ltv_app, name="ltv")
app.add_typer(health.health_app, name="health")
app.add_typer(events.events_app, name="events")
app.add_typer(feedback.feedback_app, name="feedback")
app.add_typer(icp.icp_app, name="icp")
app.add_typer(portal.portal_app, name="portal")
app.add_typer(sync.sync_app, name="sync")


@app.callback()
def check_settings() -> None:
    """Steward: open-source customer success platform."""
    from steward.settings import SettingsError, get_settings

    try:
        get_settings()
    except SettingsError as exc:
        fail(str(exc))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    ready_database()
    console.print("Database is at the latest schema.")


@app.command()
def worker() -> None:
    """Run queued jobs from Redis (STEWARD_REDIS_URL) until interrupted: rollups, rules, e-mail, webhooks,
    the daily jobs and the work for changed accounts that `steward serve` queues in production mode."""
    import signal
    import threading

    from steward.settings import get_settings
    from steward.worker.run import run_worker

    ready_database()
    settings = get_settings()
    if not settings.redis_url:
        console.print(
            "steward worker needs STEWARD_REDIS_URL; without it, steward serve runs the jobs itself"
        )
        raise typer.Exit(2)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    console.print(f"Steward worker taking jobs from {settings.redis_url} (Ctrl-C to stop)")
    try:
        run_worker(settings, stop)
    except KeyboardInterrupt:
        stop.set()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Serve the web UI and the API (migrates the database first)."""
    import uvicorn

    from steward.settings import DEV_SECRET, get_settings
    from steward.web.app import create_app
    from steward.web.proxies import uvicorn_proxy_options

    settings = get_settings()
    if settings.secret_key == DEV_SECRET and host not in LOOPBACK:
        fail(f"STEWARD_SECRET_KEY is the published example value: set a random one before serving on {host}")
    ready_database()
    console.print(f"Steward is serving on http://{host}:{port}/")
    options = uvicorn_proxy_options(settings)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning", **options)
