"""`pip install .` (no extras) must be enough to run every module: each third-party import in src/ belongs to
a runtime dependency in pyproject.toml or to what those depend on (httpx sat in the dev extra only, so
`steward db upgrade` failed after a plain install)."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _closure(roots: set[str]) -> set[str]:
    """The runtime dependencies and, through installed metadata, theirs (extras and markers that do not
    apply here left out)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = md.requires(name) or []
        except md.PackageNotFoundError:
            continue
        for req in requires:
            marker = req.split(";", 1)[1] if ";" in req else ""
            if "extra ==" in marker:
                continue
            todo.append(_name(req))
    return seen


def _imports(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            tops |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops.add(node.module.split(".")[0])
    return tops - set(sys.stdlib_module_names) - {"steward", "__future__"}


def test_every_import_is_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    allowed = _closure({_name(d) for d in project["dependencies"]})
    optional = {
        name: {_name(d) for d in deps} for name, deps in project.get("optional-dependencies", {}).items()
    }
    distributions = md.packages_distributions()
    missing = []
    for path in sorted((ROOT / "src" / "steward").rglob("*.py")):
        for top in sorted(_imports(path)):
            dists = {_name(d) for d in distributions.get(top, [top])}
            if dists & allowed:
                continue
            # An extra's import must be guarded where it is used (pyspark only behind `steward[spark]`).
            if any(dists & deps for extra, deps in optional.items() if extra != "dev"):
                continue
            missing.append(f"{path.relative_to(ROOT)}: {top}")
    assert missing == []
