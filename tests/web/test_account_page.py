"""The account page's header actions over HTTP: sending a survey (CSRF, managers only, this account's
contacts only, other workspaces not found); measures labelled from one registry; the customer timeline
without the machine's sentiment reading."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from steward.web.ui.measures import measure_label, measure_value
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.web.test_ui import _csrf, login


def test_send_a_survey_from_the_account_header(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()["id"]
    other = api.post("/accounts", json={"external_id": "other", "name": "Other"}).json()["id"]
    dana = api.post("/contacts", json={"external_id": "dana", "account_id": acme, "email": "d@acme.test"})
    stranger = api.post("/contacts", json={"external_id": "sam", "account_id": other, "email": "s@o.test"})
    survey = api.post("/surveys", json={"name": "<i>Quarterly</i> NPS", "kind": "nps"}).json()["id"]
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get(f"/accounts/{acme}").text
    assert 'id="action-survey"' in page and 'id="survey-form"' in page
    assert "&lt;i&gt;Quarterly&lt;/i&gt; NPS" in page and "<i>Quarterly</i>" not in page
    url = f"/accounts/{acme}/surveys/send"
    form = {"survey_id": str(survey), "contact_ids": [str(dana.json()["id"])]}
    assert browser.post(url, data=form).status_code == 403  # no CSRF token
    token = _csrf(page)

    theirs = {**form, "contact_ids": [str(stranger.json()["id"])], "csrf_token": token}
    refused = browser.post(url, data=theirs, follow_redirects=False)
    assert refused.status_code == 303 and "survey_error=" in refused.headers["location"]
    assert "only this account&#39;s contacts can be asked" in browser.get(refused.headers["location"]).text
    junk = browser.post(url, data={**form, "contact_ids": ["1; drop"], "csrf_token": token})
    assert junk.status_code == 200 and "contacts are chosen by their ids" in junk.text
    assert "survey_error" in str(junk.url)
    no_survey = browser.post(url, data={**form, "survey_id": "999999", "csrf_token": token})
    assert no_survey.status_code == 200 and "survey_error" in str(no_survey.url)  # said on the page
    assert 'role="alert"' in no_survey.text

    sent = browser.post(url, data={**form, "csrf_token": token}, follow_redirects=False)
    assert sent.headers["location"] == f"/accounts/{acme}?survey_invited=1#voice"
    assert "1 contact invited" in browser.get(sent.headers["location"]).text

    with unit_of_work() as s:
        users_service.create_user(
            session=s,
            workspace_id=tenant.id,
            data=UserCreate(email="csm-ui@example.com", name="Cass", role=Role.csm, password=PASSWORD),
        )
    csm = login(TestClient(app_client.app), "csm-ui@example.com")
    csm_page = csm.get(f"/accounts/{acme}").text
    assert 'id="action-survey"' not in csm_page and 'id="action-log"' in csm_page  # a CSM logs, not sends
    assert csm.post(url, data={**form, "csrf_token": _csrf(csm_page)}).status_code == 403

    outsider = login(TestClient(app_client.app), make_tenant("Elsewhere").user_emails["admin"])
    token = _csrf(outsider.get("/accounts").text)
    assert outsider.post(url, data={**form, "csrf_token": token}).status_code == 404


def test_measures_read_as_people_say_them() -> None:
    assert measure_label("nps_180d") == "NPS, 180 days"
    assert measure_label("arr_change_1y") == "ARR change, 1 year"
    assert measure_label("custom_onboarding_done") == "Onboarding done"
    assert measure_value(0.01, "churn_probability") == "1%"
    assert measure_value(1.25, "arr_change_1y") == "+25%" and measure_value(0.8, "arr_change_1y") == "-20%"
    assert measure_value(42.0, "days_since_activity") == "42 days" and measure_value(None, "nps_180d") == "—"
    assert measure_value(float("nan"), "csat_90d") == "—" and measure_value(87.4, "csat_90d") == "87%"


def test_timeline_shows_the_customer_not_the_sentiment_reading(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()["id"]
    old_style = "Survey: NPS\n\nThe exports keep failing.\n\nSentiment: negative (-0.71), language: en"
    with unit_of_work() as s:
        timeline_service.log_activity(
            session=s,
            workspace_id=tenant.id,
            author_id=None,
            data=ActivityCreate(account_id=acme, kind="survey", subject="NPS 4 from Dana", body=old_style),
        )
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    page = browser.get(f"/accounts/{acme}").text
    timeline = page[page.index('id="timeline"') :]
    assert "The exports keep failing." in timeline and "Sentiment: negative" not in timeline
    assert re.search(r'id="tab-timeline"', page) and 'data-panel="voice"' in page
