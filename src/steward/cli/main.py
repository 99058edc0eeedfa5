"""The `steward` command: one Typer app that mounts every sub-command."""

from __future__ import annotations

from typing import Annotated

import typer

from steward.cli import admin, churn, demo, events, health, imports, ltv
from steward.cli.common import console, ready_database

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


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    ready_database()
    console.print("Database is at the latest schema.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Serve the web UI and the API (migrates the database first)."""
    import uvicorn

    from steward.web.app import create_app

    ready_database()
    console.print(f"Steward is serving on http://{host}:{port}/")
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
