"""Health pushed to Salesforce: a push source writes each linked account's health score, grade, churn risk
and NPS to Account fields through the sObject Collections update (PATCH composite/sobjects) of a local https
server answering as Salesforce documents; accounts not read from Salesforce are left out, unchanged values
are not sent again, a record Salesforce refuses is named with its reason, and a bad token fails the run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from steward.domains.sync import salesforce_source
from tests.factories import ApiClient, assert_error
from tests.support.salesforce_server import SALESFORCE_TOKEN, salesforce_server, sf_id, sf_time

CARD: dict[str, Any] = {
    "name": "Pulse",
    "groups": [{"key": "voice", "weight": 100, "measures": [
        {"key": "csm_sentiment", "weight": 100, "mapping": {"poor": 2, "good": 9}, "stale_after_days": 30},
    ]}],
}  # fmt: skip


@pytest.fixture(autouse=True)
def trust_stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with salesforce_server() as probe:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", probe.ca_file)
    yield


def _account(n: int) -> dict[str, Any]:
    return {"Id": sf_id("001", n), "Name": f"Account {n}", "SystemModstamp": sf_time(n), "OwnerId": None,
            "Website": None, "Industry": None, "ParentId": None}  # fmt: skip


def test_push_health_to_linked_accounts(api: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    with salesforce_server(Account=[_account(n) for n in (1, 2, 3)]) as vendor:
        base = {"kind": "salesforce", "api_key": SALESFORCE_TOKEN, "api_base": vendor.url}
        src = api.post("/sync/sources", json={**base, "name": "crm", "object": "accounts"}).json()
        assert api.post(f"/sync/sources/{src['id']}/runs").json()["created"] == 3
        api.post("/accounts", json={"external_id": "local-only", "name": "Not in Salesforce"})
        assert api.post("/health/scorecards", json=CARD).status_code == 201
        ids = {n: api.get(f"/accounts/by-external-id/{sf_id('001', n)}").json()["id"] for n in (1, 2, 3)}
        start = (datetime.now(UTC) - timedelta(days=200)).date().isoformat()
        for n, score in ((1, 9), (2, 2)):
            sub = {"external_id": f"s{n}", "account_id": ids[n], "plan": "Pro", "amount_minor": 100_000,
                   "currency": "USD", "billing_period": "month", "start_date": start}  # fmt: skip
            assert api.post("/subscriptions", json=sub).status_code == 201
            r = api.post(f"/accounts/{ids[n]}/sentiment", json={"score": score, "comment": "QBR"})
            assert r.status_code == 201, r.text

        body = {**base, "name": "health out", "object": "health", "mapping": {"health_score": "Health__c"}}
        r = api.post("/sync/sources", json=body)
        assert r.status_code == 201, r.text
        push = r.json()
        assert push["target"] == "accounts" and push["mapping"]["health_grade"] == "Steward_Grade__c"

        monkeypatch.setattr(salesforce_source, "BATCH", 1)  # one record per call
        run = api.post(f"/sync/sources/{push['id']}/runs").json()
        assert (run["status"], run["rows_read"], run["updated"], run["batches"]) == ("succeeded", 2, 2, 2), (
            run
        )
        patches = [(p, b) for m, p, b in vendor.requests if m == "PATCH"]
        assert {p for p, _ in patches} == {"/services/data/v59.0/composite/sobjects"}
        calls = [b for _, b in patches]
        assert len(calls) == 2 and calls[0]["allOrNone"] is False
        sent = {u["id"]: u for u in vendor.updates}
        assert set(sent) == {sf_id("001", 1), sf_id("001", 2)}  # account 3 has no score; local-only unlinked
        one, two = sent[sf_id("001", 1)], sent[sf_id("001", 2)]
        assert one["attributes"] == {"type": "Account"} and one["Health__c"] == 100.0
        assert isinstance(one["Steward_Grade__c"], str) and one["Steward_NPS__c"] is None
        assert two["Health__c"] == 0.0

        again = api.post(f"/sync/sources/{push['id']}/runs").json()
        assert (again["updated"], again["unchanged"]) == (0, 2) and len(vendor.updates) == 2

        monkeypatch.setattr(salesforce_source, "BATCH", 200)
        for n in (1, 2):
            api.post(f"/accounts/{ids[n]}/sentiment", json={"score": 11 - n * 4, "comment": "Changed"})
        vendor.objects["Account"] = [a for a in vendor.objects["Account"] if a["Id"] != sf_id("001", 2)]
        third = api.post(f"/sync/sources/{push['id']}/runs").json()
        assert (third["status"], third["updated"], third["refused"]) == ("succeeded", 1, 1), third
        assert len([m for m, _, _ in vendor.requests if m == "PATCH"]) == 3  # both in one call
        problem = third["problems"][0]
        assert problem["external_id"] == sf_id("001", 2)
        assert problem["msg"] == "Salesforce: ENTITY_IS_DELETED: entity is deleted"

        api.patch(f"/sync/sources/{push['id']}", json={"api_key": "00Dwrong"})
        api.post(f"/accounts/{ids[1]}/sentiment", json={"score": 2, "comment": "Down again"})
        failed = api.post(f"/sync/sources/{push['id']}/runs").json()
        assert failed["status"] == "failed" and "401 INVALID_SESSION_ID" in failed["error"], failed


def test_push_config_is_checked(api: ApiClient) -> None:
    base = {"name": "p", "kind": "salesforce", "object": "health", "api_key": SALESFORCE_TOKEN,
            "api_base": "https://acme.my.salesforce.com"}  # fmt: skip
    assert_error(
        api.post("/sync/sources", json={**base, "mapping": {"arr": "X__c"}}), 422, "body.mapping.arr"
    )
    r = api.post("/sync/sources", json={**base, "mapping": {"nps": "NPS Field"}})
    assert_error(r, 422, "body.mapping.nps")
    assert_error(api.post("/sync/sources", json={**base, "cursor_column": "SystemModstamp"}), 422,
                 "body.cursor_column")  # fmt: skip
