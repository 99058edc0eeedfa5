"""Admin commands: workspaces, users and API keys."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from pydantic import ValidationError

from steward.cli.common import console, domain_errors, emit_json, fail, ready_database
from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import ApiKeyCreate, UserCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import WorkspaceCreate

workspace_app = typer.Typer(help="Create and inspect workspaces (tenants).", no_args_is_help=True)
user_app = typer.Typer(help="Manage users who log in to the web UI.", no_args_is_help=True)
apikey_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="print one JSON object")]


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())


@workspace_app.command("create")
def workspace_create(
    name: str,
    slug: Annotated[
        str | None, typer.Option(help="URL-safe identifier; derived from NAME if omitted")
    ] = None,
    currency: Annotated[str, typer.Option(help="ISO 4217 code for ARR roll-ups")] = "USD",
    json_out: JsonFlag = False,
) -> None:
    """Create a workspace and print its write key (shown once)."""
    try:
        data = WorkspaceCreate(name=name, slug=slug, currency=currency)
    except ValidationError as exc:
        fail(_validation_message(exc))
    ready_database()
    with domain_errors(), unit_of_work() as s:
        created = workspaces_service.create_workspace(session=s, data=data)
    if json_out:
        emit_json(created.model_dump())
    else:
        console.print(f"Created workspace [bold]{created.slug}[/] (id {created.id})")
        console.print(f"Write key (shown once): [bold]{created.write_key}[/]")


@user_app.command("create")
def user_create(
    workspace: Annotated[str, typer.Option(help="workspace slug")],
    email: Annotated[str, typer.Option()],
    role: Annotated[Role, typer.Option()],
    name: Annotated[str | None, typer.Option()] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from stdin")
    ] = False,
    json_out: JsonFlag = False,
) -> None:
    """Create a user; with --password-stdin the user can log in to the web UI."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        data = UserCreate(email=email, name=name or email.split("@")[0], role=role, password=password)
    except ValidationError as exc:
        fail(_validation_message(exc))
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        user = users_service.create_user(session=s, workspace_id=ws.id, data=data)
        result = {"id": user.id, "email": user.email, "role": user.role, "workspace": ws.slug}
    if json_out:
        emit_json(result)
    else:
        console.print(f"Created {result['role']} user {result['email']} in {result['workspace']}")


@apikey_app.command("create")
def apikey_create(
    workspace: Annotated[str, typer.Option(help="workspace slug")],
    role: Annotated[Role, typer.Option()],
    name: Annotated[str, typer.Option()] = "cli",
    scope: Annotated[
        list[str] | None, typer.Option(help="read, write or AREA:read|write (events:write: an intake key)")
    ] = None,
    expires_in_days: Annotated[int | None, typer.Option(min=1, max=3650, help="refused after this")] = None,
    json_out: JsonFlag = False,
) -> None:
    """Create an API key; the key is printed once and only its digest is stored."""
    fields: dict[str, object] = {"name": name, "role": role}
    if scope:
        fields["scopes"] = scope
    if expires_in_days:
        fields["expires_at"] = datetime.now(UTC) + timedelta(days=expires_in_days)
    try:
        data = ApiKeyCreate.model_validate(fields)
    except ValidationError as exc:
        fail(_validation_message(exc))
    ready_database()
    with domain_errors(), unit_of_work() as s:
        ws = workspaces_service.get_by_slug(session=s, slug=workspace)
        created = users_service.create_api_key(session=s, workspace_id=ws.id, data=data)
    if json_out:
        expires = created.expires_at.isoformat() if created.expires_at else None
        emit_json({
            "key": created.key, "id": created.id, "role": created.role.value, "scopes": created.scopes,
            "expires_at": expires,
        })  # fmt: skip
    else:
        console.print(f"API key (shown once): [bold]{created.key}[/]")
