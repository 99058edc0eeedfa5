"""The help center over HTTP: the staff editor (preview, save a version, publish, CSRF, roles) and the public
pages (home, article in a language with hreflang and canonical links, Hebrew right to left, sitemap, search,
votes deduplicated per visitor with a comment on a 'no'); a draft never reaches a public page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import PASSWORD, ApiClient, Tenant
from tests.web.test_ui import _csrf, login


def test_staff_editor(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    section_id = shelf(api)
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get("/help-center/articles/new")
    token = _csrf(page.text)
    form = {"title": "Refunds", "body": "**Bold** <script>alert(1)</script>", "section_id": str(section_id),
            "language": "en", "csrf_token": token}  # fmt: skip
    preview = browser.post("/help-center/articles", data={**form, "action": "preview"})
    assert "<strong>Bold</strong> &lt;script&gt;" in preview.text and "<script>alert" not in preview.text
    assert api.get("/help/articles").json() == []  # a preview saves nothing
    assert browser.post("/help-center/articles", data={**form, "csrf_token": "forged"}).status_code == 403
    saved = browser.post("/help-center/articles", data=form)
    assert saved.status_code == 200 and "version 1" in saved.text
    [article] = api.get("/help/articles").json()
    edited = browser.post(
        f"/help-center/articles/{article['id']}", data={**form, "body": "Refunds take a week."}
    )
    assert 'id="versions"' in edited.text and "version 2" in edited.text
    published_page = browser.post(
        f"/help-center/articles/{article['id']}/status", data={"to": "published", "csrf_token": token}
    )
    assert "published" in published_page.text
    assert api.get(f"/help/articles/{article['id']}").json()["status"] == "published"
    assert (
        "Refunds" in browser.get("/help-center").text and "Views" in browser.get("/help-center/report").text
    )

    with unit_of_work() as s:
        users_service.create_user(session=s, workspace_id=tenant.id, data=UserCreate(
            email="reader@example.com", name="Reader", role=Role.viewer, password=PASSWORD))  # fmt: skip
    reader = login(TestClient(app_client.app), "reader@example.com")
    assert (
        reader.get("/help-center").status_code == 200 and "New article" not in reader.get("/help-center").text
    )
    reader_token = _csrf(reader.get("/help-center").text)
    denied = reader.post(f"/help-center/articles/{article['id']}", data={**form, "csrf_token": reader_token})
    assert denied.status_code == 403


def test_public_pages(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    visitor = TestClient(app_client.app)
    assert visitor.get(f"/help/{tenant.slug}/en").status_code == 404  # nothing published: no help center
    section_id = shelf(api)
    source = published(api, section_id, "Change your password", "Open *Settings*.")
    hebrew_text = {"language": "he", "title": "שינוי הסיסמה", "body": "פותחים את ההגדרות בחשבון."}
    he = api.post(f"/help/articles/{source['id']}/translations", json=hebrew_text).json()
    api.post(f"/help/articles/{he['id']}/publish")
    draft = api.post("/help/articles", json={"section_id": section_id, "title": "Unreleased pricing",
                                             "body": "Secret plans."}).json()  # fmt: skip
    slug = tenant.slug

    home = visitor.get(f"/help/{slug}/en")
    assert home.status_code == 200 and "Change your password" in home.text and "Unreleased" not in home.text
    assert (
        visitor.get(f"/help/{slug}", headers={"accept-language": "he"}, follow_redirects=False).headers[
            "location"
        ]
        == f"/help/{slug}/he"
    )
    hebrew = visitor.get(f"/help/{slug}/he/articles/{source['id']}")
    assert '<html lang="he" dir="rtl">' in hebrew.text and "שינוי הסיסמה" in hebrew.text
    assert (
        f'<link rel="canonical" href="http://testserver/help/{slug}/he/articles/{source["id"]}">'
        in hebrew.text
    )
    assert f'hreflang="en" href="http://testserver/help/{slug}/en/articles/{source["id"]}"' in hebrew.text
    assert visitor.get(f"/help/{slug}/en/articles/{draft['id']}").status_code == 404
    assert visitor.get(f"/help/{slug}/xx").status_code == 404
    found = visitor.get(f"/help/{slug}/he/search", params={"q": "חשבון"})
    assert "<mark>בחשבון</mark>" in found.text and found.headers["x-robots-tag"] == "noindex"
    assert "Secret" not in visitor.get(f"/help/{slug}/en/search", params={"q": "secret plans"}).text
    assert visitor.get(f"/help/{slug}/en/search", params={"q": "😀" * 5000}).status_code == 200

    sitemap = visitor.get(f"/help/{slug}/sitemap.xml")
    assert sitemap.headers["content-type"].startswith("application/xml")
    assert f"/help/{slug}/he/articles/{source['id']}</loc>" in sitemap.text
    assert len(re.findall("<url>", sitemap.text)) == 4 and f"/articles/{draft['id']}<" not in sitemap.text

    vote_url = f"/help/{slug}/en/articles/{source['id']}/vote"
    assert visitor.post(vote_url, data={"helpful": "yes"}, follow_redirects=False).status_code == 303
    visitor.post(vote_url, data={"helpful": "no", "comment": "<b>Where is Settings?</b>"})  # replaces the yes
    assert (
        visitor.post(
            vote_url, data={"helpful": "yes"}, headers={"origin": "https://evil.example"}
        ).status_code
        == 403
    )
    assert (
        visitor.post(f"/help/{slug}/en/articles/{draft['id']}/vote", data={"helpful": "no"}).status_code
        == 404
    )
    article = api.get(f"/help/articles/{source['id']}").json()
    assert (article["helpful"], article["not_helpful"]) == (0, 1)
    report = api.get("/help/report").json()
    assert report["comments"] == ["Change your password: <b>Where is Settings?</b>"]
    assert {a["article_id"]: a["views"] for a in report["articles"]}[he["id"]] == 1
    assert (
        "&lt;b&gt;Where"
        in login(TestClient(app_client.app), tenant.user_emails["admin"]).get("/help-center/report").text
    )
