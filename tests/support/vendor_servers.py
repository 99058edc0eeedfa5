"""Local stand-ins for the Stripe and HubSpot APIs on a thread (http.server), answering with the vendors'
documented shapes: Stripe list objects (object/data/has_more, starting_after, created[gt]) and HubSpot v3
CRM objects (results, paging.next.after, search, owners, batch update). Faults are queued per path."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

STRIPE_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
HUBSPOT_TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"


@dataclass
class Fault:
    path: str  # answered for the next request whose path starts with this
    status: int
    body: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)
    skip: int = 0  # matching requests answered normally before this one


@dataclass
class Vendor:
    token: str
    objects: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)  # (method, path + query, body)
    updates: list[dict[str, Any]] = field(default_factory=list)  # HubSpot batch update inputs received
    url: str = ""

    def fault(
        self, path: str, status: int, body: dict[str, Any] | str, *, skip: int = 0, **headers: str
    ) -> None:
        self.faults.append(Fault(path, status, body, headers, skip))


class _Handler(BaseHTTPRequestHandler):
    vendor: Vendor
    answer: Any  # (vendor, method, path, query, body) -> (status, body)

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = raw.decode()
        if "json" in (self.headers.get("Content-Type") or "") and raw:
            body = json.loads(raw)
        self.vendor.requests.append((method, self.path, body))
        fault = next((f for f in self.vendor.faults if parts.path.startswith(f.path)), None)
        if fault is not None and fault.skip:
            fault.skip -= 1
            fault = None
        headers: dict[str, str] = {}
        if fault is not None:
            self.vendor.faults.remove(fault)
            status, out, headers = fault.status, fault.body, fault.headers
        elif self.headers.get("Authorization") != f"Bearer {self.vendor.token}":
            status, out = type(self).answer(self.vendor, "unauthorized", "", {}, None)
        else:
            query = parse_qs(parts.query)
            status, out = type(self).answer(self.vendor, method, parts.path, query, body)
        data = out.encode() if isinstance(out, str) else json.dumps(out).encode()  # str: sent as it is
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")


@contextmanager
def _serving(vendor: Vendor, answer: Any, tls: ssl.SSLContext | None = None) -> Iterator[Vendor]:
    handler = type("Handler", (_Handler,), {"vendor": vendor, "answer": staticmethod(answer)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:  # https, as vendors whose SDK knows no other scheme (Salesforce)
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    vendor.url = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    try:
        yield vendor
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- Stripe ---------------------------------------------------------------------------------------------


def _stripe(vendor: Vendor, method: str, path: str, query: dict[str, list[str]], body: Any) -> Any:
    if method == "unauthorized":
        return 401, {
            "error": {
                "message": "Invalid API Key provided: sk_test_****abcd",
                "type": "invalid_request_error",
            }
        }
    name = path.removeprefix("/v1/")
    if method != "GET" or name not in vendor.objects:
        return 404, {
            "error": {"message": f"Unrecognized request URL (GET: {path})", "type": "invalid_request_error"}
        }
    items = sorted(vendor.objects[name], key=lambda o: (o["created"], o["id"]), reverse=True)
    if name == "subscriptions" and query.get("status", [""])[0] != "all":
        items = [o for o in items if o["status"] != "canceled"]  # Stripe leaves canceled out by default
    if name == "invoices" and "status" in query:  # no status: every status (draft ... void)
        items = [o for o in items if o["status"] == query["status"][0]]
    if "created[gt]" in query:
        items = [o for o in items if o["created"] > int(query["created[gt]"][0])]
    if "starting_after" in query:
        ids = [o["id"] for o in items]
        items = items[ids.index(query["starting_after"][0]) + 1 :]
    limit = int(query.get("limit", ["10"])[0])
    return 200, {"object": "list", "url": path, "has_more": len(items) > limit, "data": items[:limit]}


@contextmanager
def stripe_server(**objects: list[dict[str, Any]]) -> Iterator[Vendor]:
    with _serving(Vendor(STRIPE_KEY, dict(objects)), _stripe) as vendor:
        yield vendor


def stripe_customer(n: int, created: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"cus_{n:04d}",
        "object": "customer",
        "created": created,
        "name": f"Customer {n}",
        "email": f"billing@customer{n}.com",
        "currency": "usd",
        "delinquent": False,
        "livemode": False,
        "metadata": {},
        "address": None,
        "description": None,
        "phone": None,
        **extra,
    }


def stripe_subscription(
    n: int,
    customer: str,
    created: int,
    *,
    unit: int = 5000,
    qty: int = 1,
    interval: str = "month",
    count: int = 1,
    status: str = "active",
    **extra: Any,
) -> dict[str, Any]:
    price = {
        "id": f"price_{n}",
        "object": "price",
        "currency": "eur",
        "nickname": "Growth",
        "product": "prod_1",
        "unit_amount": unit,
        "recurring": {"interval": interval, "interval_count": count},
        "type": "recurring",
    }
    item = {"id": f"si_{n}", "object": "subscription_item", "price": price, "quantity": qty}
    return {
        "id": f"sub_{n:04d}",
        "object": "subscription",
        "customer": customer,
        "created": created,
        "start_date": created,
        "status": status,
        "current_period_start": created,
        "current_period_end": created + 30 * 86400,
        "cancel_at_period_end": False,
        "canceled_at": None,
        "ended_at": None,
        "metadata": {},
        "items": {"object": "list", "data": [item], "has_more": False, "url": "/v1/subscription_items"},
        **extra,
    }


def stripe_invoice(
    n: int,
    customer: str,
    created: int,
    *,
    status: str = "paid",
    amount: int = 15000,
    attempts: int = 1,
    due_date: int | None = None,
    paid_at: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An invoice as Stripe lists it (the fields a CSM's view needs; Stripe sends many more)."""
    paid = status == "paid"
    return {
        "id": f"in_{n:04d}",
        "object": "invoice",
        "customer": customer,
        "created": created,
        "number": None if status == "draft" else f"ABCD-{n:04d}",
        "status": status,
        "collection_method": "send_invoice" if due_date else "charge_automatically",
        "amount_due": amount,
        "amount_paid": amount if paid else 0,
        "amount_remaining": 0 if paid else amount,
        "currency": "eur",
        "due_date": due_date,
        "attempt_count": attempts if status != "draft" else 0,
        "attempted": attempts > 0 and status != "draft",
        "status_transitions": {
            "finalized_at": None if status == "draft" else created + 3600,
            "paid_at": (paid_at or created + 7200) if paid else None,
            "marked_uncollectible_at": created + 30 * 86400 if status == "uncollectible" else None,
            "voided_at": created + 86400 if status == "void" else None,
        },
        "livemode": False,
        "metadata": {},
        **extra,
    }


# --- HubSpot --------------------------------------------------------------------------------------------


def _page(results: list[dict[str, Any]], after: int, limit: int, total: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"results": results[after : after + limit]}
    if total:
        out["total"] = len(results)
    if after + limit < len(results):
        out["paging"] = {"next": {"after": str(after + limit), "link": "https://api.hubapi.com/..."}}
    return out


def _public(o: dict[str, Any], wanted: list[str]) -> dict[str, Any]:
    props = {k: v for k, v in o["properties"].items() if k in wanted or k in ("hs_object_id",)}
    return {
        "id": o["id"],
        "properties": props,
        "createdAt": o["createdAt"],
        "updatedAt": o["updatedAt"],
        "archived": False,
    }


def _hubspot(vendor: Vendor, method: str, path: str, query: dict[str, list[str]], body: Any) -> Any:
    if method == "unauthorized":
        return 401, {
            "status": "error",
            "category": "INVALID_AUTHENTICATION",
            "correlationId": "0b9b6e2a",
            "message": "Authentication credentials not found. This API supports OAuth 2.0 authentication.",
        }
    parts = path.strip("/").split("/")  # crm v3 objects <type> [search|batch update]
    if parts[:3] == ["crm", "v3", "owners"]:
        after, limit = int(query.get("after", ["0"])[0]), int(query.get("limit", ["100"])[0])
        return 200, _page(vendor.objects.get("owners", []), after, limit)
    kind = parts[3]
    items = sorted(vendor.objects.get(kind, []), key=lambda o: int(o["id"]))
    if method == "POST" and parts[4:] == ["batch", "update"]:
        known = {o["id"]: o for o in items}
        results, missing = [], []
        for entry in body["inputs"]:
            vendor.updates.append(entry)
            if entry["id"] in known:
                known[entry["id"]]["properties"].update(entry["properties"])
                results.append(_public(known[entry["id"]], list(entry["properties"])))
            else:
                missing.append(entry["id"])
        out = {
            "status": "COMPLETE",
            "results": results,
            "startedAt": "2026-12-07T04:00:00Z",
            "completedAt": "2026-12-07T04:00:01Z",
        }
        if missing:
            out["numErrors"] = 1
            out["errors"] = [
                {
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": "Could not get some COMPANY objects, they may be deleted or not exist.",
                    "context": {"ids": missing},
                }
            ]
            return 207, out
        return 200, out
    if method == "POST" and parts[4:] == ["search"]:
        for flt in (body.get("filterGroups") or [{}])[0].get("filters", []):
            prop, op, value = flt["propertyName"], flt["operator"], flt["value"]
            if op in ("GT", "GTE"):
                items = [o for o in items if _millis(o["properties"][prop]) > int(value) - (op == "GTE")]
        for sort in body.get("sorts", []):
            prop = sort if isinstance(sort, str) else sort["propertyName"]
            items.sort(key=lambda o: _millis(o["properties"][prop]))
        wanted = body.get("properties") or []
        after = int(body.get("after") or 0)
        if after >= 10000:
            return 400, {
                "status": "error",
                "message": "paging beyond 10000 results",
                "category": "VALIDATION_ERROR",
            }
        return 200, _page([_public(o, wanted) for o in items], after, int(body.get("limit") or 10), True)
    wanted = ",".join(query.get("properties", [])).split(",")
    after, limit = int(query.get("after", ["0"])[0]), int(query.get("limit", ["10"])[0])
    return 200, _page([_public(o, wanted) for o in items], after, limit)


def _millis(iso: str) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


@contextmanager
def hubspot_server(**objects: list[dict[str, Any]]) -> Iterator[Vendor]:
    with _serving(Vendor(HUBSPOT_TOKEN, dict(objects)), _hubspot) as vendor:
        yield vendor


def hubspot_object(n: int, modified: str, **properties: Any) -> dict[str, Any]:
    return {
        "id": str(n),
        "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": modified,
        "properties": {"hs_object_id": str(n), **properties},
    }
