"""Every chart's words are in a catalogue: the titles and series names the handlers give web/ui/charts.py are
said in the page's language by _chart.html (web/ui/chart_words.py), which can only translate what some part's
template holds. A title built with an f-string could never match; its numbers go in `title_args`."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import Environment

from steward.core.i18n import LOCALES, catalogue_parts
from steward.web.ui import chart_words, i18n
from steward.web.ui.charts import chart, series

UI = Path(chart_words.__file__).parent


def _words(node: ast.expr) -> str | None:
    """A string literal, bare or marked N_("...")."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_" and node.args:
        node = node.args[0]
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _chart_words() -> tuple[set[tuple[str, str]], list[str]]:
    """(file, words) given as chart titles and series names, and where a title is built at run time."""
    found, built = set(), []
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            given = []
            if node.func.id == "series" and node.args:
                given.append(node.args[0])
            if node.func.id == "chart":
                given += [k.value for k in node.keywords if k.arg == "title"]
            for arg in given:
                if isinstance(arg, ast.JoinedStr):
                    built.append(f"{path.name}:{arg.lineno}")
                elif (words := _words(arg)) is not None:
                    found.add((path.name, words))
    return found, built


def test_every_chart_word_is_in_a_catalogue() -> None:
    ids = set()
    for part in catalogue_parts():
        with (LOCALES / f"{part}.pot").open("rb") as fh:
            ids |= {m.id for m in read_po(fh) if isinstance(m.id, str)}
    found, built = _chart_words()
    assert len(found) > 20 and not built, built  # titles with numbers use title_args
    kept = {"ARR", "NPS", "CSAT", "CES"}  # the same word in every language
    missing = sorted(f"{file}: {words!r}" for file, words in found if words not in ids and words not in kept)
    assert not missing, missing


def test_a_chart_says_its_words_and_numbers_in_the_page_language() -> None:
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    i18n.install(env)
    chart_words.install(env)
    spec = chart(
        "bar", ["2027 Q1"], [series("Active people a day", [1234.5]), series("Answers", [40], axis="right")],
        unit="percent", title="Health over %(days)s days", title_args={"days": 30},
    )  # fmt: skip
    said = env.from_string(
        "{% set s = chart_said(spec) %}{{ s.title }}|{{ s.series[0].name }}|{{ chart_cell(1234.5, spec) }}|"
        "{{ chart_cell(40, spec, true) }}|{{ 'title_args' in s }}"
    )
    assert (
        said.render(spec=spec, ui_language="de")
        == "Health über 30 Tage|Aktive Personen pro Tag|1.234,5%|40|False"
    )
    assert (
        said.render(spec=spec, ui_language="en")
        == "Health over 30 days|Active people a day|1,234.5%|40|False"
    )
