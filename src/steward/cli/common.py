"""Shared CLI plumbing: database set-up, JSON output, and turning errors into exit status 2."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from rich.console import Console

from steward.core.db import configure
from steward.core.errors import DomainError
from steward.core.migrate import upgrade_to_head
from steward.settings import get_settings

console = Console(stderr=False)
err_console = Console(stderr=True)


def fail(message: str) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise SystemExit(2)


def emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, default=str) + "\n")


def ready_database() -> None:
    """Connect to the configured database and bring its schema to the latest migration."""
    configure(get_settings().resolved_database_url)
    upgrade_to_head()


@contextmanager
def domain_errors() -> Iterator[None]:
    """Report a domain error as `error: <loc>: <msg>` on stderr with exit status 2."""
    try:
        yield
    except DomainError as exc:
        lines = []
        for item in exc.details():
            where = ".".join(str(p) for p in item.loc)
            lines.append(f"{where}: {item.msg}" if where else item.msg)
        fail("\n".join(lines))
