"""Architecture rules that import-linter cannot express: cross-domain access, file size, module docstrings."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "steward"
MAX_LINES = 500


def _python_files() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_domains_reach_each_other_only_through_service_or_schemas() -> None:
    offences = []
    for path in (SRC / "domains").rglob("*.py"):
        rel = path.relative_to(SRC / "domains").parts
        if len(rel) < 2:
            continue  # registry.py and the package marker
        own = rel[0]
        for module in _imported_modules(path):
            parts = module.split(".")
            if parts[:2] != ["steward", "domains"] or len(parts) < 4:
                continue
            other, layer = parts[2], parts[3]
            if other != own and layer not in {"service", "schemas"}:
                offences.append(f"{path.relative_to(SRC)} imports {module}")
    assert not offences, "\n".join(offences)


def test_files_stay_small() -> None:
    big = [
        f"{p.relative_to(SRC)}: {n} lines"
        for p in _python_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not big, "split these files:\n" + "\n".join(big)


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        str(p.relative_to(SRC)) for p in _python_files() if not ast.get_docstring(ast.parse(p.read_text()))
    ]
    assert not missing, "modules without a docstring:\n" + "\n".join(missing)
