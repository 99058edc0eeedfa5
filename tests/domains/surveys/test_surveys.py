"""Surveys end to end through the API and the respondent pages: define, send to an audience with throttling
and unsubscribes, e-mail in the contact's language, answer once through the signed link, close the loop
(work list and timeline), and score by hand-checked formulas."""

from __future__ import annotations

import re
from datetime import timedelta
from email.header import decode_header, make_header
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.clock import now_utc, today_utc
from steward.core.db import unit_of_work
from steward.domains.mail import service as mail_service
from steward.domains.mail.models import Email
from steward.domains.surveys import delivery, service
from steward.domains.surveys.models import SurveyInvite
from steward.settings import get_settings
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

BASE = "https://cs.example.com"
NPS = {
    "name": "Quarterly NPS",
    "kind": "nps",
    "recurrence_days": 90,
    "audience": {"segments": ["Enterprise"]},
}


def _customers(api: ApiClient) -> dict[str, Any]:
    """Two Enterprise accounts with a German and an English contact, and one SMB account."""
    ids: dict[str, Any] = {}
    for ext, segment in (("acme", "Enterprise"), ("globex", "Enterprise"), ("tiny", "SMB")):
        ids[ext] = api.post(
            "/accounts", json={"external_id": ext, "name": ext.title(), "segment": segment}
        ).json()["id"]
    people = [
        ("dana", "acme", "de-DE"),
        ("eli", "globex", "en"),
        ("sam", "tiny", "en"),
        ("noa", "acme", "he"),
    ]
    for ext, account, lang in people:
        body = {
            "external_id": ext,
            "account_id": ids[account],
            "name": ext.title(),
            "email": f"{ext}@x.test",
            "language": lang,
        }
        ids[ext] = api.post("/contacts", json=body).json()["id"]
    return ids


def _deliver() -> list[Email]:
    with unit_of_work() as s:
        delivery.deliver(session=s, secret=get_settings().secret_key, base_url=BASE)
        return list(s.scalars(select(Email).order_by(Email.id)))


def _path(mail: Email) -> str:
    found = re.search(r"https://cs\.example\.com(/s/[^\s?]+)", mail.body)
    assert found is not None, mail.body
    return found.group(1)


def test_survey_definitions_are_checked(api: ApiClient) -> None:
    assert_error(api.post("/surveys", json={"name": "Empty", "kind": "custom"}), 422, "body")
    assert_error(api.post("/surveys", json={"name": "C", "kind": "csat", "points": 4}), 422)
    branch_off_scale = {
        "name": "N",
        "kind": "nps",
        "questions": [
            {"key": "why_low", "type": "text", "prompt": "What went wrong?", "show_if": {"score_max": 11}}
        ],
    }
    body = assert_error(api.post("/surveys", json=branch_off_scale), 422)
    assert "outside 0-10" in body["detail"][0]["msg"]
    choice = {
        "name": "N",
        "kind": "nps",
        "questions": [{"key": "role", "type": "choice", "prompt": "Role?", "options": ["Admin"]}],
    }
    assert "at least two options" in assert_error(api.post("/surveys", json=choice), 422)["detail"][0]["msg"]
    made = api.post("/surveys", json=NPS)
    assert made.status_code == 201 and made.json()["kind"] == "nps"


def test_send_throttle_language_answer_once_and_close_the_loop(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    ids = _customers(api)
    survey = api.post(
        "/surveys",
        json={
            **NPS,
            "questions": [
                {
                    "key": "fix_first",
                    "type": "text",
                    "prompt": "What should we fix first?",
                    "show_if": {"score_max": 6},
                }
            ],
        },
    ).json()
    sent = api.post(f"/surveys/{survey['id']}/send", json={}).json()
    assert (sent["invited"], sent["wave"]) == (
        3,
        1,
    )  # dana, eli and noa: the SMB contact is outside the audience
    again = api.post(f"/surveys/{survey['id']}/send", json={}).json()
    assert again["invited"] == 0 and again["skipped"] == {"asked_this_period": 3}
    other = api.post("/surveys", json={"name": "CES", "kind": "ces", "purpose": "transactional"}).json()
    throttled = api.post(
        f"/surveys/{other['id']}/send", json={"contact_ids": [ids["dana"], ids["sam"]]}
    ).json()
    assert throttled["invited"] == 1 and throttled["skipped"] == {
        "throttled": 1
    }  # sam is free, dana was asked

    mails = {m.to_address: m for m in _deliver()}
    assert "Wie wahrscheinlich" in mails["dana@x.test"].body or "empfehlen" in mails["dana@x.test"].body
    assert mails["eli@x.test"].subject.startswith("A quick question from")
    path = _path(mails["dana@x.test"])
    page = app_client.get(path, params={"score": 3})
    assert page.status_code == 200 and 'lang="de"' in page.text and 'value="3" required checked' in page.text
    assert_off = app_client.post(path, data={"score": "11"})
    assert assert_off.status_code == 422
    too_long = app_client.post(path, data={"score": "3", "comment": "x" * 100_000})
    assert too_long.status_code == 422
    comment = "Der Export ist seit Wochen kaputt und der Support antwortet nicht. Sehr enttäuschend."
    done = app_client.post(path, data={"score": "3", "comment": comment, "q_fix_first": "Export"})
    assert done.status_code == 200 and 'id="survey-done"' in done.text
    assert app_client.post(path, data={"score": "9"}).status_code == 409
    assert app_client.get(path[:-4] + "abcd").status_code == 404

    [response] = api.get("/survey-responses", params={"survey_id": survey["id"]}).json()
    assert (response["score"], response["verdict"], response["language"]) == (3, "detractor", "de")
    assert response["sentiment"] == "negative" and response["answers"] == {"fix_first": "Export"}
    ctas = api.get("/ctas", params={"account_id": ids["acme"]}).json()["items"]
    risk = [c for c in ctas if c["type"] == "risk"]
    assert (
        len(risk) == 1 and "Detractor: NPS 3 from Dana" in risk[0]["title"] and "Export" in risk[0]["title"]
    )
    items = api.get("/timeline", params={"account_id": ids["acme"]}).json()["items"]
    assert any(a["kind"] == "survey" and a["subject"] == "NPS 3 from Dana" for a in items)

    promoter = _path(mails["eli@x.test"])
    app_client.post(promoter, data={"score": "10", "comment": "Great product, the team is wonderful."})
    ctas = api.get("/ctas", params={"account_id": ids["globex"]}).json()["items"]
    assert [c["type"] for c in ctas] == ["opportunity"] and "ask for a review" in ctas[0]["title"].lower()

    with unit_of_work() as s:  # expired links get their own answer
        invite = s.scalars(select(SurveyInvite).where(SurveyInvite.contact_id == ids["noa"])).one()
        invite.expires_at = now_utc() - timedelta(minutes=1)
    hebrew = _path(mails["noa@x.test"])
    closed = app_client.get(hebrew)
    assert closed.status_code == 410 and 'dir="rtl"' in closed.text


def test_scores_by_segment_and_month_and_account_measure(api: ApiClient, tenant: Tenant) -> None:
    ids = _customers(api)
    survey = api.post("/surveys", json={**NPS, "audience": {}}).json()
    api.post(f"/surveys/{survey['id']}/send", json={})
    with unit_of_work() as s:
        from steward.domains.surveys import respond
        from steward.domains.surveys.schemas import Answer

        invites = {i.contact_id: i for i in s.scalars(select(SurveyInvite))}
        for contact, score in (("dana", 10), ("eli", 6), ("sam", 9), ("noa", 8)):
            row = respond.survey_of(s, invites[ids[contact]])
            respond.record(
                s,
                row,
                Answer(score=score),
                channel="email",
                contact_id=ids[contact],
                account_id=invites[ids[contact]].account_id,
            )
    report = api.get("/surveys/report", params={"kind": "nps", "by": "segment"}).json()
    # all: promoters dana, sam; passive noa; detractor eli -> (2 - 1) / 4 = 25
    assert report["overall"]["score"] == 25.0 and report["overall"]["responses"] == 4
    rows = {r["label"]: r["score"] for r in report["rows"]}
    assert rows == {"Enterprise": 0.0, "SMB": 100.0}  # Enterprise: 1 promoter, 1 passive, 1 detractor
    with unit_of_work() as s:
        frame = service.account_measures(session=s, workspace_id=tenant.id, days=[today_utc()])[today_utc()]
    assert frame.loc[ids["acme"], "nps_180d"] == 50.0  # dana 10, noa 8: (1 - 0) / 2
    assert frame.loc[ids["globex"], "nps_180d"] == -100.0
    assert frame.loc[ids["acme"], "survey_responses_180d"] == 2.0


def test_widget_answers_need_a_verified_user(app_client: TestClient, api: ApiClient) -> None:
    ids = _customers(api)
    survey = api.post("/surveys", json={"name": "In-app NPS", "kind": "nps"}).json()
    url = f"/api/v1/widget/surveys/{survey['public_key']}/responses"
    anonymous = app_client.post(url, json={"score": 7})
    assert anonymous.status_code == 201
    forged = app_client.post(url, json={"score": 2, "user_id": "dana", "user_hash": "00" * 32})
    assert_error(forged, 422, "user_hash")
    with unit_of_work() as s:
        from steward.domains.surveys import widget
        from steward.domains.surveys.models import Survey

        row = s.get(Survey, survey["id"])
        assert row is not None
        good_hash = widget.user_hash(row, "dana")
    signed_in = app_client.post(url, json={"score": 2, "user_id": "dana", "user_hash": good_hash})
    assert signed_in.status_code == 201 and signed_in.headers["access-control-allow-origin"] == "*"
    responses = api.get("/survey-responses").json()
    assert {(r["channel"], r["contact_id"]) for r in responses} == {("widget", None), ("widget", ids["dana"])}
    assert (
        app_client.post("/api/v1/widget/surveys/nonexistent-key-123/responses", json={"score": 1}).status_code
        == 404
    )
    assert_error(app_client.post(url, json={"score": 11}), 422, "score")


def test_unsubscribe_is_honoured_and_isolated(app_client: TestClient, api: ApiClient) -> None:
    ids = _customers(api)
    survey = api.post("/surveys", json={**NPS, "audience": {}}).json()
    api.post(f"/surveys/{survey['id']}/send", json={"contact_ids": [ids["eli"]]})
    mail = next(m for m in _deliver() if m.to_address == "eli@x.test")
    found = re.search(r"https://cs\.example\.com(/s/unsubscribe/\S+)", mail.body)
    assert found is not None
    assert 'id="survey-unsubscribe"' in app_client.get(found.group(1)).text  # a GET only asks
    assert 'id="survey-unsubscribed"' in app_client.post(found.group(1)).text
    later = api.post("/surveys", json={"name": "CSAT", "kind": "csat", "purpose": "transactional"}).json()
    result = api.post(f"/surveys/{later['id']}/send", json={"contact_ids": [ids["eli"]]}).json()
    assert result["skipped"] == {"unsubscribed": 1}
    stranger = ApiClient(app_client, make_tenant("Other").keys["admin"])
    assert stranger.get(f"/surveys/{survey['id']}").status_code == 404
    assert stranger.get("/survey-responses").json() == []


def test_invitation_arrives_over_smtp_in_the_contacts_language(
    app_client: TestClient, api: ApiClient, smtp_server: tuple[str, Any]
) -> None:
    """The whole path through a real SMTP server: the Polish contact's invitation arrives in Polish, and
    its link opens the survey page in Polish."""
    url, handler = smtp_server
    account = api.post("/accounts", json={"external_id": "kraków", "name": "Kraków Foods"}).json()["id"]
    api.post(
        "/contacts",
        json={
            "external_id": "ola",
            "account_id": account,
            "name": "Ola",
            "email": "ola@foods.test",
            "language": "pl-PL",
        },
    )
    survey = api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()
    assert api.post(f"/surveys/{survey['id']}/send", json={}).json()["invited"] == 1
    _deliver()
    sent = mail_service.deliver_due(smtp_url=url, sender="Steward <cs@example.com>")
    assert sent["sent"] == 1, sent
    [message] = handler.messages
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    subject = str(make_header(decode_header(message["Subject"])))
    assert message["To"] == "ola@foods.test" and subject.startswith("Krótkie pytanie od firmy"), subject
    assert "polecą Państwo firmę" in body, body
    found = re.search(r"https://cs\.example\.com(/s/[^\s?]+)", body)
    assert found is not None, body
    page = app_client.get(found.group(1))
    assert page.status_code == 200 and 'lang="pl"' in page.text


def test_rules_read_the_accounts_survey_scores(api: ApiClient) -> None:
    """A rule on NPS over 180 days: the detractor account matches, the promoter one and the silent one not."""
    ids = _customers(api)
    survey = api.post("/surveys", json={**NPS, "audience": {}}).json()
    with unit_of_work() as s:
        from steward.domains.surveys import respond
        from steward.domains.surveys.models import Survey
        from steward.domains.surveys.schemas import Answer

        row = s.get(Survey, survey["id"])
        assert row is not None
        for contact, account, score in (("dana", "acme", 2), ("eli", "globex", 10)):
            respond.record(
                s, row, Answer(score=score), channel="email", contact_id=ids[contact], account_id=ids[account]
            )
    rule = {
        "trigger": {"kind": "schedule"},
        "conditions": [{"field": "nps_180d", "op": "lt", "value": 0}],
        "actions": [{"kind": "create_cta", "type": "risk", "reason": "Detractors", "priority": "high"}],
    }
    preview = api.post("/rules/preview", json=rule)
    assert preview.status_code == 200, preview.text
    seen = preview.json()
    assert [a["account_id"] for a in seen["accounts"]] == [ids["acme"]], seen
    assert seen["accounts"][0]["why"]["nps_180d"] == -100.0
