"""Every channel in the measures, from a customer's real path: a portal contact reads an article suggested on
the web ticket form and says it answered them (a web view and a deflection, on their account), visitors read
it on the public help center (help_center views, nobody's), and the contact's chat (no agent online) is a
ticket on the chat channel. The counts by channel reach the Support page's "By channel" card and the account
page's, the API's channel report, the health inputs and a scorecard (articles read in 30 days), the rule
fields (articles read, tickets per channel) and a rule preview; another account reads nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.domains.chat import service as chat_service
from steward.domains.chat.schemas import CustomerMessage
from steward.domains.health import inputs
from steward.domains.helpcenter import service as helpcenter_service
from steward.domains.helpcenter.models import HelpArticleView
from steward.domains.rules.frame import account_frame
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant, assert_error, make_tenant
from tests.web.portal_helpers import account_with, csrf, public_url, sign_in, ticket_for
from tests.web.test_ui import login

pytestmark = pytest.mark.usefixtures("public_url")
__all__ = ["public_url"]  # a fixture


def _row(html: str, channel: str) -> list[str]:
    """The cells of the card's line for a channel."""
    row = html.split(f'data-channel="{channel}">', 1)[1].split("</tr>", 1)[0]
    return [cell.split(">", 1)[1].split("<", 1)[0].strip() for cell in row.split("<td")[1:]]


def test_self_service_and_tickets_by_channel(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    slug = tenant.slug
    section = shelf(api)
    article = published(api, section, "Reset your password", "Open Settings, then Security.")
    published(api, section, "Passwort zurücksetzen", "Einstellungen öffnen.", language="de")
    hooli, ids = account_with(api, "Hooli", {"gavin@hooli.test": None})
    initech, _ = account_with(api, "Initech", {"peter@initech.test": None})
    for account in (hooli, initech):  # in force, so the health inputs have a row for each
        term = {"external_id": f"S{account}", "account_id": account, "plan": "Pro", "amount_minor": 100_00,
                "currency": "USD", "billing_period": "year", "start_date": "2026-01-01"}  # fmt: skip
        assert api.post("/subscriptions", json=term).status_code == 201
    browser = sign_in(app_client, slug, "gavin@hooli.test")
    page = browser.get(f"/portal/{slug}/new").text
    form = page.split('id="portal-form-token"')[0].rsplit('value="', 1)[1].split('"')[0]
    [item] = browser.get(f"/portal/{slug}/suggest", params={"q": "password", "form": form}).json()["items"]
    assert browser.get(item["url"]).status_code == 200
    solved = browser.post(f"/portal/{slug}/solved", data={"form": form, "csrf_token": csrf(page)})
    assert solved.status_code == 200
    visitor = TestClient(app_client.app)
    for _ in range(2):  # one view: counted once a day per visitor
        assert visitor.get(f"/help/{slug}/en/articles/{article['id']}").status_code == 200
    another = TestClient(app_client.app, client=("198.51.100.9", 40000))
    assert another.get(f"/help/{slug}/en/articles/{article['id']}?deflect=1.2.3.forged").status_code == 200
    ticket_for(api, hooli, ids["gavin@hooli.test"], "Export fails")  # by the API
    with unit_of_work() as s:  # a chat with no agent online: taken as a ticket on the chat channel
        widget = chat_service.channel(session=s, workspace_id=tenant.id)
        said = chat_service.user_hash(widget.secret, "gavin@hooli.test")
        visitor = chat_service.identify(session=s, public_key=widget.public_key, user_id="gavin@hooli.test",
                                        hash_=said)  # fmt: skip
        hello = CustomerMessage(type="message", body="Is export down?")
        chat_service.post_customer_message(session=s, visitor=visitor, data=hello, agents_online=False)

    with unit_of_work() as s:
        views = s.execute(select(HelpArticleView.channel, HelpArticleView.account_id)).all()
        since, until = now_utc().replace(hour=0, minute=0), now_utc().replace(hour=23, minute=59)
        everyone = helpcenter_service.self_service_by_channel(
            session=s, workspace_id=tenant.id, start=since, end=until
        )
        theirs = helpcenter_service.self_service_by_channel(
            session=s, workspace_id=tenant.id, start=since, end=until, account_id=hooli
        )
        today = today_utc()
        health = inputs.gather(s, tenant.id, [today], today)[today].values
        frame = account_frame(s, tenant.id, fields=["articles_read_30d", "tickets_30d_api"])
    assert sorted(views, key=str) == sorted([("web", hooli), ("help_center", None), ("help_center", None)],
                                            key=str)  # fmt: skip
    assert everyone == {"help_center": (2, 0), "web": (1, 1)} and theirs == {"web": (1, 1)}
    assert health.loc[hooli, "articles_read_30d"] == 1.0 and health.loc[initech, "articles_read_30d"] == 0.0
    assert frame.loc[hooli, ["articles_read_30d", "tickets_30d_api"]].tolist() == [1.0, 1.0]
    assert frame.loc[initech, ["articles_read_30d", "tickets_30d_api"]].tolist() == [0.0, 0.0]
    cta = [{"kind": "create_cta", "type": "risk", "reason": "r"}]
    rule = {"trigger": {"kind": "schedule"}, "actions": cta,
            "conditions": [{"field": "articles_read_30d", "op": "gte", "value": 1},
                           {"field": "tickets_30d_web", "op": "eq", "value": 0}]}  # fmt: skip
    preview = api.post("/rules/preview", json=rule).json()
    assert [a["account_id"] for a in preview["accounts"]] == [hooli]
    assert preview["accounts"][0]["why"]["articles_read_30d"] == 1
    bad = api.post("/rules/preview", json={**rule, "conditions": [{"field": "tickets_30d_fax", "op": "eq"}]})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:3] == ["body", "conditions", 0]

    viewer = api.as_key(tenant.keys["viewer"])
    report = {line["channel"]: line for line in viewer.get("/sla/report/channels").json()["lines"]}
    assert list(report) == ["email", "web", "api", "chat", "help_center"]
    assert (report["web"]["article_views"], report["web"]["deflected"]) == (1, 1)
    assert (report["help_center"]["article_views"], report["api"]["tickets"]) == (2, 1)
    theirs_api = viewer.get("/sla/report/channels", params={"account_id": hooli}).json()
    assert [(x["channel"], x["article_views"], x["tickets"]) for x in theirs_api["lines"]] == [
        ("email", 0, 0), ("web", 1, 0), ("api", 0, 1), ("chat", 0, 1)]  # fmt: skip
    outsider = api.as_key(make_tenant("Elsewhere").keys["viewer"])
    assert_error(outsider.get("/sla/report/channels", params={"account_id": hooli}), 404)
    assert_error(viewer.get("/sla/report/channels", params={"start": "2026-02-01", "end": "2026-01-01"}), 422,
                 "start")  # fmt: skip
    assert_error(viewer.get("/sla/report/channels", params={"account_id": 0}), 422, "account_id")
    assert "articles_read_30d" in api.get("/health/inputs").json()
    card = {"name": "Self-service", "groups": [{"key": "self_service", "weight": 100, "measures": [
        {"key": "articles_read_30d", "weight": 100, "mapping": {"poor": 0, "good": 2}}]}]}  # fmt: skip
    made = api.post("/health/scorecards", json=card)
    assert made.status_code == 201, made.text
    api.post(f"/health/scorecards/{made.json()['id']}/recompute")
    scored = api.get(f"/accounts/{hooli}/health", params={"scorecard_id": made.json()["id"]}).json()
    [measure] = scored["measures"]
    assert measure["key"] == "articles_read_30d" and measure["value"] == 1 and scored["overall"] == 50

    staff = login(TestClient(app_client.app), tenant.user_emails["admin"])
    support = staff.get("/support").text
    assert 'id="by-channel"' in support and 'id="by-channel-chart"' in support
    # channel, tickets, first response, resolution, CSAT, article views, deflected
    assert _row(support, "api")[:2] == ["Api", "1"] and _row(support, "chat")[:2] == ["Chat", "1"]
    assert _row(support, "web")[5:] == ["1", "1"] and _row(support, "help_center")[5:] == ["2", "0"]
    account_page = staff.get(f"/accounts/{hooli}").text
    assert 'id="account-channels"' in account_page
    assert _row(account_page, "web")[5:] == ["1", "1"] and _row(account_page, "api")[1] == "1"
    assert _row(account_page, "chat")[1] == "1"
    assert 'data-channel="help_center"' not in account_page  # public reading is nobody's
    quiet = staff.get(f"/accounts/{initech}").text
    assert 'id="account-channels"' in quiet and "No tickets, article views or deflections" in quiet
