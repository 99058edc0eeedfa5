"""Reading Stripe customers, subscriptions and invoices through the official SDK as rows for the sync's
mapping: list pages with starting_after, rate limits waited out, subscriptions priced in minor units per
period, invoices with their payment trouble (failed, past due) and each customer's totals of it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import stripe

from steward.domains.sync import invoices, vendors
from steward.domains.sync.inputs import ReadResult, ReadSpec, SourceError

PAGE = 100  # Stripe's largest page
CUSTOMER_COLUMNS = (
    "id", "created", "created_at", "name", "display_name", "email", "email_domain", "description", "phone",
    "currency", "country", "city", "delinquent",
)  # fmt: skip
SUBSCRIPTION_COLUMNS = (
    "id", "created", "customer", "status", "steward_status", "plan", "product", "amount_minor", "currency",
    "billing_period", "seats", "start_date", "current_period_end", "canceled_at", "ended_at", "end_date",
    "cancel_at_period_end", "auto_renew",
)  # fmt: skip
# Stripe status -> Steward's; canceled is a churned subscription.
STATUS = {
    "trialing": "trial", "active": "active", "past_due": "past_due", "unpaid": "past_due",
    "paused": "past_due", "incomplete": "past_due", "canceled": "canceled", "incomplete_expired": "expired",
}  # fmt: skip
PER_YEAR = {"day": 365, "week": 52, "month": 12, "year": 1}
PERIODS = {("month", 1): "month", ("month", 3): "quarter", ("year", 1): "year", ("month", 12): "year"}


def client(spec: ReadSpec) -> stripe.StripeClient:
    base = {"api": spec.api_base.rstrip("/")} if spec.api_base else None
    return stripe.StripeClient(spec.token or "", base_addresses=base, max_network_retries=2)  # type: ignore[arg-type]


def _retry_after(exc: BaseException) -> float | None:
    if isinstance(exc, stripe.RateLimitError) or getattr(exc, "http_status", None) == 429:
        headers = getattr(exc, "headers", None) or {}
        value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
        return vendors.seconds(value)
    return None


def describe(exc: stripe.StripeError) -> str:
    status = exc.http_status
    if isinstance(exc, stripe.AuthenticationError) or status == 401:
        return f"Stripe refused the API key (401): {exc.user_message or exc}"
    if isinstance(exc, stripe.APIConnectionError):
        return f"Stripe cannot be reached: {exc.user_message or exc}"
    return f"Stripe answered {status or 'an error'}: {exc.user_message or exc}"[:1000]


def pages(spec: ReadSpec, after: Any, limit: int | None) -> Iterator[dict[str, Any]]:
    """Every object of the list, newest first as Stripe lists them, created after the cursor."""
    api = client(spec)
    resource: Any = {
        "customers": api.v1.customers,
        "subscriptions": api.v1.subscriptions,
        "invoices": api.v1.invoices,
    }[spec.api_object or ""]
    params: dict[str, Any] = {"limit": min(PAGE, limit or PAGE)}
    if spec.api_object == "subscriptions":
        params["status"] = "all"  # canceled ones too: they are the churned subscriptions
    # invoices: no status filter, which lists every status (their list knows no status=all)
    if after is not None:
        params["created"] = {"gt": int(after)}
    seen = 0
    while True:
        try:
            page = vendors.patiently(lambda: resource.list(params=params), retry_after=_retry_after)
        except stripe.StripeError as exc:
            raise SourceError(describe(exc)) from None
        except ValueError as exc:  # an address requests cannot use
            raise SourceError(f"Stripe cannot be reached: {exc}") from None
        data = [o.to_dict() for o in page.data]
        for obj in data:
            yield obj
            seen += 1
            if limit and seen >= limit:
                return
        if not page.has_more or not data:
            return
        params["starting_after"] = data[-1]["id"]


@contextmanager
def read(spec: ReadSpec, after: Any, limit: int | None) -> Iterator[ReadResult]:
    """Rows in created order (then id), so the created cursor resumes where a run stopped. The whole list is
    read first: Stripe lists newest first and the cursor needs the oldest first."""
    fixed = {"customers": CUSTOMER_COLUMNS, "subscriptions": SUBSCRIPTION_COLUMNS}.get(
        spec.api_object or "", invoices.COLUMNS
    )
    extra = tuple(c for c in spec.columns if c.startswith("metadata.") and c not in fixed)
    columns = [*fixed, *extra]
    objects = sorted(pages(spec, after, limit), key=lambda o: (int(o.get("created") or 0), str(o["id"])))
    if spec.api_object == "invoices":
        flat = invoices.flatten(objects, datetime.now(UTC))
    else:
        flatten = _customer if spec.api_object == "customers" else _subscription
        flat = [flatten(obj) for obj in objects]
    rows = []
    for obj, values in zip(objects, flat, strict=True):
        metadata = obj.get("metadata") or {}
        values.update({c: metadata.get(c.removeprefix("metadata.")) for c in extra})
        rows.append(tuple(values.get(c) for c in columns))
    yield ReadResult(columns, iter(rows), len(rows), 0)


def _day(epoch: Any) -> date | None:
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch else None


def _customer(c: dict[str, Any]) -> dict[str, Any]:
    email = c.get("email") or None
    address = c.get("address") or {}
    return {
        "id": c["id"], "created": c.get("created"),
        "created_at": datetime.fromtimestamp(int(c["created"]), UTC) if c.get("created") else None,
        "name": c.get("name"), "display_name": c.get("name") or email or c["id"], "email": email,
        "email_domain": email.rsplit("@", 1)[-1].lower() if email and "@" in email else None,
        "description": c.get("description"), "phone": c.get("phone"),
        "currency": (c.get("currency") or "").upper() or None, "country": address.get("country"),
        "city": address.get("city"), "delinquent": c.get("delinquent"),
    }  # fmt: skip


def _subscription(s: dict[str, Any]) -> dict[str, Any]:
    items = (s.get("items") or {}).get("data") or []
    prices = [(i.get("price") or i.get("plan") or {}, int(i.get("quantity") or 1)) for i in items]
    amount, period = _amount(prices)
    first = prices[0][0] if prices else {}
    product = first.get("product")
    period_end = s.get("current_period_end") or (items[0].get("current_period_end") if items else None)
    status = s.get("status") or ""
    ended = s.get("ended_at") if status in ("canceled", "incomplete_expired") else None
    start = s.get("start_date") or s.get("created")
    return {
        "id": s["id"], "created": s.get("created"),
        "customer": s["customer"]["id"] if isinstance(s.get("customer"), dict) else s.get("customer"),
        "status": status, "steward_status": STATUS.get(status),
        "plan": first.get("nickname") or first.get("lookup_key") or first.get("id"),
        "product": product.get("name") if isinstance(product, dict) else product,
        "amount_minor": amount, "currency": (first.get("currency") or "").upper() or None,
        "billing_period": period, "seats": sum(q for _, q in prices) if prices else None,
        "start_date": _day(start), "current_period_end": _day(period_end),
        "canceled_at": _day(s.get("canceled_at")), "ended_at": _day(s.get("ended_at")),
        # the renewal date; a churned subscription ends when Stripe ended it
        "end_date": _day(ended or period_end), "cancel_at_period_end": s.get("cancel_at_period_end"),
        "auto_renew": not s.get("cancel_at_period_end") and status not in ("canceled", "incomplete_expired"),
    }  # fmt: skip


def _amount(prices: list[tuple[dict[str, Any], int]]) -> tuple[int | None, str | None]:
    """The amount per billing period in minor units: the items' prices times quantities when they share a
    month, quarter or year; otherwise the yearly sum (so ARR stays right). None when a price has no unit
    amount (tiered or metered prices), which leaves the row refused as missing its amount."""
    if not prices:
        return None, None
    recurring: list[tuple[dict[str, Any], int, int]] = []
    for price, qty in prices:
        every, unit = price.get("recurring") or {}, price.get("unit_amount")
        if unit is None or not every.get("interval"):
            return None, None
        recurring.append((every, int(unit), qty))
    shapes = {(r["interval"], int(r.get("interval_count") or 1)) for r, _, _ in recurring}
    if len(shapes) == 1 and next(iter(shapes)) in PERIODS:
        return sum(int(unit) * q for _, unit, q in recurring), PERIODS[next(iter(shapes))]
    yearly = sum(
        int(unit) * q * PER_YEAR[r["interval"]] // int(r.get("interval_count") or 1)
        for r, unit, q in recurring
    )
    return yearly, "year"
