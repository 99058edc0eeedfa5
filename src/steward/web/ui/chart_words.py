"""Charts in the page's language: `_chart.html` asks `chart_said(spec)` for a copy of a chart spec
(web/ui/charts.py) with its title, series names and, when they are words of ours, its labels translated, and
`chart_cell` for each number of its table as the locale writes it. Handlers keep building specs in English, so
every page's charts speak its language without a change to the chart helper's API; a title with numbers in it
names them in `title_args`. The chart words of other parts' pages are listed here with N_() for extraction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from steward.web.ui.charts import EPOCH
from steward.web.ui.i18n import N_, gettext_in, html_lang

# Titles and series names of charts built by other parts' handlers (their files are in their catalogues):
# the account page (web/ui/accounts.py, charts.daily_usage), journeys, plans, surveys and feedback, support.
OTHER_PAGES = (
    N_("Health score"),
    N_("Health over %(days)s days"),
    N_("Events a day"),
    N_("Active people a day"),
    N_("Daily events and active people, last %(days)s days"),
    N_("On time"),
    N_("Stuck"),
    N_("Accounts per stage"),
    N_("Objective"),
    N_("Item due"),
    N_("Today"),
    N_("Plan timeline"),
    N_("Score"),
    N_("Answers"),
    N_("%(score)s by month"),
    N_("How many answers gave each score"),
    N_("Positive"),
    N_("Neutral"),
    N_("Negative"),
    N_("Comments per theme by sentiment"),
    N_("Tickets"),
    N_("Tickets by time to first response"),
    N_("Open tickets"),
    N_("Open tickets at the end of each day"),
)


@pass_context
def chart_said(ctx: Context, spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as this render's language says it (English: the spec as built, formatted)."""
    _ = gettext_in(ctx)
    said = {k: v for k, v in spec.items() if k not in ("title_args", "words")}
    title = _(str(spec.get("title", "")))
    said["title"] = title % spec["title_args"] if spec.get("title_args") else title
    said["series"] = [{**s, "name": _(str(s["name"]))} for s in spec.get("series", [])]
    if spec.get("words"):  # labels that are our words (movement steps), not data (names, days)
        said["labels"] = [_(str(label)) for label in spec.get("labels", [])]
    return said


@pass_context
def chart_cell(ctx: Context, value: Any, spec: dict[str, Any], plain: bool = False) -> str:
    """One number of a chart's table in the locale's way; `plain` for a series on its own (count) scale."""
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return " \u2013 ".join(chart_cell(ctx, v, spec, plain) for v in value)
    locale = Locale.parse(html_lang(ctx).replace("-", "_"))
    unit = spec.get("unit")
    if plain or (unit in ("count", "score") and isinstance(value, int)):
        return format_decimal(value, format="#,##0.#", locale=locale)
    if unit == "money":  # whole major units with the currency's code: '1,235 USD', '1.235 USD'
        return f"{format_decimal(value, format='#,##0', locale=locale)} {spec.get('currency', '')}".strip()
    if unit == "percent":  # the spec holds percentage points
        return format_percent(value / 100, format="#,##0.0%", locale=locale)
    if unit == "days":
        return format_unit(value, "duration-day", length="short", format="#,##0.0", locale=locale)
    if unit == "date":
        return format_date(EPOCH + timedelta(days=int(value)), "medium", locale=locale)
    return format_decimal(value, format="#,##0.0", locale=locale)


def install(env: Environment) -> None:
    env.globals.update(chart_said=chart_said, chart_cell=chart_cell)
