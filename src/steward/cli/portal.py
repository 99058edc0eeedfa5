"""`steward portal users` (contacts who can sign in to the customer portal) and `steward portal link` (a
single-use sign-in link for one of them, printed instead of e-mailed: for the demo, or a server without
SMTP)."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError

from steward.cli.common import console, domain_errors, emit_json, fail, ready_database
from steward.core.db import unit_of_work
from steward.domains.contacts import service as contacts_service
from steward.domains.portal import service as portal_service
from steward.domains.portal.schemas import LinkRequest
from steward.settings import get_settings

portal_app = typer.Typer(help="The customer portal's users and sign-in links.", no_args_is_help=True)
Workspace = Annotated[str, typer.Option(help="workspace slug")]
Json = Annotated[bool, typer.Option("--json", help="print one JSON object")]


@portal_app.command("users")
def users(
    workspace: Workspace,
    limit: Annotated[int, typer.Option(min=1, max=500, help="how many")] = 10,
    json_out: Json = False,
) -> None:
    """Contacts who can sign in to the portal, those who see their company's tickets first."""
    ready_database()
    with domain_errors(), unit_of_work() as s:
        portal = portal_service.portal_of(session=s, slug=workspace)
        found = contacts_service.portal_users(session=s, workspace_id=portal.workspace_id, limit=limit)
        rows = [
            {"email": c.email, "name": c.name, "account_id": c.account_id, "access": c.portal_access or "own",
             "language": c.language}
            for c in found
        ]  # fmt: skip
    if json_out:
        emit_json({"workspace": portal.slug, "portal": f"/portal/{portal.slug}", "users": rows})
        return
    # Plain lines, not a table: a narrow terminal would fold the addresses people copy into `portal link`.
    console.print(f"Portal users of {portal.name} (/portal/{portal.slug}):", highlight=False)
    for r in rows:
        language = f", {r['language']}" if r["language"] else ""
        console.print(f"  {r['email']}  ({r['access']}{language}) {r['name'] or ''}", highlight=False)


@portal_app.command("link")
def link(
    workspace: Workspace,
    email: Annotated[str, typer.Option(help="a portal user's e-mail address")],
    base_url: Annotated[
        str | None, typer.Option(help="where the server is reached; default STEWARD_PUBLIC_URL or the demo's")
    ] = None,
    json_out: Json = False,
) -> None:
    """Print a sign-in link for a portal user (works once, for 15 minutes), instead of e-mailing it."""
    try:
        address = LinkRequest(email=email).email
    except ValidationError:
        fail(f"--email: {email!r} is not an e-mail address")
    base = base_url or get_settings().public_url or "http://127.0.0.1:8000"
    if not base.startswith(("http://", "https://")):
        fail(f"--base-url: {base!r} must start with http:// or https://")
    ready_database()
    with domain_errors(), unit_of_work() as s:
        portal = portal_service.portal_of(session=s, slug=workspace)
        url = portal_service.issue_link(session=s, portal=portal, email=address, base_url=base)
    if json_out:
        emit_json({"url": url, "minutes": portal_service.LINK_MINUTES})
        return
    console.print(f"Open within {portal_service.LINK_MINUTES} minutes (works once):", highlight=False)
    console.print(url, highlight=False, soft_wrap=True)
