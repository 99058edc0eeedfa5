"""The lists, portfolio and revenue pages (the `lists` catalogue part) and their charts rendered in all nine
languages, filled (the demo workspace, its churn model trained from the page) and empty (a new workspace):
nothing is left in English (tests/web/test_ui_translated_pages.py's checker), Hebrew runs right to left, and
amounts, dates, percentages and chart words are the locale's. The demo's own names (accounts, people,
segments, events, scorecards and grades, plans) are data and stay as written."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from babel.dates import format_date
from fastapi.testclient import TestClient

from steward.core.i18n import LANGUAGES
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from tests.factories import ApiClient, Tenant
from tests.factories.charts import chart_spec
from tests.factories.demo_cache import DEMO_60, demo_workspace
from tests.unit.test_catalogues import SAME_WORD
from tests.web.test_ui import _csrf, login
from tests.web.test_ui_translated_pages import texts, untranslated

HEADS = {"Accept-Language": "en"}  # the browser says English: the user's own choice decides
EMPTY = {  # a new workspace
    "accounts_empty": "/accounts",
    "renewals_empty": "/renewals",
    "risk_empty": "/risk",
    "portfolio_empty": "/portfolio",
    "revenue_empty": "/revenue",
    "usage_empty": "/usage",
    "sources_empty": "/sources",
    "icp_empty": "/icp",
    "scorecards_empty": "/scorecards",
}


def _choose(browser: TestClient, language: str) -> None:
    choice = {"language": language, "csrf_token": _csrf(browser.get("/account/sessions").text)}
    assert browser.post("/account/language", data=choice).status_code == 200


def _get(browser: TestClient, path: str) -> str:
    answer = browser.get(path, headers=HEADS)
    assert answer.status_code == 200, (path, answer.text[:300])
    return answer.text


@pytest.fixture
def demo(app_client: TestClient) -> ApiClient:
    """The demo workspace, before the tenant's: its restored rows keep their ids."""
    ctx = demo_workspace(DEMO_60)
    assert ctx.api_key
    return ApiClient(app_client, ctx.api_key)


@pytest.fixture
def pages(
    app_client: TestClient, demo: ApiClient, tenant: Tenant, api: ApiClient
) -> tuple[dict[str, dict[str, str]], set[str]]:
    """Each page in each language, and the demo's data shown on them."""
    staff = login(TestClient(app_client.app), DEMO_EMAIL, DEMO_PASSWORD)
    fresh = login(TestClient(app_client.app), tenant.user_emails["admin"])
    renewals = demo.get("/renewals", params={"limit": 100}).json()["items"]
    closed = demo.post(
        f"/renewals/{renewals[-1]['id']}/close", json={"outcome": "churned", "churn_reason": "price"}
    )
    assert closed.status_code == 200, closed.text
    renewal = renewals[0]["id"]
    (card, *_) = demo.get("/health/scorecards").json()
    filled = {
        "accounts": "/accounts",
        "accounts_filtered": "/accounts?q=nothing+like+it",
        "renewals": "/renewals",
        "renewals_filtered": "/renewals?q=nothing+like+it",
        "renewal": f"/renewals/{renewal}",
        "renewal_closed": f"/renewals/{closed.json()['id']}",
        "portfolio": "/portfolio",
        "revenue": "/revenue",
        "usage": "/usage",
        "sources": "/sources",
        "icp": "/icp",
        "scorecards": "/scorecards",
        "scorecard": f"/scorecards/{card['id']}",
    }
    out: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for language in LANGUAGES:  # the At risk page before a model: ranked by health score
        _choose(staff, language)
        out[language]["risk_untrained"] = _get(staff, "/risk")
    form = {"csrf_token": _csrf(out["en"]["risk_untrained"]), "flag_precision": "0.6"}
    assert staff.post("/risk/train", data=form, follow_redirects=False).status_code == 303
    at_risk = demo.get("/churn/at-risk", params={"limit": 50}).json()["items"]
    reasoned = next(item for item in at_risk if item["reasons"])  # the account page's churn card, its reasons
    filled["account_churn"] = f"/accounts/{reasoned['account_id']}"
    for language in LANGUAGES:
        _choose(staff, language)
        _choose(fresh, language)
        seen = out[language]
        seen |= {name: _get(staff, path) for name, path in filled.items()}
        seen |= {"risk": _get(staff, "/risk"), "risk_filtered": _get(staff, "/risk?q=nothing+like+it")}
        seen |= {name: _get(fresh, path) for name, path in EMPTY.items()}
        bulk = {  # one renewal changed, one that does not exist
            "action": "forecast", "forecast": "commit", "renewal_ids": [str(renewal), "999999999"],
            "back": "/renewals", "csrf_token": _csrf(seen["renewals"]),
        }  # fmt: skip
        answer = staff.post("/renewals/bulk", data=bulk, headers=HEADS)
        assert answer.status_code == 200, answer.text[:300]
        seen["renewals_bulk"] = answer.text
    recent = staff.get("/sources/recent.json").json()  # what arrived: types, events, people, groups
    shown = {
        str(e.get(k) or "") for e in recent for k in ("type", "event", "user_id", "anonymous_id", "group_id")
    }
    return out, _data(demo, api) | shown


def _data(demo: ApiClient, api: ApiClient) -> set[str]:
    """What the workspaces hold, shown as written in every language."""
    found = {"USD", "EUR", "GBP", "NRR", "ROC AUC", "messageId"}  # codes, acronyms, a field's name
    found |= {f["event"] for f in demo.get("/usage/overview").json()["features"]}
    found |= {r["message_id"] or "" for r in demo.get("/events/rejections").json()["items"]}
    builtin = {"Segment", "Tier", "Industry", "Region", "Plan", "Seats"}  # translated; the rest are data
    for value in demo.get("/icp/profile").json()["values"]:
        found |= {str(value["value"]), *([value["label"]] if value["label"] not in builtin else [])}
    for renewal in demo.get("/renewals", params={"limit": 100}).json()["items"]:
        found.add(renewal["plan"])
    for client in (demo, api):
        for user in client.get("/users").json():
            found |= {user["name"], user["email"], f"{user['name']} ({user['email']})"}
    cursor: Any = None
    while True:
        page = demo.get("/accounts", params={"limit": 200, **({"cursor": cursor} if cursor else {})}).json()
        for a in page["items"]:
            found |= {a["name"], a.get("domain") or "", a["external_id"], a.get("segment") or ""}
        cursor = page.get("next_cursor")
        if not cursor:
            break
    for card in demo.get("/health/scorecards").json():
        found.add(card["name"])
        found |= {g["label"] for g in card.get("grades", [])}
        for group in card.get("groups", []):
            found |= {group["key"], *(m["key"] for m in group["measures"])}
    return {d for d in found if d}


def _same_word(language: str) -> set[str]:
    """Words the catalogues keep alike in this language (tests/unit/test_catalogues.py SAME_WORD)."""
    return {m for lang, m in SAME_WORD if lang == language}


@pytest.mark.timeout(900)  # 27 page states in nine languages, a churn model trained, the first demo build
def test_the_lists_in_nine_languages(pages: tuple[dict[str, dict[str, str]], set[str]]) -> None:
    """One test, as building the pages (the demo, nine languages) is most of its time."""
    seen, data = pages
    _no_english_left(seen, data)
    _amounts_dates_and_charts_in_the_locale(seen)
    _churn_reasons_in_the_locale(seen)


def _no_english_left(seen: dict[str, dict[str, str]], data: set[str]) -> None:
    english = seen["en"]
    assert (
        "Search name, domain or ID" in english["accounts"]
        and "No accounts match" in english["accounts_filtered"]
    )
    assert "No accounts yet" in english["accounts_empty"] and "Pipeline by quarter" in english["renewals"]
    assert "Renewal of" in english["renewal"] and "Close the renewal" in english["renewal"]
    assert (
        "Closed " in english["renewal_closed"] and "1 of 2 renewals: forecast set" in english["renewals_bulk"]
    )
    assert (
        "No churn model yet" in english["risk_untrained"]
        and 'id="health-fallback"' in english["risk_untrained"]
    )
    assert "Backtest ROC AUC" in english["risk"] and 'id="lead-time"' in english["risk"]
    assert "No scored account matches" in english["risk_filtered"] and "ARR by health" in english["portfolio"]
    assert "Cohort retention (revenue)" in english["revenue"] and "Feature adoption" in english["usage"]
    assert "Send events" in english["sources"] and "Health scorecards" in english["scorecards"]
    assert "Advisor: does each measure warn of churn?" in english["scorecard"]
    assert (
        "No open renewals." in english["renewals_empty"] and "No accounts here" in english["portfolio_empty"]
    )
    assert (
        "No product usage yet." in english["usage_empty"]
        and "No scorecards yet" in english["scorecards_empty"]
    )
    assert "Ideal customer profile" in english["icp"] and "Not enough history yet" in english["icp_empty"]
    data |= {w for p in english.values() for w in re.findall(r'<span class="workspace">([^<]+)</span>', p)}
    left = {}
    for language in LANGUAGES[1:]:
        known = data | _same_word(language)
        for name, html in seen[language].items():
            regions = {"churn"} if name == "account_churn" else None  # the rest of it: the account part's
            if found := untranslated(english[name], html, known, regions):
                left[f"{language} {name}"] = sorted(set(found))
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html
        for icp in ("icp", "icp_empty"):  # the best fits' reasons and "not enough history", worded here too
            assert 'lang="en"' not in seen[language][icp], (language, icp)
    assert not left, f"English left in {left}"


def _amounts_dates_and_charts_in_the_locale(seen: dict[str, dict[str, str]]) -> None:
    revenue = {lang: " ".join(texts(p["revenue"], {"arr-chart"})).replace("\u202f", " ").replace("\xa0", " ")
               for lang, p in seen.items()}  # fmt: skip
    assert re.search(r"\$\d{1,3}(,\d{3})+\.\d\d", revenue["en"]), revenue["en"]
    assert re.search(r"\d{1,3}(\.\d{3})+,\d\d \$", revenue["de"]), revenue["de"]
    assert re.search(r"\d{1,3}( \d{3})+,\d\d \$US", revenue["fr"]), revenue["fr"]
    day = format_date(date.today(), "medium", locale="ja")[:5]  # '2026年'
    assert day in " ".join(texts(seen["ja"]["usage"])), "the Usage page's day, as Japanese writes it"
    for language, said in (
        ("de", "Erwarteter Verlängerungs-ARR"),
        ("ja", "更新見込み ARR"),
        ("he", "ARR חידושים"),
    ):
        pipeline = chart_spec(seen[language]["renewals"], "pipeline")
        assert said in pipeline["title"] and pipeline["series"][0]["name"] != "Commit", language
    movement = chart_spec(seen["de"]["revenue"], "movement-bars")
    assert movement["labels"][0] == "ARR am Anfang" and movement["title"] == "ARR-Bewegung im Jahresverlauf"
    usage = chart_spec(seen["zh-Hans"]["usage"], "usage-chart")
    assert usage["title"] == "最近 90 天的每日事件与活跃人数" and usage["series"][0]["name"] == "每日事件数"
    assert (
        chart_spec(seen["en"]["usage"], "usage-chart")["title"]
        == "Daily events and active people, last 90 days"
    )
    assert "Kundenbestand" in seen["de"]["portfolio"]
    assert "Verlängerungen" in seen["de"]["renewals"] and "リスクあり" in seen["ja"]["risk"]


def _churn_reasons_in_the_locale(seen: dict[str, dict[str, str]]) -> None:
    """The churn model's reasons are said in the page's language (web/ui/churn_words.py), none left as the
    domain's English text; the English page keeps the domain's words."""
    for language, page in seen.items():
        table = page["risk"].split('id="at-risk"', 1)[1].split("</table>", 1)[0]
        assert re.search(r'<td class="sub">[^<]+', table), language  # reasons are shown
        assert 'lang="en"' not in table, language
        card = page["account_churn"].split('<ul class="reasons">', 1)[1].split("</ul>", 1)[0]
        assert 'lang="en"' not in card, language
    english = " ".join(texts(seen["en"]["risk"], {"at-risk"}))
    assert re.search(r"in \d+ days|\d+%|auto-renew|ARR \d", english), english
    german = " ".join(texts(seen["de"]["risk"], {"at-risk"}))
    assert re.search(r"Tage|\d\s%|Verlängerung|ARR von", german), german
