"""Route handlers are plain `def`: FastAPI runs them in the threadpool, so one blocked database call cannot
stall every other request (docs/development.md, convention 5). Only the event intake is async, and it hands
its database work to the threadpool itself."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "steward"
METHODS = {"get", "post", "put", "patch", "delete", "api_route"}
ALLOWED = {"ingest/api.py"}  # awaits run_in_threadpool for its single transaction


def _is_route(decorator: ast.expr) -> bool:
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(call, ast.Attribute) and call.attr in METHODS


def test_no_async_route_handlers() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC).as_posix()
        if where in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.AsyncFunctionDef) and any(_is_route(d) for d in node.decorator_list):
                found.append(f"{where}:{node.lineno} {node.name}")
    assert found == []
