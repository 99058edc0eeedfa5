"""The chart macro: a spec's words reach the page only as escaped JSON in a single-quoted attribute and as
escaped table cells, and the numbers are there without script."""

from __future__ import annotations

from steward.web.ui.charts import chart, major, series
from steward.web.ui.templating import templates
from tests.factories.charts import chart_spec

HOSTILE = "Acme' onmouseover='x()\"><script>alert(1)</script>"


def test_spec_is_escaped_json_and_a_table() -> None:
    spec = chart(
        "bar", [HOSTILE, "Globex"], [series("ARR", [major(123_456, "USD"), None])],
        unit="money", currency="USD", title="ARR by account", horizontal=True,
    )  # fmt: skip
    macro = templates.env.get_template("_chart.html").module.chart  # type: ignore[attr-defined]
    html = str(macro(spec, "arr"))
    assert "<script>" not in html and "onmouseover='" not in html
    assert chart_spec(html, "arr") == spec  # the same spec comes back out of the attribute
    assert "<td>Acme&#39; onmouseover=&#39;x()&#34;&gt;&lt;script&gt;" in html
    assert (
        '<td class="num">1,235 USD</td>' in html and '<td class="num">—</td>' in html
    )  # the no-script table


def test_right_hand_series_count_plainly_in_the_table() -> None:
    spec = chart("bar", ["Jan"], [series("NPS", [12.5]), series("Answers", [40], axis="right", kind="line")],
                 unit="percent", title="NPS by month")  # fmt: skip
    html = str(templates.env.get_template("_chart.html").module.chart(spec, "nps"))  # type: ignore[attr-defined]
    assert '<td class="num">12.5%</td><td class="num">40</td>' in html
