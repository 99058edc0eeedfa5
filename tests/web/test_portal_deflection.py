"""Deflection: the portal's new-ticket form suggests help-center articles for the subject typed; an article
opened from a suggestion counts as a deflected ticket when the customer says it answered them, or when no
ticket is sent within the wait, and not when the ticket is sent. Agents see the same articles on the ticket
page with a button that puts the public link in the reply. Portal survey invitations are listed too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.helpcenter.models import HelpDeflection
from steward.domains.helpcenter.schemas import DEFLECTION_WAIT
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.portal_helpers import account_with, csrf, public_url, sign_in, ticket_for
from tests.web.test_ui import login

pytestmark = pytest.mark.usefixtures("public_url")
__all__ = ["public_url"]  # a fixture


def _deflected(api: ApiClient) -> dict[str, int]:
    return {a["title"]: a["deflected"] for a in api.get("/help/report").json()["articles"]}


def _form(browser: TestClient, slug: str) -> tuple[str, str]:
    page = browser.get(f"/portal/{slug}/new").text
    token = page.split('id="portal-form-token"')[0].rsplit('value="', 1)[1].split('"')[0]
    return csrf(page), token


def test_suggestions_and_deflection_counting(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    slug = tenant.slug
    section = shelf(api)
    published(api, section, "Reset your password", "Open Settings, then Security, and press *Reset*.")
    published(api, section, "Download invoices", "Invoices are under Billing.")
    account, ids = account_with(api, "Hooli", {"gavin@hooli.test": None})
    browser = sign_in(app_client, slug, "gavin@hooli.test")
    assert TestClient(app_client.app).get(f"/portal/{slug}/suggest?q=password").status_code == 401

    csrf_token, form = _form(browser, slug)
    page = browser.get(f"/portal/{slug}/new").text
    assert "/static/portal.js" in page and "<script>" not in page
    items = browser.get(f"/portal/{slug}/suggest", params={"q": "forgot my password", "form": form}).json()[
        "items"
    ]
    assert [i["title"] for i in items] == ["Reset your password"]
    assert browser.get(f"/portal/{slug}/suggest", params={"q": "x" * 10_000 + "😀"}).status_code == 200
    assert api.get("/help/report").json()["content_gaps"] == []  # suggestions are not searches made

    # 1. read, then "this answered my question": deflected at once
    assert browser.get(items[0]["url"]).status_code == 200
    assert browser.get(items[0]["url"]).status_code == 200  # read twice: one reading
    assert _deflected(api)["Reset your password"] == 0  # not yet: the customer may still send it
    solved = browser.post(f"/portal/{slug}/solved", data={"form": form, "csrf_token": csrf_token})
    assert solved.status_code == 200 and "portal-glad" in solved.text
    assert _deflected(api) == {"Reset your password": 1, "Download invoices": 0}

    # 2. read, then the ticket is sent anyway: no deflection
    csrf_token, form = _form(browser, slug)
    [item] = browser.get(f"/portal/{slug}/suggest", params={"q": "password", "form": form}).json()["items"]
    browser.get(item["url"])
    data = {"subject": "password", "body": "still stuck", "form": form, "csrf_token": csrf_token}
    sent = browser.post(f"/portal/{slug}/tickets", data=data)
    assert sent.status_code == 200
    # 3. read, and left: counted once the wait is over
    _, form = _form(browser, slug)
    [item] = browser.get(f"/portal/{slug}/suggest", params={"q": "invoices", "form": form}).json()["items"]
    browser.get(item["url"])
    assert _deflected(api)["Download invoices"] == 0
    with unit_of_work() as s:
        s.execute(update(HelpDeflection).where(HelpDeflection.state == "read")
                  .values(created_at=now_utc() - DEFLECTION_WAIT - timedelta(minutes=1)))  # fmt: skip
    assert _deflected(api) == {"Reset your password": 1, "Download invoices": 1}

    # forged or foreign tokens record nothing
    other = make_tenant("Other")
    visitor = TestClient(app_client.app)
    url = item["url"].split("?")[0]
    visitor.get(url + "?deflect=1.2.3.forged")
    visitor.get(
        url.replace("/articles/", "/articles/") + "?deflect=" + form.replace(str(tenant.id), str(other.id), 1)
    )
    with unit_of_work() as s:
        s.execute(
            update(HelpDeflection).values(created_at=now_utc() - DEFLECTION_WAIT - timedelta(minutes=1))
        )
    assert _deflected(api) == {"Reset your password": 1, "Download invoices": 1}
    staff = login(TestClient(app_client.app), tenant.user_emails["admin"])
    report = staff.get("/help-center/report").text
    assert "Tickets deflected" in report and '<td class="deflected">1</td>' in report

    # the agent's ticket page suggests the same article with its public link to insert
    ticket = ticket_for(api, account, ids["gavin@hooli.test"], "How do I reset my password?")
    view = staff.get(f"/tickets/{ticket}").text
    assert 'id="article-suggestions"' in view and "Reset your password" in view
    assert f'data-url="http://testserver/help/{slug}/en/articles/' in view and "/static/tickets.js" in view
    plain = ticket_for(api, account, ids["gavin@hooli.test"], "Zebra migration")
    assert 'id="article-suggestions"' not in staff.get(f"/tickets/{plain}").text
