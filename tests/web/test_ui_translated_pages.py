"""The staff pages that are translated (docs/i18n.md) rendered in all nine languages: a visible text (text
node, title, aria-label or placeholder) that a non-English rendering leaves exactly as the English one is a
user-visible string outside the catalogues, and fails. Not checked: <code>, <script>, <style>, the test's
own data (names, e-mail), acronyms kept in every language, and content marked as another language than the
page's (lang="en" on an error's own message, not translated yet; each language's own name in the picker)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from babel.dates import format_date
from fastapi.testclient import TestClient

from steward.core.i18n import LANGUAGES
from tests.factories import ApiClient, Tenant
from tests.web.test_ui import _csrf, login

KEPT = {"Steward", "ARR", "API", "NPS", "SSO", "SLA", "CTA", "CSM"}  # the same word in every language
SKIPPED_TAGS = {"code", "script", "style", "pre", "kbd"}  # code, and key names as printed on the keys
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
GROUPS = ("success", "support", "experience", "insights", "admin")
WORD = re.compile(r"[A-Za-z]{2,}")


class _Texts(HTMLParser):
    """Visible texts inside the elements a selector names (by id, or the whole page)."""

    def __init__(self, region_ids: set[str] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.region_ids, self.stack, self.texts = region_ids, [], []  # type: ignore[var-annotated]

    def _inside(self) -> bool:
        page = self.stack[0][2] if self.stack and self.stack[0][0] == "html" else ""
        # Marked as another language than the page's: an error's English message, a language's own name
        skipped = any(t in SKIPPED_TAGS or (lang and lang != page) for t, _, lang in self.stack)
        wanted = self.region_ids is None or any(i in self.region_ids for _, i, _ in self.stack)
        return wanted and not skipped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        frame = (tag, a.get("id") or "", a.get("lang") or "")
        self.stack.append(frame)
        if self._inside():
            self.texts += [str(a[k]).strip() for k in ("title", "aria-label", "placeholder") if a.get(k)]
        if tag in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and self._inside():
            self.texts.append(" ".join(data.split()))


def texts(html: str, region_ids: set[str] | None = None) -> list[str]:
    parser = _Texts(region_ids)
    parser.feed(html)
    return parser.texts


def untranslated(english: str, other: str, data: set[str], regions: set[str] | None = None) -> list[str]:
    """The visible texts of `other` that are English words left as they are in the English rendering."""
    said_in_english = set(texts(english, regions))
    left = []
    for text in texts(other, regions):
        words = text
        for known in sorted(data | KEPT, key=len, reverse=True):
            words = words.replace(known, " ")
        if WORD.search(words) and text in said_in_english:
            left.append(text)
    return left


def in_every_language(browser: TestClient, paths: dict[str, str]) -> dict[str, dict[str, str]]:
    """Each path in each language, chosen on the user's sessions page as a user does (their browser says
    English)."""
    out: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        choice = {"language": language, "csrf_token": _csrf(browser.get("/account/sessions").text)}
        assert browser.post("/account/language", data=choice).status_code == 200
        out[language] = {}
        for name, path in paths.items():
            page = browser.get(path, headers={"Accept-Language": "en"})
            assert page.status_code == 200, (language, name, page.text[:300])
            out[language][name] = page.text
    return out


@pytest.fixture
def pages(app_client: TestClient, api: ApiClient, tenant: Tenant) -> dict[str, dict[str, str]]:
    """Each translated page in each language: the login page by the browser's Accept-Language; the frame,
    the account header and an error page by the user's own choice (their browser says English)."""
    account = api.post("/accounts", json={"external_id": "zeta", "name": "Zeta Kft"}).json()["id"]
    started = (date.today() - timedelta(days=300)).isoformat()
    sub = {"external_id": "zeta-1", "account_id": account, "plan": "Pro", "amount_minor": 1234500}
    created = api.post(
        "/subscriptions", json={**sub, "currency": "USD", "billing_period": "year", "start_date": started}
    )
    assert created.status_code == 201, created.text
    due = (date.today() - timedelta(days=2)).isoformat()  # overdue, on the default (open) CTA type "risk"
    api.post(
        "/ctas", json={"account_id": account, "type": "risk", "reason": "Call the sponsor", "due_date": due}
    )
    later = api.post(
        "/ctas", json={"account_id": account, "type": "activity", "reason": "Quarterly check-in"}
    )
    until = (date.today() + timedelta(days=9)).isoformat()
    snoozed = api.post(f"/ctas/{later.json()['id']}/snooze", json={"until": until, "reason": "Waits"})
    assert snoozed.status_code == 200, snoozed.text
    ticket = {"subject": "Printer on fire", "priority": "high", "account_id": account}
    made = api.post("/tickets", json=ticket)
    assert made.status_code == 201, made.text
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    out: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        choice = {"language": language, "csrf_token": _csrf(browser.get("/account/sessions").text)}
        assert browser.post("/account/language", data=choice).status_code == 200
        heads = {"Accept-Language": "en"}
        anonymous = TestClient(app_client.app, headers={"Accept-Language": language})
        out[language] = {
            "account": browser.get(f"/accounts/{account}", headers=heads).text,
            "language": browser.get("/account/sessions", headers=heads).text,
            "login": anonymous.get("/login").text,
            "error": browser.get("/accounts/999999999", headers=heads).text,  # the user's choice here too
            "cockpit": browser.get("/cockpit?everyone=true", headers=heads).text,
            "cockpit_filtered": browser.get("/cockpit?everyone=true&priority=low", headers=heads).text,
            "cockpit_empty": browser.get("/cockpit", headers=heads).text,  # the admin owns no CTA
            "tickets": browser.get(f"/tickets?account={account}", headers=heads).text,
            "tickets_done": browser.get("/tickets?done=assigned&count=2", headers=heads).text,
            "tickets_filtered": browser.get("/tickets?q=nothing+like+it", headers=heads).text,
            "tickets_mine": browser.get("/tickets?tab=mine", headers=heads).text,
            "tickets_soon": browser.get("/tickets?tab=soon", headers=heads).text,
            "tickets_none": browser.get("/tickets?tab=solved", headers=heads).text,
            "ticket": browser.get(f"/tickets/{made.json()['id']}", headers=heads).text,
            "cockpit_bulk": browser.post(  # the snoozed CTA again, and one that does not exist
                "/cockpit/bulk",
                headers=heads,
                data={
                    "action": "snooze",
                    "cta_ids": [str(later.json()["id"]), "999999999"],
                    "until": until,
                    "reason": "Waits",
                    "back": "/cockpit",
                    "csrf_token": choice["csrf_token"],
                },
            ).text,
            "failed": anonymous.post(
                "/login",
                data={
                    "email": "x@y.test",
                    "password": "not the password",
                    "csrf_token": _csrf(anonymous.get("/login").text),
                },
            ).text,
        }
    return out


def test_the_translated_pages_leave_no_english_behind(
    pages: dict[str, dict[str, str]], tenant: Tenant, api: ApiClient
) -> None:
    data = {
        "Zeta Kft",
        "x@y.test",
        "Call the sponsor",
        "Quarterly check-in",
        "Printer on fire",
        *re.findall(
            r'<span class="workspace">([^<]+)</span>', pages["en"]["cockpit"]
        ),  # the workspace's name
        *tenant.user_emails.values(),
        *(u["name"] for u in api.get("/users").json()),
    }
    regions = {
        "account": {"account-head", "user-menu", "crumbs", *(f"nav-{g}" for g in GROUPS)},
        "language": {"language-card"}, "login": None, "error": None, "failed": None,
        "cockpit": None, "cockpit_filtered": None, "cockpit_empty": None, "tickets": None,
        "tickets_done": None, "tickets_filtered": None, "tickets_mine": None, "tickets_soon": None,
        "tickets_none": None, "ticket": None, "cockpit_bulk": None,
    }  # fmt: skip
    english = pages["en"]
    assert "Log in to your workspace" in english["login"] and 'id="account-head"' in english["account"]
    assert "do not match an account" in english["failed"] and "Back to accounts" in english["error"]
    assert {"Language", "Your browser's language", "Save"} <= set(
        texts(english["language"], {"language-card"})
    )
    assert {"Renewal", "Log out", "Ticket queue", "Sessions"} <= set(
        texts(english["account"], regions["account"])
    )
    cockpit = english["cockpit"]
    assert "Calls to action" in cockpit and "Whole team" in cockpit and "snoozed to" in cockpit
    assert "Due date (soonest first)" in cockpit and ">Risk<" in cockpit and "Renewals coming up" in cockpit
    assert (
        "Tick every CTA on this page" in cockpit and "Saved views:" in cockpit and 'id="workload"' in cockpit
    )
    assert "No CTA matches" in english["cockpit_filtered"] and "Nothing to do" in english["cockpit_empty"]
    queue = english["tickets"]
    assert "1 ticket in this view" in queue and "Printer on fire" in queue and "Keyboard shortcuts" in queue
    assert "Next SLA deadline" in queue and "With the ticked tickets:" in queue and ">High<" in queue
    assert (
        "2 tickets assigned." in english["tickets_done"]
        and "No ticket matches" in english["tickets_filtered"]
    )
    assert "No open tickets assigned" in english["tickets_mine"] and "falls due" in english["tickets_soon"]
    assert "No tickets here" in english["tickets_none"] and 'id="sla-words"' in queue
    assert "1 of 2 CTAs snoozed" in english["cockpit_bulk"] and "not changed:" in english["cockpit_bulk"]
    ticket = english["ticket"]
    assert "Conversation" in ticket and "Similar tickets" in ticket and "opened the ticket" in ticket
    assert "Public reply" in ticket and "Recent tickets" in ticket and "Write a reply" in ticket
    for language in LANGUAGES[1:]:
        for name, html in pages[language].items():
            region = regions[name]
            left = untranslated(english[name], html, data, region)
            assert not left, f"{language} {name}: English left in {left}"
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html


def test_the_account_header_formats_per_locale(pages: dict[str, dict[str, str]]) -> None:
    head = {lang: " ".join(texts(p["account"], {"account-head"})) for lang, p in pages.items()}
    assert "$12,345.00" in head["en"] and "12.345,00" in head["de"] and "12 345,00" in head["fr"]
    assert "12.345,00 $" in head["de"] and "Verlängerung" in head["de"] and "解約リスク" in head["ja"]
    assert "NPS, 180 dni" in head["pl"] and "סיכון נטישה" in head["he"]


def test_the_checker_catches_a_string_outside_the_catalogues() -> None:
    english = '<html><body><p>Open CTAs</p><p lang="en">why it failed</p><code>GET /x</code></body></html>'
    other = english.replace("<html>", '<html lang="de">')
    assert untranslated(english, other, set()) == ["Open CTAs"]
    assert untranslated(english, other.replace("Open CTAs", "Offene CTAs"), set()) == []


def test_the_cockpit_formats_per_locale(pages: dict[str, dict[str, str]]) -> None:
    """Money, days and sort names on the cockpit, and times on the ticket page, as each locale writes them."""
    seen = {lang: " | ".join(texts(p["cockpit"], {"ctas", "workload"})) for lang, p in pages.items()}
    due = date.today() - timedelta(days=2)
    for language, amount in (("en", "$12,345.00"), ("de", "12.345,00 $"), ("fr", "12 345,00 $US")):
        assert amount in seen[language].replace("\u202f", " ").replace("\xa0", " "), language
        assert format_date(due, "medium", locale=language) in seen[language], language
    assert "Fälligkeit (früheste zuerst)" in seen["de"] and "Handlungsaufforderungen" in seen["de"]
    history = {lang: " ".join(texts(p["ticket"], {"history"})) for lang, p in pages.items()}
    assert re.search(r"\b\d\d\.\d\d\.\d{4}, \d\d:\d\d\b", history["de"]), history["de"]  # 07.12.2026, 08:38
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", history["zh-Hans"]), history["zh-Hans"]
    assert "行动要求" in seen["zh-Hans"] and "アクション要請" in seen["ja"] and "סיכון" in seen["he"]
