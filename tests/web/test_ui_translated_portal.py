"""The customer portal, the shared success plan and the public help center's chrome in all nine languages
(catalogue part `portal`): nothing a non-English rendering shows is left as the English one, `<html lang dir>`
follows the language (Hebrew right to left), and the portal picks the switcher's choice, else the contact's
own language, else the browser's; the sign-in e-mail speaks the contact's language."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.i18n import LANGUAGES
from steward.domains.mail.models import Email
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant
from tests.web.portal_helpers import account_with, csrf, public_url, sign_in, ticket_for
from tests.web.test_ui_translated_pages import texts, untranslated

pytestmark = pytest.mark.usefixtures("public_url")
__all__ = ["public_url"]  # a fixture

DATA = {
    "Umbrella Corp", "ada@umbrella.test", "ada", "Printer on fire", "Toner everywhere", "We are on it",
    "Rollout", "Go live", "Train the admins", "Kick-off", "screenshot.png", "image/png", "Billing",
    "Invoices", "Download an invoice", "Open Billing and press Download.", "invoice", "1", "2", "3", "4", "5",
    "application/pdf", "log.pdf", "Help, please",
}  # fmt: skip
SAME_WORDS = {"es": {"No"}, "de": {"Status"}}  # written as in English (messages.po's German "Status")


def _plan(api: ApiClient, account: int) -> int:
    today = today_utc()
    plan = api.post("/plans", json={"account_id": account, "title": "Rollout"}).json()
    objective = {
        "title": "Go live", "start_date": (today - timedelta(days=5)).isoformat(),
        "due_date": (today + timedelta(days=20)).isoformat(),
        "items": [{"title": "Kick-off", "due_date": (today - timedelta(days=1)).isoformat()},
                  {"title": "Train the admins", "due_date": (today + timedelta(days=9)).isoformat()}],
    }  # fmt: skip
    plan = api.post(f"/plans/{plan['id']}/objectives", json=objective).json()
    first = plan["objectives"][0]["items"][1]["id"]
    assert api.patch(f"/plans/{plan['id']}/items/{first}", json={"done": True}).status_code == 200
    return int(plan["id"])


@pytest.fixture
def pages(app_client: TestClient, api: ApiClient, tenant: Tenant) -> dict[str, dict[str, str]]:
    """Every page of the part in every language: portal pages by the switcher, the sign-in page and the shared
    plan link by the browser's Accept-Language, help pages by their URL."""
    slug = tenant.slug
    account, ids = account_with(api, "Umbrella Corp", {"ada@umbrella.test": "company"})
    ticket = ticket_for(api, account, ids["ada@umbrella.test"], "Printer on fire")
    attached = {"filename": "screenshot.png", "content_type": "image/png", "size": 2048}
    api.post(f"/tickets/{ticket}/messages", json={"body": "Toner everywhere", "author": "customer",
                                                  "attachments": [attached]})  # fmt: skip
    api.post(f"/tickets/{ticket}/messages", json={"body": "We are on it", "status": "solved"})
    plan = _plan(api, account)
    shared = api.post(f"/plans/{plan}/share", json={}).json()["path"]
    section = shelf(api)
    article = published(api, section, "Download an invoice", "Open Billing and press Download.")
    browser = sign_in(app_client, slug, "ada@umbrella.test")
    token = csrf(browser.get(f"/portal/{slug}/new").text)
    bad_file = {"subject": "Printer on fire", "body": "x", "att_name": "log.pdf", "att_size": "lots",
                "att_type": "application/pdf", "csrf_token": token}  # fmt: skip
    out: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        assert browser.get(f"/portal/{slug}/language/{language}", follow_redirects=False).status_code == 303
        anonymous = TestClient(app_client.app, headers={"Accept-Language": language})
        sign_in_page = anonymous.get(f"/portal/{slug}/sign-in").text
        help_base = f"/help/{slug}/{language}"
        out[language] = {
            "home": browser.get(f"/portal/{slug}").text,
            "ticket": browser.get(f"/portal/{slug}/tickets/{ticket}").text,
            "new": browser.get(f"/portal/{slug}/new").text,
            "new_error": browser.post(f"/portal/{slug}/tickets", data=bad_file).text,
            "solved": browser.post(f"/portal/{slug}/solved", data={"csrf_token": token}).text,
            "plan": browser.get(f"/portal/{slug}/plans/{plan}").text,
            "sign_in": sign_in_page,
            "sent": anonymous.post(f"/portal/{slug}/sign-in", data={"email": "nobody@umbrella.test",
                                   "csrf_token": csrf(sign_in_page)}).text,
            "link": anonymous.get(f"/portal/{slug}/link/stp_whatever").text,
            "bad_link": anonymous.post(f"/portal/{slug}/link/stp_forged").text,
            "shared": anonymous.get(shared).text,
            "shared_gone": anonymous.get("/shared/plans/forged").text,
            "help_home": anonymous.get(help_base).text,
            "help_section": anonymous.get(f"{help_base}/sections/{section}").text,
            "help_article": anonymous.get(f"{help_base}/articles/{article['id']}").text,
            "help_voted": anonymous.get(f"{help_base}/articles/{article['id']}?voted=1").text,
            "help_found": anonymous.get(f"{help_base}/search", params={"q": "invoice"}).text,
            "help_none": anonymous.get(f"{help_base}/search", params={"q": "zzzzqqq"}).text,
            "help_search": anonymous.get(f"{help_base}/search").text,
        }  # fmt: skip
    return out


def test_the_portal_and_help_center_leave_no_english_behind(
    pages: dict[str, dict[str, str]], tenant: Tenant, api: ApiClient
) -> None:
    english = pages["en"]
    workspace = re.findall(r'<a class="help-brand" href="[^"]+">([^<]+) · Support</a>', english["home"])
    data = DATA | set(workspace) | {*tenant.user_emails.values()}
    assert "Your company's requests" in english["home"] and "Success plans shared with you" in english["home"]
    assert "screenshot.png" in english["ticket"] and "2,048 bytes" in english["ticket"]
    assert "How did we do?" in english["ticket"] and "File name" in english["new"]
    assert "attachments 1 size" in english["new_error"] and "Glad that helped" in english["solved"]
    assert "Train the admins" in english["plan"] and "Success plan for Umbrella Corp" in english["plan"]
    assert "a sign-in link is on its way" in english["sent"] and "not valid" in english["bad_link"]
    assert "Success plan for Umbrella Corp" in english["shared"] and "not valid" in english["shared_gone"]
    assert "Was this article helpful?" in english["help_article"] and "Thank you" in english["help_voted"]
    assert "Download an invoice" in english["help_found"] and "No article matches" in english["help_none"]
    for language in LANGUAGES[1:]:
        for name, html in pages[language].items():
            kept = data | SAME_WORDS.get(language, set())
            left = untranslated(english[name], html, kept)
            assert not left, f"{language} {name}: English left in {left}"
            assert f'<html lang="{language}" dir="{"rtl" if language == "he" else "ltr"}">' in html, (
                language,
                name,
            )


def test_the_words_and_formats_are_the_languages_own(pages: dict[str, dict[str, str]]) -> None:
    said = {lang: " | ".join(texts(p["home"]) + texts(p["ticket"])) for lang, p in pages.items()}
    assert "Ihre Anfragen" in said["de"] or "Anfragen Ihres Unternehmens" in said["de"]
    assert "2.048 Byte" in said["de"] and "2 048 octets" in said["fr"].replace("\u202f", " ")
    assert "対応はいかがでしたか" in said["ja"] and "הפניות של החברה שלך" in said["he"]
    assert "Centrum pomocy" in " ".join(texts(pages["pl"]["help_home"]))
    assert "説明" not in pages["zh-Hant"]["help_home"] and "說明中心" in pages["zh-Hant"]["help_home"]
    plan = " ".join(texts(pages["de"]["plan"]))
    assert "Erfolgsplan für Umbrella Corp" in plan, plan
    assert "fällig " in plan and "erledigt am" in plan and "Im Verzug" in plan, plan
    # The timeline (web/ui/plans.py gantt) in the reader's language on the portal and on the shared link.
    assert "<h2>Timeline</h2>" in pages["en"]["shared"] and "due " in " ".join(texts(pages["en"]["shared"]))
    for page in ("plan", "shared"):
        said = " ".join(texts(pages["de"][page]))
        assert "Verlauf" in said and "fällig am " in said, (page, said)
        assert "タイムライン" in " ".join(texts(pages["ja"][page])), page


def test_the_portal_speaks_the_contacts_language_until_the_switcher_says_otherwise(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    slug = tenant.slug
    _, ids = account_with(api, "Umbrella Corp", {"ken@umbrella.test": None})
    assert api.patch(f"/contacts/{ids['ken@umbrella.test']}", json={"language": "ja"}).status_code == 200
    browser = sign_in(app_client, slug, "ken@umbrella.test")
    with unit_of_work() as s:  # the sign-in e-mail was written in the contact's language too
        mail = s.scalars(select(Email).where(Email.to_address == "ken@umbrella.test")).one()
    assert mail.subject.endswith("のサインイン用リンク") and "分間有効です" in mail.body
    home = browser.get(f"/portal/{slug}", headers={"Accept-Language": "de"})
    assert '<html lang="ja" dir="ltr">' in home.text and "お問い合わせはまだありません。" in home.text
    switched = browser.get(f"/portal/{slug}/language/he", params={"next": f"/portal/{slug}/new"},
                           follow_redirects=False)  # fmt: skip
    assert switched.status_code == 303 and switched.headers["location"] == f"/portal/{slug}/new"
    assert '<html lang="he" dir="rtl">' in browser.get(f"/portal/{slug}").text
    for elsewhere in ("https://evil.test/", f"/portal/{slug}//evil.test", "/accounts"):
        away = browser.get(f"/portal/{slug}/language/de", params={"next": elsewhere}, follow_redirects=False)
        assert away.headers["location"] == f"/portal/{slug}", elsewhere
    assert browser.get(f"/portal/{slug}/language/xx", follow_redirects=False).status_code == 404
    stranger = TestClient(app_client.app, headers={"Accept-Language": "fr-CA, en;q=0.5"})
    assert '<html lang="fr" dir="ltr">' in stranger.get(f"/portal/{slug}/sign-in").text
