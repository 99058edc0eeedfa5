"""In a real Chromium at 1280 and 1440 px: on every page of the navigation (and an account, a survey and a
journey of the demo) no card's content is wider than the card (wide tables scroll inside their own wrapper),
and every chart is drawn by the vendored Chart.js under the pages' CSP."""

from __future__ import annotations

from typing import Any

import pytest

from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from tests.factories.demo_cache import DEMO_60, demo_workspace

pytestmark = pytest.mark.e2e
WIDTHS = (1280, 1440)
SKIPPED = ("/docs",)  # Swagger UI: not our markup

# Every element of a card that is not inside a scrolling box must end inside the card's border; one that
# does not is content the reader cannot see or reach. Scrollers (overflow-x auto/scroll/hidden) are the fix.
OVERFLOWING = """() => {
  const found = [];
  const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  for (const card of document.querySelectorAll('main .card')) {
    const box = card.getBoundingClientRect();
    if (!box.width) continue;
    const style = getComputedStyle(card);
    const left = box.left + parseFloat(style.borderLeftWidth) - 1;
    const right = box.right - parseFloat(style.borderRightWidth) + 1;
    const name = card.id || (card.querySelector('h2,h3')?.textContent || '').trim().slice(0, 40);
    if (card.scrollWidth > card.clientWidth + 1) {
      found.push(`${name}: scrollWidth ${card.scrollWidth} > ${card.clientWidth}`);
      continue;
    }
    for (const el of card.querySelectorAll('*')) {
      let inner = false;
      for (let up = el.parentElement; up && up !== card; up = up.parentElement) {
        if (scrolls(up)) { inner = true; break; }
      }
      if (inner) continue;
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > right || r.left < left)) {
        const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
        const what = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls;
        const span = `${Math.round(r.left)}..${Math.round(r.right)}`;
        found.push(`${name}: ${what} spans ${span}, card ${Math.round(left)}..${Math.round(right)}`);
        break;
      }
    }
  }
  return found;
}"""
CHARTS = """() => [...document.querySelectorAll('figure[data-chart]')].map((f) => [
  f.id, f.classList.contains('chart-drawn'), !!(window.Chart && Chart.getChart(f.querySelector('canvas'))),
])"""


def test_no_card_overflows_and_charts_draw(chromium: Any, server_url: str) -> None:
    ctx = demo_workspace(DEMO_60)
    page = chromium.new_context(viewport={"width": WIDTHS[0], "height": 900}).new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: refused.append(str(e)))
    page.goto(f"{server_url}/login")
    page.fill("input[name=email]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    links = page.eval_on_selector_all("nav.groups .menu a", "els => els.map(e => e.getAttribute('href'))")
    paths = [p for p in dict.fromkeys(links) if p not in SKIPPED]
    paths += [f"/accounts/{next(iter(ctx.account_ids.values()))}"]
    for listing, prefix in (("/surveys", "/surveys/"), ("/journeys", "/journeys/")):
        page.goto(f"{server_url}{listing}")
        first = page.locator(f"main a[href^='{prefix}']:not([href$='/new'])").first
        if first.count():
            paths.append(first.get_attribute("href") or listing)
    assert len(paths) >= 20, paths

    problems: list[str] = []
    charts_seen = 0
    for path in paths:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        response = page.goto(f"{server_url}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        charts = page.evaluate(CHARTS)
        charts_seen += len(charts)
        problems += [f"{path}: chart #{c[0]} not drawn" for c in charts if not (c[1] and c[2])]
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(50)  # let the charts follow the new width
            problems += [f"{path} at {width} px: {p}" for p in page.evaluate(OVERFLOWING)]
    assert problems == []
    assert refused == []
    assert charts_seen >= 10  # the demo fills usage, revenue, renewals, support, portfolio and health charts
