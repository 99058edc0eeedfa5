"""Health pushed to HubSpot: a push source writes each linked account's health score, grade, churn risk and
NPS to company properties through the batch update endpoint of a local server answering as HubSpot
documents; accounts not linked to HubSpot are left out, unchanged values are not sent again, a company
HubSpot does not know is refused by name, a bad token fails the run, and the schedule runs it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from steward.core.db import unit_of_work
from steward.domains.surveys import service as surveys_service
from steward.domains.surveys.schemas import ResponseImport
from steward.domains.sync import jobs
from steward.domains.sync import push as push_module
from steward.settings import get_settings
from tests.factories import ApiClient, Tenant, assert_error
from tests.support.vendor_servers import HUBSPOT_TOKEN, hubspot_object, hubspot_server

CARD: dict[str, Any] = {
    "name": "Pulse",
    "groups": [{"key": "voice", "weight": 100, "measures": [
        {"key": "csm_sentiment", "weight": 100, "mapping": {"poor": 2, "good": 9}, "stale_after_days": 30},
    ]}],
}  # fmt: skip


def _company(n: int) -> dict[str, Any]:
    when = f"2026-11-01T10:0{n}:00Z"
    return hubspot_object(n, when, name=f"Company {n}", hs_lastmodifieddate=when)


def test_push_health_to_linked_companies(
    api: ApiClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hubspot_server(companies=[_company(n) for n in (1, 2, 3)]) as vendor:
        base = {"kind": "hubspot", "api_key": HUBSPOT_TOKEN, "api_base": vendor.url}
        src = api.post("/sync/sources", json={**base, "name": "crm", "object": "companies"}).json()
        assert api.post(f"/sync/sources/{src['id']}/runs").json()["created"] == 3
        api.post("/accounts", json={"external_id": "local-only", "name": "Not in HubSpot"})
        assert api.post("/health/scorecards", json=CARD).status_code == 201
        ids = {n: api.get(f"/accounts/by-external-id/{n}").json()["id"] for n in (1, 2, 3)}
        start = (datetime.now(UTC) - timedelta(days=200)).date().isoformat()
        for n, score in ((1, 9), (2, 2)):
            sub = {"external_id": f"s{n}", "account_id": ids[n], "plan": "Pro", "amount_minor": 100_000,
                   "currency": "USD", "billing_period": "month", "start_date": start}  # fmt: skip
            assert api.post("/subscriptions", json=sub).status_code == 201
            r = api.post(f"/accounts/{ids[n]}/sentiment", json={"score": score, "comment": "QBR"})
            assert r.status_code == 201, r.text
        survey = api.post("/surveys", json={"name": "NPS", "kind": "nps"}).json()
        contact = {"external_id": "c1", "account_id": ids[1], "email": "c1@company1.com"}
        assert api.post("/contacts", json=contact).status_code == 201
        with unit_of_work() as s:
            when = datetime.now(UTC) - timedelta(days=1)
            answers = [ResponseImport(external_id="r1", survey_id=survey["id"], contact_external_id="c1",
                                      score=10, responded_at=when)]  # fmt: skip
            surveys_service.import_responses(session=s, workspace_id=tenant.id, items=answers)

        mapping = {"health_score": "cs_health", "nps": "cs_nps"}
        body = {**base, "name": "health out", "object": "health", "mapping": mapping, "every_minutes": 60}
        r = api.post("/sync/sources", json=body)
        assert r.status_code == 201, r.text
        push = r.json()
        assert push["target"] == "accounts" and push["mapping"]["health_score"] == "cs_health"
        assert push["mapping"]["churn_risk"] == "steward_churn_risk"  # the defaults for the rest
        assert_error(api.post(f"/sync/sources/{push['id']}/preview"), 422, "source")

        monkeypatch.setattr(push_module, "BATCH", 1)  # one company per call; the second call dies
        vendor.fault("/crm/v3/objects/companies/batch", 503, {"status": "error", "message": "down"}, skip=1)
        assert jobs.run_due(secret=get_settings().secret_key) == 1  # the schedule: due at once
        run = api.get(f"/sync/sources/{push['id']}/runs").json()[0]
        assert (run["status"], run["rows_read"], run["updated"]) == ("failed", 2, 1) and "503" in run["error"]
        resumed = api.post(f"/sync/sources/{push['id']}/runs").json()
        assert (resumed["status"], resumed["updated"], resumed["unchanged"]) == ("succeeded", 1, 1), resumed
        sent = {u["id"]: u["properties"] for u in vendor.updates}
        assert len(vendor.updates) == 2  # each change sent once across the failed run and its resumption
        assert set(sent) == {"1", "2"}  # company 3 has no score yet; the local-only account is not linked
        assert sent["1"]["cs_health"] == "100.0" and sent["1"]["cs_nps"] == "100.0"
        assert sent["1"]["steward_health_grade"] and sent["1"]["steward_churn_risk"] == ""
        assert sent["2"]["cs_health"] == "0.0" and sent["2"]["cs_nps"] == ""

        again = api.post(f"/sync/sources/{push['id']}/runs").json()
        assert (again["updated"], again["unchanged"]) == (0, 2) and len(vendor.updates) == 2

        r = api.post(f"/accounts/{ids[2]}/sentiment", json={"score": 9, "comment": "Turned around"})
        vendor.objects["companies"] = [
            c for c in vendor.objects["companies"] if c["id"] != "2"
        ]  # deleted there
        third = api.post(f"/sync/sources/{push['id']}/runs").json()
        assert (third["status"], third["updated"], third["refused"]) == ("succeeded", 0, 1), third
        assert third["problems"][0]["external_id"] == "2" and "HubSpot" in third["problems"][0]["msg"]

        api.patch(f"/sync/sources/{push['id']}", json={"api_key": "pat-wrong-0000-0000"})
        failed = api.post(f"/sync/sources/{push['id']}/runs").json()
        assert failed["status"] == "failed" and "401" in failed["error"]


def test_push_config_is_checked(api: ApiClient) -> None:
    base = {"name": "p", "kind": "hubspot", "object": "health", "api_key": HUBSPOT_TOKEN}
    assert_error(api.post("/sync/sources", json={**base, "mapping": {"arr": "x"}}), 422, "body.mapping.arr")
    r = api.post("/sync/sources", json={**base, "mapping": {"nps": "Bad Name"}})
    assert_error(r, 422, "body.mapping.nps")
    assert_error(api.post("/sync/sources", json={**base, "cursor_column": "lastmodifieddate"}), 422,
                 "body.cursor_column")  # fmt: skip
