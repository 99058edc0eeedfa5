"""Stripe invoices against the local Stripe stand-in: payment trouble logged once per invoice and change as
billing activities on the customer's account, open_invoices_past_due and last_payment_failed_at kept current
(and offered to health measures), list paging, a 429 waited out, a re-run writing nothing, an invoice of a
customer not synced yet refused by name, and the invoices object through the CLI."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from steward.domains.sync import vendors
from tests.domains.sync.vendor_sources import add_source
from tests.domains.sync.vendor_sources import run_source as _run
from tests.factories import ApiClient, Tenant, assert_error
from tests.support.vendor_servers import (
    STRIPE_KEY,
    Vendor,
    stripe_customer,
    stripe_invoice,
    stripe_server,
)

NOW = int(time.time())
T0 = NOW - 60 * 86400
DAY = 86400


def _add(api: ApiClient, vendor: Vendor, obj: str, **extra: Any) -> dict[str, Any]:
    return add_source(api, "stripe", STRIPE_KEY, vendor.url, obj, **extra)


def _billing(api: ApiClient, external_id: str) -> tuple[dict[str, Any], list[str]]:
    account = api.get(f"/accounts/by-external-id/{external_id}").json()
    page = api.get(f"/timeline?account_id={account['id']}&kind=billing&limit=100").json()
    return account, sorted(a["subject"] for a in page["items"])


def _day(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).date().isoformat()


def test_invoices_become_payment_trouble_once(api: ApiClient) -> None:
    invoices = [stripe_invoice(100 + n, "cus_0001", T0 + n) for n in range(120)]  # paid at once: two pages
    invoices += [
        stripe_invoice(1, "cus_0001", T0 + 200, status="open", attempts=2),  # card declined twice
        stripe_invoice(2, "cus_0002", T0 + 201, status="open", attempts=0, due_date=NOW - 5 * DAY),
        stripe_invoice(3, "cus_0002", T0 + 202, status="open", attempts=0, due_date=NOW + 20 * DAY),
        stripe_invoice(4, "cus_0003", T0 + 203, attempts=3, amount=99900),  # paid on the third try
        stripe_invoice(5, "cus_0003", T0 + 204, status="uncollectible", attempts=4),
        stripe_invoice(6, "cus_0003", T0 + 205, status="draft", attempts=0),
        stripe_invoice(7, "cus_0003", T0 + 206, status="void", attempts=0),
        stripe_invoice(8, "cus_9999", T0 + 207, status="open", attempts=1),  # a customer not synced
    ]
    customers = [stripe_customer(n, T0 - 10 + n) for n in range(1, 4)]
    with stripe_server(customers=customers, invoices=invoices) as vendor:
        assert _run(api, _add(api, vendor, "customers"))["created"] == 3
        src = _add(api, vendor, "invoices", batch_size=50)
        assert (src["target"], src["cursor_column"]) == ("invoices", None)
        preview = api.post(f"/sync/sources/{src['id']}/preview?rows=1").json()["rows"][0]
        assert (
            preview["mapped"]["external_id"] == "in_0008" and preview["mapped"]["amount_due_minor"] == 15000
        )
        limited = {"error": {"message": "Too many requests", "type": "rate_limit_error"}}
        vendor.fault("/v1/invoices", 429, limited, **{"Retry-After": "1"})
        run = _run(api, src)
        assert (run["status"], run["rows_read"], run["refused"], run["batches"]) == ("succeeded", 128, 1, 3)
        assert (run["created"], run["updated"]) == (4, 123), run  # 4 invoices in trouble, the rest fine
        [problem] = run["problems"]
        assert (problem["external_id"], problem["column"]) == ("in_0008", "customer")
        assert "cus_9999" in problem["msg"] and "sync the Stripe customers first" in problem["msg"]
        gets = [p for m, p, _ in vendor.requests if p.startswith("/v1/invoices")]
        assert len(gets) == 4 and "starting_after=" in gets[-1] and "status" not in gets[-1]  # 429 + 3 pages

        one, subjects = _billing(api, "cus_0001")
        assert subjects == ["Stripe invoice in_0001: past due", "Stripe invoice in_0001: payment failed"]
        failed_day = _day(T0 + 200 + 3600)  # dated by finalization: Stripe's invoice has no failure time
        assert one["custom"] == {"open_invoices_past_due": 1, "last_payment_failed_at": failed_day}
        two, subjects = _billing(api, "cus_0002")
        assert subjects == ["Stripe invoice in_0002: past due"]
        assert two["custom"] == {"open_invoices_past_due": 1}
        three, subjects = _billing(api, "cus_0003")
        assert subjects == [
            "Stripe invoice in_0004: paid after a failed payment",
            "Stripe invoice in_0005: marked uncollectible",
            "Stripe invoice in_0005: payment failed",
        ]
        assert three["custom"] == {
            "open_invoices_past_due": 0,
            "last_payment_failed_at": _day(T0 + 204 + 3600),
        }
        page = api.get(f"/timeline?account_id={three['id']}&kind=billing").json()["items"]
        paid = next(a for a in page if "in_0004" in a["subject"])
        assert paid["body"] == "Amount due 999.00 EUR, paid 999.00 EUR; status paid, 3 payment attempts."
        assert "custom_open_invoices_past_due" in api.get("/health/inputs").json()

        again = _run(api, src)
        assert (again["created"], again["updated"], again["unchanged"], again["refused"]) == (0, 0, 127, 1)
        assert len(_billing(api, "cus_0003")[1]) == 3  # nothing logged twice
        # in_0001 paid on a fourth try: one new activity, cus_0001's invoices rewritten with its new total
        invoices[120].update(status="paid", attempt_count=4, amount_paid=15000)
        invoices[120]["status_transitions"]["paid_at"] = NOW - DAY
        paid_run = _run(api, src)
        assert (paid_run["created"], paid_run["updated"], paid_run["unchanged"]) == (1, 120, 6), paid_run
        one, subjects = _billing(api, "cus_0001")
        assert len(subjects) == 3 and "Stripe invoice in_0001: paid after a failed payment" in subjects
        assert one["custom"] == {"open_invoices_past_due": 0, "last_payment_failed_at": failed_day}
        assert _run(api, src)["created"] == 0


def test_invoice_config_and_cli(api: ApiClient, tenant: Tenant) -> None:
    from typer.testing import CliRunner

    from steward.cli.main import app

    base = {"name": "inv", "kind": "stripe", "object": "invoices", "api_key": STRIPE_KEY}
    assert_error(
        api.post("/sync/sources", json={**base, "cursor_column": "created"}), 422, "body.cursor_column"
    )
    sql = {"name": "x", "kind": "sql", "url": "sqlite://", "table": "t", "target": "invoices",
           "mapping": {"id": "external_id"}}  # fmt: skip
    assert_error(api.post("/sync/sources", json=sql), 422, "body")
    assert set(vendors.DEFAULT_MAPPINGS[("stripe", "invoices")].values()) >= {"external_id", "status"}
    cli = CliRunner()
    invoice = stripe_invoice(1, "cus_0001", T0, status="open", attempts=1)
    with stripe_server(customers=[stripe_customer(1, T0)], invoices=[invoice]) as vendor:
        for obj in ("customers", "invoices"):
            args = ["sync", "add", f"billing-{obj}", "--workspace", tenant.slug, "--kind", "stripe"]
            extra = ["--object", obj, "--api-key-stdin", "--api-base", vendor.url, "--json"]
            r = cli.invoke(app, [*args, *extra], input=STRIPE_KEY)
            assert r.exit_code == 0, r.output
            r = cli.invoke(app, ["sync", "run", f"billing-{obj}", "--workspace", tenant.slug, "--json"])
            assert r.exit_code == 0 and json.loads(r.stdout)["created"] == 1, r.output
    assert _billing(api, "cus_0001")[1] == [
        "Stripe invoice in_0001: past due",
        "Stripe invoice in_0001: payment failed",
    ]
