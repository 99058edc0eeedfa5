"""Salesforce sources (simple-salesforce) against a local https server answering as Salesforce's REST API
documents: Accounts -> accounts with ParentId hierarchy, owners matched by Owner.Email and custom fields
(Tier__c); Contacts -> contacts with their Account; SOQL by SystemModstamp paged through nextRecordsUrl;
429 Retry-After waited out; 401, 403 REQUEST_LIMIT_EXCEEDED and a bad field failing the run by name; and a
crash mid-way resumed writing each change once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from steward.domains.sync import runner, runs
from steward.settings import get_settings
from tests.domains.sync.vendor_sources import add_source
from tests.domains.sync.vendor_sources import run_source as _run
from tests.factories import ApiClient, Tenant, assert_error
from tests.support.salesforce_server import (
    SALESFORCE_TOKEN,
    SalesforceVendor,
    error,
    salesforce_server,
    sf_id,
    sf_time,
)


@pytest.fixture(autouse=True)
def trust_stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with salesforce_server() as probe:  # makes the certificate; requests trusts it through the environment
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", probe.ca_file)
    yield


def _account(n: int, minute: int, **fields: Any) -> dict[str, Any]:
    return {"Id": sf_id("001", n), "Name": f"Account {n}", "Website": f"https://www.account{n}.com",
            "Industry": "Technology", "ParentId": None, "OwnerId": None, "Tier__c": None,
            "SystemModstamp": sf_time(minute), "LastModifiedDate": sf_time(minute), **fields}  # fmt: skip


def _add(api: ApiClient, vendor: SalesforceVendor, obj: str, **extra: Any) -> dict[str, Any]:
    return add_source(api, "salesforce", SALESFORCE_TOKEN, vendor.url, obj, **extra)


def _queries(vendor: SalesforceVendor) -> list[str]:
    return [p for m, p, _ in vendor.requests if "/query" in p]


def test_accounts_contacts_owners_hierarchy_and_custom_fields(api: ApiClient, tenant: Tenant) -> None:
    field = {"entity": "account", "key": "tier", "label": "Tier", "type": "text"}
    assert api.post("/workspace/custom-fields", json=field).status_code in (200, 201)
    csm = tenant.user_emails["admin"]
    users = [{"Id": "005A", "Email": csm.upper()}, {"Id": "005B", "Email": "rep@elsewhere.com"}]
    accounts = [
        _account(1, 1, OwnerId="005A", Tier__c="Gold"),
        _account(2, 2, ParentId=sf_id("001", 1), OwnerId="005B", Website="account2.com"),
        *[_account(n, 2 + n) for n in range(3, 9)],
    ]
    contacts = [
        {"Id": sf_id("003", n), "Email": f"p{n}@account1.com", "FirstName": "Pat", "LastName": f"N{n}",
         "Name": f"Pat N{n}", "Title": "CTO", "AccountId": sf_id("001", 1 if n % 2 else 2),
         "SystemModstamp": sf_time(100 + n)}
        for n in range(1, 6)
    ]  # fmt: skip
    with salesforce_server(page_size=3, Account=accounts, Contact=contacts, User=users) as vendor:
        src = _add(api, vendor, "accounts", mapping={"Tier__c": "custom.tier"}, batch_size=4)
        assert src["cursor_column"] == "SystemModstamp" and src["api_key"] == "***" + SALESFORCE_TOKEN[-4:]
        run = _run(api, src)
        assert (run["status"], run["created"], run["refused"]) == ("succeeded", 8, 0), run
        assert run["cursor_after"] == "2026-11-01T10:10:00+00:00"
        pages = _queries(vendor)
        assert len(pages) == 3 and "/query/01gD" in pages[1]  # 8 records, 3 a page, by nextRecordsUrl
        assert "ORDER+BY+SystemModstamp%2C+Id" in pages[0] and "Tier__c" in pages[0]
        one = api.get(f"/accounts/by-external-id/{sf_id('001', 1)}").json()
        two = api.get(f"/accounts/by-external-id/{sf_id('001', 2)}").json()
        assert one["custom"] == {"tier": "Gold"} and one["owner_id"] is not None
        assert one["domain"] == "account1.com" and two["domain"] == "account2.com"
        assert two["parent_id"] == one["id"] and two["owner_id"] is None  # rep@elsewhere is no Steward user

        people = _run(api, _add(api, vendor, "contacts"))
        assert (people["created"], people["cursor_after"]) == (5, "2026-11-01T11:45:00+00:00"), people
        listed = api.get(f"/contacts?account_id={one['id']}").json()
        assert {c["name"] for c in listed["items"]} == {"Pat N1", "Pat N3", "Pat N5"}

        accounts[2].update(Name="Renamed", SystemModstamp=sf_time(200))
        again = _run(api, src)
        assert (again["rows_read"], again["updated"]) == (1, 1), again
        assert "WHERE+SystemModstamp+%3E+2026-11-01T10%3A10%3A00Z" in _queries(vendor)[-1]
        assert api.get(f"/accounts/by-external-id/{sf_id('001', 3)}").json()["name"] == "Renamed"


def test_errors_fail_the_run_by_name_and_rate_limits_are_waited_out(api: ApiClient) -> None:
    with salesforce_server(page_size=2, Account=[_account(n, n) for n in range(1, 6)]) as vendor:
        src = _add(api, vendor, "accounts", cursor_column=None)
        base = "/services/data/v59.0/query"
        vendor.fault(base, 429, error("REQUEST_LIMIT_EXCEEDED", "slow down"), skip=1, **{"Retry-After": "0"})
        vendor.fault(base, 503, "<html>Service Unavailable</html>", **{"Retry-After": "0"})
        run = _run(api, src)
        assert (run["status"], run["created"]) == ("succeeded", 5), run["error"]
        assert not vendor.faults  # the 429 and the 503 were answered, and asked again
        assert "ORDER+BY+Id" in _queries(vendor)[0]

        vendor.fault(base, 503, "<html>Maintenance</html>", **{"Retry-After": "600"})
        later = _run(api, src)
        assert later["status"] == "failed" and "asked to wait 600 s" in later["error"], later

        limit = "TotalRequests Limit exceeded."
        vendor.fault(base, 403, error("REQUEST_LIMIT_EXCEEDED", limit))
        limited = _run(api, src)
        assert limited["status"] == "failed", limited
        assert "Salesforce's API request limit is used up (403 REQUEST_LIMIT_EXCEEDED)" in limited["error"]

        api.patch(f"/sync/sources/{src['id']}", json={"mapping": {"Nope__c": "name"}})
        bad = _run(api, src)
        assert bad["status"] == "failed" and "400 INVALID_FIELD" in bad["error"], bad
        assert "No such column 'Nope__c'" in bad["error"]

        api.patch(f"/sync/sources/{src['id']}", json={"mapping": {"Name": "name"}, "api_key": "00Dwrong"})
        failed = _run(api, src)
        assert failed["status"] == "failed", failed
        assert "Salesforce refused the access token (401 INVALID_SESSION_ID)" in failed["error"]
        assert "Session expired or invalid" in failed["error"]


def test_crash_mid_way_resumes_writing_each_change_once(
    api: ApiClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    with salesforce_server(page_size=4, Account=[_account(n, n) for n in range(1, 8)]) as vendor:
        src = _add(api, vendor, "accounts", batch_size=3, cursor_column="LastModifiedDate")
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
        assert "WHERE+LastModifiedDate+%3E+2026-11-01T10%3A06%3A00Z" in _queries(vendor)[-1]


def test_bad_config(api: ApiClient) -> None:
    base = {"name": "s", "kind": "salesforce", "object": "accounts", "api_key": SALESFORCE_TOKEN,
            "api_base": "https://acme.my.salesforce.com"}  # fmt: skip
    assert_error(api.post("/sync/sources", json={k: v for k, v in base.items() if k != "api_base"}), 422,
                 "body.api_base")  # fmt: skip
    assert_error(api.post("/sync/sources", json={**base, "api_base": "http://x"}), 422, "body.api_base")
    assert_error(api.post("/sync/sources", json={**base, "cursor_column": "CreatedDate"}), 422,
                 "body.cursor_column")  # fmt: skip
    assert_error(api.post("/sync/sources", json={**base, "mapping": {"Bad; DROP": "name"}}), 422,
                 "body.mapping.Bad; DROP")  # fmt: skip
    assert_error(api.post("/sync/sources", json={**base, "object": "companies"}), 422, "body")
    assert_error(
        api.post("/sync/sources", json={**base, "kind": "hubspot", "object": "accounts"}), 422, "body"
    )
