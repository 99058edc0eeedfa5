"""A page's charts as tests read them: the spec (web/ui/charts.py) in a figure's data-chart attribute."""

from __future__ import annotations

import json
import re
from typing import Any


def chart_spec(html: str, figure_id: str) -> dict[str, Any]:
    """The spec of the chart whose figure has this id; fails the test when the page has no such chart."""
    found = re.search(
        rf"<figure class=\"chart-figure\" id=\"{re.escape(figure_id)}\" data-chart='([^']*)'", html
    )
    assert found, f"no chart #{figure_id} on the page"
    spec: dict[str, Any] = json.loads(found.group(1))  # tojson escapes < > & ' as \u00XX: plain JSON
    return spec


def values(spec: dict[str, Any], name: str) -> list[Any]:
    """One series' values by its name."""
    (row,) = [s for s in spec["series"] if s["name"] == name]
    return list(row["values"])


def drawn_series(page: Any, figure_id: str) -> int:
    """In a browser: wait until Chart.js has drawn the chart, then how many series it shows."""
    page.wait_for_selector(f"#{figure_id}.chart-drawn canvas", state="attached")
    script = "id => Chart.getChart(document.querySelector('#' + id + ' canvas')).data.datasets.length"
    return int(page.evaluate(script, figure_id))
