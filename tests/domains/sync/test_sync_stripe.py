"""Stripe sources against a local server answering as Stripe documents: customers -> accounts, subscriptions
-> subscriptions in minor units (ARR, renewal, churned), list pagination, 429 waited out, 401 failing the run,
a crash mid-way resumed on the created cursor, and the secret key sealed and masked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from steward.core.db import unit_of_work
from steward.domains.sync import runner, runs
from steward.settings import get_settings
from tests.domains.sync.vendor_sources import add_source
from tests.domains.sync.vendor_sources import run_source as _run
from tests.factories import ApiClient, Tenant, assert_error
from tests.support.vendor_servers import (
    STRIPE_KEY,
    Vendor,
    stripe_customer,
    stripe_server,
    stripe_subscription,
)

T0 = 1_760_000_000


def _add(api: ApiClient, vendor: Vendor, obj: str, **extra: Any) -> dict[str, Any]:
    return add_source(api, "stripe", STRIPE_KEY, vendor.url, obj, **extra)


def test_customers_and_subscriptions(api: ApiClient) -> None:
    customers = [stripe_customer(n, T0 + n) for n in range(1, 6)]
    customers[1]["name"] = None  # no name: the e-mail stands in
    subs = [
        stripe_subscription(1, "cus_0001", T0 + 10, unit=5000, qty=3),  # 150.00 EUR a month
        stripe_subscription(2, "cus_0002", T0 + 11, unit=120000, interval="year"),
        stripe_subscription(3, "cus_0003", T0 + 12, unit=30000, interval="month", count=3),
        stripe_subscription(4, "cus_0004", T0 + 13, status="canceled", ended_at=T0 + 20 * 86400),
        stripe_subscription(5, "cus_0005", T0 + 14, unit=1000, interval="week"),  # yearly: 52 weeks
        stripe_subscription(6, "cus_9999", T0 + 15),  # a customer Steward does not have
    ]
    with stripe_server(customers=customers, subscriptions=subs) as vendor:
        cust = _add(api, vendor, "customers", batch_size=2)
        assert cust["target"] == "accounts" and cust["api_key"] == "***" + STRIPE_KEY[-4:]
        assert STRIPE_KEY not in str(api.get(f"/sync/sources/{cust['id']}").json())
        preview = api.post(f"/sync/sources/{cust['id']}/preview?rows=2").json()
        assert [r["mapped"]["external_id"] for r in preview["rows"]] == ["cus_0004", "cus_0005"]  # the newest
        run = _run(api, cust)
        assert (run["status"], run["created"], run["rows_read"]) == ("succeeded", 5, 5), run
        assert api.get("/accounts/by-external-id/cus_0002").json()["name"] == "billing@customer2.com"
        assert api.get("/accounts/by-external-id/cus_0001").json()["domain"] == "customer1.com"

        sub = _add(api, vendor, "subscriptions", mapping={"metadata.region": "product"})
        run = _run(api, sub)
        assert (run["created"], run["refused"]) == (5, 1), run
        assert run["problems"][0]["external_id"] == "sub_0006"
        assert any("status=all" in path for _, path, _ in vendor.requests)
        rows = {s["external_id"]: s for s in api.get("/subscriptions?limit=50").json()["items"]}
        one = rows["sub_0001"]
        assert (one["amount_minor"], one["currency"], one["billing_period"], one["seats"]) == (
            15000,
            "EUR",
            "month",
            3,
        )
        assert one["arr_minor"] == 180000 and one["end_date"] == "2025-11-08"
        assert (rows["sub_0002"]["billing_period"], rows["sub_0002"]["arr_minor"]) == ("year", 120000)
        assert (rows["sub_0003"]["billing_period"], rows["sub_0003"]["arr_minor"]) == ("quarter", 120000)
        assert rows["sub_0004"]["status"] == "canceled" and rows["sub_0004"]["auto_renew"] is False
        assert (rows["sub_0005"]["billing_period"], rows["sub_0005"]["amount_minor"]) == ("year", 52000)
        # a cancellation later on: no cursor by default, so the next run sees it and writes only that row
        subs[0]["status"], subs[0]["ended_at"] = "canceled", T0 + 40 * 86400
        again = _run(api, sub)
        assert (again["updated"], again["unchanged"], again["created"]) == (1, 4, 0), again
        rows = {s["external_id"]: s for s in api.get("/subscriptions?limit=50").json()["items"]}
        assert (rows["sub_0001"]["status"], rows["sub_0001"]["end_date"]) == ("canceled", "2025-11-18")


def test_pages_rate_limit_and_bad_key(api: ApiClient) -> None:
    customers = [stripe_customer(n, T0 + n) for n in range(1, 251)]
    with stripe_server(customers=customers) as vendor:
        src = _add(api, vendor, "customers", cursor_column="created")
        limited = {"error": {"message": "Too many requests", "type": "rate_limit_error"}}
        vendor.fault("/v1/customers", 429, limited, **{"Retry-After": "1"})
        run = _run(api, src)
        assert (run["status"], run["created"], run["cursor_after"]) == ("succeeded", 250, T0 + 250), run
        gets = [p for m, p, _ in vendor.requests if p.startswith("/v1/customers")]
        assert len(gets) == 4 and "starting_after=cus_0051" in gets[-1]  # a 429, 3 pages (newest first)

        vendor.fault("/v1/customers", 200, "<html>upstream proxy error</html>")  # garbage, not JSON
        garbage = _run(api, src)
        assert garbage["status"] == "failed" and "Invalid response body" in garbage["error"], garbage

        wrong = {"api_key": "sk_test_wrong_key_0000"}
        assert api.patch(f"/sync/sources/{src['id']}", json=wrong).status_code == 200
        failed = _run(api, src)
        assert failed["status"] == "failed" and "Stripe refused the API key (401)" in failed["error"]
        assert "sk_test_wrong" not in failed["error"]


def test_crash_mid_way_resumes_writing_each_change_once(
    api: ApiClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    customers = [stripe_customer(n, T0 + n) for n in range(1, 8)]
    with stripe_server(customers=customers) as vendor:
        src = _add(api, vendor, "customers", cursor_column="created", batch_size=3)
        real, calls = runs.apply_batch, []

        def dying(**kw: Any) -> None:
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("the worker was killed")
            real(**kw)

        monkeypatch.setattr(runs, "apply_batch", dying)
        ws = tenant.id
        with pytest.raises(RuntimeError):
            runner.run_source(
                workspace_id=ws, source_id=src["id"], secret=get_settings().secret_key, trigger="cli"
            )
        monkeypatch.setattr(runs, "apply_batch", real)
        first = api.get(f"/sync/sources/{src['id']}/runs").json()[0]
        assert (first["status"], first["created"], first["cursor_after"]) == ("failed", 3, T0 + 3)
        resumed = _run(api, src)
        assert (resumed["rows_read"], resumed["created"], resumed["cursor_before"]) == (4, 4, T0 + 3)
        assert api.get("/accounts").json()["total"] == 7
        with unit_of_work() as s:
            n = s.execute(text("SELECT COUNT(*) FROM sync_records WHERE source_id = :s"), {"s": src["id"]})
            assert n.scalar_one() == 7


def test_bad_config(api: ApiClient) -> None:
    base = {"name": "s", "kind": "stripe", "object": "customers", "api_key": STRIPE_KEY}
    assert_error(api.post("/sync/sources", json={**base, "object": "companies"}), 422, "body")
    assert_error(
        api.post("/sync/sources", json={**base, "cursor_column": "updated"}), 422, "body.cursor_column"
    )
    assert_error(api.post("/sync/sources", json={**base, "table": "x"}), 422, "body")
    assert_error(api.post("/sync/sources", json={**base, "mapping": {"id": "nope"}}), 422, "body.mapping.id")
    ok = api.post("/sync/sources", json=base).json()
    assert_error(api.patch(f"/sync/sources/{ok['id']}", json={"path": "/tmp"}), 422, "body.path")


def test_cli_adds_and_runs_a_stripe_source(api: ApiClient, tenant: Tenant) -> None:
    from typer.testing import CliRunner

    from steward.cli.main import app

    cli = CliRunner()
    with stripe_server(customers=[stripe_customer(1, T0)]) as vendor:
        args = [
            "sync",
            "add",
            "billing",
            "--workspace",
            tenant.slug,
            "--kind",
            "stripe",
            "--object",
            "customers",
        ]
        r = cli.invoke(app, [*args, "--api-key-stdin", "--api-base", vendor.url, "--json"], input=STRIPE_KEY)
        assert r.exit_code == 0, r.output
        added = json.loads(r.stdout)
        assert added["target"] == "accounts" and added["api_key"].startswith("***")
        r = cli.invoke(app, ["sync", "run", "billing", "--workspace", tenant.slug, "--json"])
        assert r.exit_code == 0 and json.loads(r.stdout)["created"] == 1, r.output
