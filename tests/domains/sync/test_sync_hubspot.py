"""HubSpot sources against a local server answering as HubSpot's v3 CRM API documents: companies -> accounts
with parents and owners matched by e-mail, contacts -> contacts with their company, custom properties ->
custom fields, search by last modification with paging, 429 waited out, 401 failing the run, and a crash
mid-way resumed writing each change once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from steward.domains.sync import hubspot_source, runner, runs
from steward.settings import get_settings
from tests.domains.sync.vendor_sources import add_source
from tests.domains.sync.vendor_sources import run_source as _run
from tests.factories import ApiClient, Tenant, assert_error
from tests.support.vendor_servers import HUBSPOT_TOKEN, Vendor, hubspot_object, hubspot_server

T0 = datetime(2026, 11, 1, 10)


def _company(n: int, minute: int, **props: Any) -> dict[str, Any]:
    base = {"name": f"Company {n}", "domain": f"company{n}.com", "industry": "COMPUTER_SOFTWARE",
            "hs_lastmodifieddate": f"{(T0 + timedelta(minutes=minute)).isoformat()[:19]}.000Z"}  # fmt: skip
    return hubspot_object(n, base["hs_lastmodifieddate"], **{**base, **props})


def _add(api: ApiClient, vendor: Vendor, obj: str, **extra: Any) -> dict[str, Any]:
    return add_source(api, "hubspot", HUBSPOT_TOKEN, vendor.url, obj, **extra)


def test_companies_contacts_owners_and_custom_properties(api: ApiClient, tenant: Tenant) -> None:
    field = {"entity": "account", "key": "plan_tier", "label": "Plan tier", "type": "text"}
    assert api.post("/workspace/custom-fields", json=field).status_code in (200, 201)
    csm = tenant.user_emails["admin"]
    owners = [
        {"id": "501", "email": csm.upper(), "firstName": "Cs", "userId": 9, "archived": False,
         "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"},
        {"id": "502", "email": "someone@elsewhere.com", "archived": False,
         "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"},
    ]  # fmt: skip
    companies = [
        _company(1, 1, hubspot_owner_id="501", plan_tier="gold"),
        _company(2, 2, hs_parent_company_id="1", hubspot_owner_id="502"),
        *[_company(n, 2 + n) for n in range(3, 13)],
    ]
    contacts = [
        hubspot_object(100 + n, f"2026-11-02T09:{n:02d}:00Z", email=f"p{n}@company1.com", firstname="Pat",
                       lastname=f"N{n}", jobtitle="CTO", associatedcompanyid="1" if n % 2 else "2",
                       lastmodifieddate=f"2026-11-02T09:{n:02d}:00Z")
        for n in range(1, 6)
    ]  # fmt: skip
    with hubspot_server(companies=companies, contacts=contacts, owners=owners) as vendor:
        src = _add(api, vendor, "companies", mapping={"plan_tier": "custom.plan_tier"}, batch_size=5)
        assert src["cursor_column"] == "hs_lastmodifieddate" and src["api_key"] == "***" + HUBSPOT_TOKEN[-4:]
        run = _run(api, src)
        assert (run["status"], run["created"], run["refused"]) == ("succeeded", 12, 0), run
        one = api.get("/accounts/by-external-id/1").json()
        two = api.get("/accounts/by-external-id/2").json()
        assert one["custom"] == {"plan_tier": "gold"} and one["owner_id"] is not None
        assert two["parent_id"] == one["id"] and two["owner_id"] is None  # owner 502 is no Steward user
        searches = [b for m, p, b in vendor.requests if p.endswith("/companies/search")]
        assert len(searches) == 1 and searches[0]["limit"] == 100 and "plan_tier" in searches[0]["properties"]

        people = _add(api, vendor, "contacts")
        run = _run(api, people)
        assert (run["created"], run["cursor_after"]) == (5, "2026-11-02T09:05:00+00:00"), run
        listed = api.get(f"/contacts?account_id={one['id']}").json()
        assert {c["name"] for c in listed["items"]} == {"Pat N1", "Pat N3", "Pat N5"}

        companies[2]["properties"].update(name="Renamed", hs_lastmodifieddate="2026-11-03T00:00:00Z")
        again = _run(api, src)
        assert (again["rows_read"], again["updated"]) == (1, 1), again
        last = [b for m, p, b in vendor.requests if p.endswith("/companies/search")][-1]
        assert last["filterGroups"][0]["filters"][0]["operator"] == "GT"


def test_paging_without_cursor_rate_limit_and_bad_token(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    companies = [_company(n, n) for n in range(1, 251)]
    with hubspot_server(companies=companies) as vendor:
        src = _add(api, vendor, "companies", cursor_column=None)
        limited = {"status": "error", "message": "You have reached your secondly limit.",
                   "errorType": "RATE_LIMIT", "policyName": "SECONDLY", "correlationId": "x"}  # fmt: skip
        vendor.fault("/crm/v3/objects/companies", 429, limited, **{"Retry-After": "1"})
        run = _run(api, src)
        assert (run["status"], run["created"]) == ("succeeded", 250), run["error"]
        pages = [p for m, p, _ in vendor.requests if p.startswith("/crm/v3/objects/companies")]
        assert len(pages) == 4 and "after=200" in pages[-1]
        by_time = _run(api, _add(api, vendor, "companies", name="by-time"))  # the search API, page by page
        assert (by_time["rows_read"], by_time["unchanged"]) == (250, 0), by_time
        searches = [b for m, p, b in vendor.requests if p.endswith("/companies/search")]
        assert [b["after"] for b in searches] == [None, "100", "200"]
        monkeypatch.setattr(
            hubspot_source, "SEARCH_LIMIT", 200
        )  # as at 10,000: start again from the last time
        restarted = _run(api, _add(api, vendor, "companies", name="restart"))
        assert (restarted["rows_read"], restarted["refused"]) == (250, 0), restarted
        searches = [b for m, p, b in vendor.requests if p.endswith("/companies/search")][3:]
        assert [b["after"] for b in searches] == [None, "100", None]
        assert searches[-1]["filterGroups"][0]["filters"][0]["operator"] == "GTE"

        vendor.fault("/crm/v3/objects/companies", 500, "<html>Internal Server Error</html>")
        broken = _run(api, src)
        assert broken["status"] == "failed" and "HubSpot answered 500" in broken["error"], broken
        api.patch(f"/sync/sources/{src['id']}", json={"api_key": "pat-wrong-token-0000"})
        failed = _run(api, src)
        assert failed["status"] == "failed" and "HubSpot refused the access token (401)" in failed["error"]
        assert "Authentication credentials not found" in failed["error"]


def test_crash_mid_way_resumes_writing_each_change_once(
    api: ApiClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    companies = [_company(n, n) for n in range(1, 8)]
    with hubspot_server(companies=companies) as vendor:
        src = _add(api, vendor, "companies", batch_size=3, mapping={"name": "name", "id": "external_id"})
        real, calls = runs.apply_batch, []

        def dying(**kw: Any) -> None:
            calls.append(1)
            if len(calls) == 3:
                raise RuntimeError("the worker was killed")
            real(**kw)

        monkeypatch.setattr(runs, "apply_batch", dying)
        secret = get_settings().secret_key
        with pytest.raises(RuntimeError):
            runner.run_source(workspace_id=tenant.id, source_id=src["id"], secret=secret, trigger="cli")
        monkeypatch.setattr(runs, "apply_batch", real)
        first = api.get(f"/sync/sources/{src['id']}/runs").json()[0]
        assert (first["status"], first["created"]) == ("failed", 6)
        resumed = _run(api, src)
        assert (resumed["rows_read"], resumed["created"], resumed["updated"]) == (1, 1, 0), resumed
        assert api.get("/accounts").json()["total"] == 7


def test_bad_config(api: ApiClient) -> None:
    base = {"name": "h", "kind": "hubspot", "object": "contacts", "api_key": HUBSPOT_TOKEN}
    assert_error(api.post("/sync/sources", json={**base, "cursor_column": "hs_lastmodifieddate"}), 422,
                 "body.cursor_column")  # fmt: skip
    assert_error(api.post("/sync/sources", json={**base, "object": "customers"}), 422, "body")
    assert_error(api.post("/sync/sources", json={**base, "api_base": "ftp://x"}), 422, "body.api_base")
