"""The customer portal: sign-in by e-mailed link (single use, expiring, throttled, the same answer for a
known and an unknown address), a session apart from staff sessions, and strict scoping: a contact sees their
own tickets (or their account's with company access), never another account's, contact's or workspace's,
tried by id; replies land as customer messages, a solved ticket is rated through the CSAT survey."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.mail.models import Email
from steward.domains.portal.models import PortalLink
from steward.domains.tickets.models import CsatSurvey
from steward.settings import get_settings
from tests.factories import ApiClient, Tenant, make_tenant
from tests.web.portal_helpers import (
    account_with,
    ask_link,
    csrf,
    last_link,
    public_url,
    reset_limits,
    sign_in,
    ticket_for,
)
from tests.web.test_ui import login

pytestmark = pytest.mark.usefixtures("public_url")
__all__ = ["public_url"]  # a fixture


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    reset_limits()


def test_magic_link_single_use_expiring_and_silent(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    slug = tenant.slug
    account, ids = account_with(api, "Globex", {"ann@globex.test": None, "off@globex.test": "none"})
    ticket = ticket_for(api, account, ids["ann@globex.test"], "Printer on fire")
    browser = TestClient(app_client.app)
    assert (
        browser.get(f"/portal/{slug}", follow_redirects=False).headers["location"]
        == f"/portal/{slug}/sign-in"
    )

    known = ask_link(browser, slug, "Ann@Globex.test")
    unknown = ask_link(browser, slug, "nobody@globex.test")
    barred = ask_link(browser, slug, "off@globex.test")
    strip = lambda html: html.replace(csrf(html), "")  # noqa: E731
    assert known[0] == unknown[0] == barred[0] == 200
    assert strip(known[1]) == strip(unknown[1]) == strip(barred[1])  # nothing tells who is a customer
    assert last_link("nobody@globex.test") is None and last_link("off@globex.test") is None
    link = last_link("ann@globex.test")
    assert link and link.startswith(f"/portal/{slug}/link/stp_")
    with unit_of_work() as s:  # only the digest is stored
        assert link.rsplit("/", 1)[1] not in {d for d in s.scalars(select(PortalLink.digest))}

    assert "portal-use-link" in browser.get(link).text  # fetching the page does not use the link
    used = browser.post(link, follow_redirects=False)
    assert used.status_code == 303 and "steward_portal" in used.headers["set-cookie"]
    home = browser.get(f"/portal/{slug}")
    assert home.status_code == 200 and "Printer on fire" in home.text and f"/tickets/{ticket}" in home.text
    assert browser.get("/accounts", follow_redirects=False).status_code == 303  # not a staff session

    again = TestClient(app_client.app).post(link, follow_redirects=False)
    assert again.status_code == 410 and "used or has expired" in again.text
    assert TestClient(app_client.app).post(f"/portal/{slug}/link/stp_forged").status_code == 404

    reset_limits()
    ask_link(browser, slug, "ann@globex.test")
    late = last_link("ann@globex.test")
    assert late and late != link
    with unit_of_work() as s:
        s.execute(
            update(PortalLink)
            .where(PortalLink.used_at.is_(None))
            .values(expires_at=now_utc() - timedelta(seconds=1))
        )
    assert TestClient(app_client.app).post(late, follow_redirects=False).status_code == 410

    other = make_tenant("Other")  # a link of one workspace's portal signs nobody in to another's
    reset_limits()
    ask_link(browser, slug, "ann@globex.test")
    fresh = last_link("ann@globex.test")
    assert fresh
    with unit_of_work() as s:  # the used and the expired link went when this one was made
        assert s.scalar(select(func.count()).select_from(PortalLink)) == 1
    assert TestClient(app_client.app).post(fresh.replace(slug, other.slug, 1)).status_code == 404

    token = csrf(browser.get(f"/portal/{slug}").text)
    assert browser.post(f"/portal/{slug}/sign-out", data={"csrf_token": "x"}).status_code == 403
    browser.post(f"/portal/{slug}/sign-out", data={"csrf_token": token})
    assert browser.get(f"/portal/{slug}", follow_redirects=False).status_code == 303


def test_link_requests_throttled_per_address_and_client(app_client: TestClient, tenant: Tenant) -> None:
    browser = TestClient(app_client.app)
    for address in ("ann@x.test", "nobody@x.test"):  # known or not, the same limit
        assert [ask_link(browser, tenant.slug, address)[0] for _ in range(4)] == [200, 200, 200, 429]
    reset_limits()
    codes = [ask_link(browser, tenant.slug, f"p{i}@x.test")[0] for i in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429  # one client asking for many addresses
    page = browser.get(f"/portal/{tenant.slug}/sign-in")
    assert (
        browser.post(
            f"/portal/{tenant.slug}/sign-in", data={"email": "a@x.test", "csrf_token": "no"}
        ).status_code
        == 403
    )
    assert "portal-email" in page.text


def test_scoping_by_contact_account_and_workspace(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    slug = tenant.slug
    a, a_ids = account_with(api, "Alpha", {"own@alpha.test": "own", "boss@alpha.test": "company"})
    b, b_ids = account_with(api, "Beta", {"bob@beta.test": None})
    mine = ticket_for(api, a, a_ids["own@alpha.test"], "Own ticket")
    colleague = ticket_for(api, a, a_ids["boss@alpha.test"], "Colleague ticket")
    beta = ticket_for(api, b, b_ids["bob@beta.test"], "Beta secret ticket")
    api.post(f"/tickets/{mine}/messages", json={"body": "internal: VIP, discount ok", "public": False})
    other = make_tenant("Elsewhere")
    other_api = ApiClient(app_client, other.keys["admin"])
    c, c_ids = account_with(other_api, "Gamma", {"own@alpha.test": "company"})  # same address elsewhere
    foreign = ticket_for(other_api, c, c_ids["own@alpha.test"], "Other workspace ticket")

    own = sign_in(app_client, slug, "own@alpha.test")
    listed = own.get(f"/portal/{slug}").text
    assert (
        "Own ticket" in listed
        and "Colleague" not in listed
        and "Beta" not in listed
        and "Other workspace" not in listed
    )
    page = own.get(f"/portal/{slug}/tickets/{mine}")
    assert page.status_code == 200 and "Help, please" in page.text and "VIP" not in page.text
    token = csrf(page.text)
    for guess in (colleague, beta, foreign, 2**31 - 1):
        assert own.get(f"/portal/{slug}/tickets/{guess}").status_code == 404
        r = own.post(f"/portal/{slug}/tickets/{guess}/reply", data={"body": "hi", "csrf_token": token})
        assert r.status_code == 404
        r = own.post(f"/portal/{slug}/tickets/{guess}/rate", data={"rating": "5", "csrf_token": token})
        assert r.status_code == 404
    assert own.get(f"/portal/{slug}/tickets/99999999999").status_code == 422
    assert own.get(f"/portal/{other.slug}/tickets/{foreign}", follow_redirects=False).status_code == 303
    cookie = own.cookies.get("steward_portal")
    stolen = TestClient(app_client.app)  # this portal's cookie presented to the other workspace's portal
    r = stolen.get(
        f"/portal/{other.slug}", headers={"cookie": f"steward_portal={cookie}"}, follow_redirects=False
    )
    assert r.status_code == 303

    boss = sign_in(app_client, slug, "boss@alpha.test")
    listed = boss.get(f"/portal/{slug}").text
    assert "Own ticket" in listed and "Colleague ticket" in listed and "Beta" not in listed
    assert boss.get(f"/portal/{slug}/tickets/{mine}").status_code == 200
    assert boss.get(f"/portal/{slug}/tickets/{beta}").status_code == 404

    api.patch(f"/contacts/{a_ids['boss@alpha.test']}", json={"portal_access": "none"})
    assert boss.get(f"/portal/{slug}", follow_redirects=False).status_code == 303  # access removed: out


def test_reply_and_rating(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    slug = tenant.slug
    a, ids = account_with(api, "Initech", {"pete@initech.test": None})
    ticket = ticket_for(api, a, ids["pete@initech.test"], "TPS reports")
    survey = api.post("/surveys", json={"name": "Quarterly NPS", "kind": "nps"}).json()
    assert (
        api.post(f"/surveys/{survey['id']}/send", json={"contact_ids": [ids["pete@initech.test"]]}).json()[
            "invited"
        ]
        == 1
    )
    api.post("/surveys", json={"name": "Not for Pete", "kind": "nps"})
    browser = sign_in(app_client, slug, "pete@initech.test")
    home = browser.get(f"/portal/{slug}").text
    assert (
        'id="portal-surveys"' in home
        and "Quarterly NPS" in home
        and "/s/" in home
        and "Not for Pete" not in home
    )
    page = browser.get(f"/portal/{slug}/tickets/{ticket}")
    assert "portal-rate" not in page.text  # not solved yet
    token = csrf(page.text)
    assert (
        browser.post(
            f"/portal/{slug}/tickets/{ticket}/reply", data={"body": "x", "csrf_token": "bad"}
        ).status_code
        == 403
    )
    empty = browser.post(f"/portal/{slug}/tickets/{ticket}/reply", data={"body": "", "csrf_token": token})
    assert empty.status_code == 422 and "portal-error" in empty.text
    sent = browser.post(
        f"/portal/{slug}/tickets/{ticket}/reply", data={"body": "Any news? <b>now</b>", "csrf_token": token}
    )
    assert sent.status_code == 200 and "Any news? &lt;b&gt;now&lt;/b&gt;" in sent.text
    messages = api.get(f"/tickets/{ticket}").json()["messages"]
    assert messages[-1]["author"] == "customer" and messages[-1]["public"] is True

    api.post(f"/tickets/{ticket}/messages", json={"body": "Fixed it", "status": "solved"})
    page = browser.get(f"/portal/{slug}/tickets/{ticket}")
    assert "Fixed it" in page.text and "portal-rate" in page.text
    bad = browser.post(f"/portal/{slug}/tickets/{ticket}/rate", data={"rating": "9", "csrf_token": token})
    assert bad.status_code == 422
    rated = browser.post(
        f"/portal/{slug}/tickets/{ticket}/rate", data={"rating": "5", "comment": "great", "csrf_token": token}
    )
    assert rated.status_code == 200 and "You rated this 5" in rated.text
    with unit_of_work() as s:
        survey = s.scalars(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket)).one()
        assert (survey.rating, survey.comment) == (5, "great")
    twice = browser.post(f"/portal/{slug}/tickets/{ticket}/rate", data={"rating": "1", "csrf_token": token})
    assert twice.status_code == 422 and "answered" in twice.text

    new_form = browser.get(f"/portal/{slug}/new").text
    made = browser.post(f"/portal/{slug}/tickets", data={"subject": "Stapler missing", "body": "Red one",
                                                          "csrf_token": csrf(new_form)})  # fmt: skip
    assert made.status_code == 200 and "Stapler missing" in made.text
    [row] = [t for t in api.get("/tickets").json()["items"] if t["subject"] == "Stapler missing"]
    assert (row["channel"], row["contact_id"], row["account_id"]) == ("web", ids["pete@initech.test"], a)
    with unit_of_work() as s:  # the sign-in e-mail went through the outbox, to the contact
        assert s.scalars(select(Email.contact_id).where(Email.to_address == "pete@initech.test")).all() == [
            ids["pete@initech.test"]
        ]


def test_staff_set_portal_access_on_the_account_page(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    a, ids = account_with(api, "Vandelay", {"art@vandelay.test": None})
    _, other = account_with(api, "Kramerica", {"cosmo@kramerica.test": None})
    staff = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = staff.get(f"/accounts/{a}")
    assert f"/accounts/{a}/contacts/{ids['art@vandelay.test']}/portal" in page.text
    token = csrf(page.text)
    url = f"/accounts/{a}/contacts/{ids['art@vandelay.test']}/portal"
    assert staff.post(url, data={"access": "company", "csrf_token": "no"}).status_code == 403
    assert staff.post(url, data={"access": "everything", "csrf_token": token}).status_code == 422
    assert (
        staff.post(url, data={"access": "company", "csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert api.get(f"/contacts/{ids['art@vandelay.test']}").json()["portal_access"] == "company"
    wrong = f"/accounts/{a}/contacts/{other['cosmo@kramerica.test']}/portal"  # a contact of another account
    assert staff.post(wrong, data={"access": "none", "csrf_token": token}).status_code == 404


def test_a_link_never_follows_the_visitors_host(
    app_client: TestClient, api: ApiClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Password-reset poisoning: anyone may ask for a contact's link, and the Host header is theirs to
    write, so the link's address comes from STEWARD_PUBLIC_URL (or a request made on this machine)."""
    account_with(api, "Initech", {"peter@initech.test": None})
    evil = TestClient(app_client.app, base_url="http://evil.example")
    assert ask_link(evil, tenant.slug, "peter@initech.test")[0] == 200
    assert last_link_address("peter@initech.test").startswith("http://testserver/portal/")
    monkeypatch.delenv("STEWARD_PUBLIC_URL")
    get_settings.cache_clear()
    reset_limits()
    status, page = ask_link(evil, tenant.slug, "peter@initech.test")
    assert status == 503 and "public address is not set" in page
    local = TestClient(app_client.app, base_url="http://localhost")
    assert ask_link(local, tenant.slug, "peter@initech.test")[0] == 200
    assert last_link_address("peter@initech.test").startswith("http://localhost/portal/")


def last_link_address(address: str) -> str:
    with unit_of_work() as s:
        body = s.scalars(
            select(Email.body).where(Email.to_address == address).order_by(Email.id.desc())
        ).first()
    assert body
    return next(word for word in body.split() if "/portal/" in word)
