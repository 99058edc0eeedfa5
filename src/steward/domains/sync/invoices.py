"""Stripe invoices as payment trouble on the customer's account: a billing activity on the timeline for each
change that matters (payment failed, past due, uncollectible, paid after a failure), written once per invoice
and change, and two account attributes kept current for health measures and rules: open_invoices_past_due
(number) and last_payment_failed_at (date)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import Field
from sqlalchemy.orm import Session

from steward.core.errors import ErrorItem, Invalid
from steward.core.money import minor_exponent
from steward.core.schemas import BulkResult, Strict
from steward.domains.accounts import service as accounts_service
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import CustomFieldCreate

COLUMNS = (
    "id", "created", "number", "customer", "status", "amount_due", "amount_paid", "currency", "due_date",
    "attempt_count", "finalized_at", "paid_at", "marked_uncollectible_at", "payment_failed", "past_due",
    "customer_past_due_invoices", "customer_last_payment_failed_at",
)  # fmt: skip
PAST_DUE_KEY, FAILED_KEY = "open_invoices_past_due", "last_payment_failed_at"
ATTRIBUTES = {PAST_DUE_KEY: ("number", "Open invoices past due"), FAILED_KEY: ("date", "Last payment failed")}
KIND = "billing"


# --- reading: one row per invoice, with its customer's totals ----------------------------------------------


def _at(epoch: Any) -> datetime | None:
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else None


def flatten(objects: Sequence[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Rows for these invoices. Past due: open and its due date gone by, or its automatic payment failed.
    Stripe's invoice carries no time of a failed attempt (that is on its charges), so a failure is dated
    by the invoice's finalization, when Stripe first tries to collect it."""
    rows = []
    for inv in objects:
        moves = inv.get("status_transitions") or {}
        status, attempts = inv.get("status") or "", int(inv.get("attempt_count") or 0)
        due, paid_at = _at(inv.get("due_date")), _at(moves.get("paid_at"))
        failed = attempts > 0 and status in ("open", "uncollectible")
        customer = inv.get("customer")
        rows.append({
            "id": inv["id"], "created": inv.get("created"), "number": inv.get("number"),
            "customer": customer["id"] if isinstance(customer, dict) else customer, "status": status,
            "amount_due": inv.get("amount_due"), "amount_paid": inv.get("amount_paid"),
            "currency": (inv.get("currency") or "").upper() or None, "due_date": due.date() if due else None,
            "attempt_count": attempts,
            "finalized_at": _at(moves.get("finalized_at")) or _at(inv.get("created")),
            "paid_at": paid_at, "marked_uncollectible_at": _at(moves.get("marked_uncollectible_at")),
            "payment_failed": failed or (status == "paid" and attempts > 1),
            "past_due": status == "open" and (failed or (due is not None and due < now)),
        })  # fmt: skip
    counts: dict[Any, int] = defaultdict(int)
    last_failed: dict[Any, date] = {}
    for r in rows:
        counts[r["customer"]] += int(r["past_due"])
        if r["payment_failed"] and r["finalized_at"]:
            day = r["finalized_at"].date()
            last_failed[r["customer"]] = max(day, last_failed.get(r["customer"], day))
    for r in rows:
        r["customer_past_due_invoices"] = counts[r["customer"]]
        r["customer_last_payment_failed_at"] = last_failed.get(r["customer"])
    return rows


# --- writing: what the sync's mapping validates each row as, and the write of a batch ----------------------


class InvoiceRow(Strict):
    external_id: str = Field(min_length=1, max_length=200)
    account_external_id: str = Field(min_length=1, max_length=200)
    status: Literal["draft", "open", "paid", "uncollectible", "void"]
    number: str | None = Field(None, max_length=100)
    amount_due_minor: int | None = Field(None, ge=0, le=10**15)
    amount_paid_minor: int | None = Field(None, ge=0, le=10**15)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    due_date: date | None = None
    attempt_count: int = Field(0, ge=0, le=1000)
    finalized_at: datetime | None = None
    paid_at: datetime | None = None
    marked_uncollectible_at: datetime | None = None
    payment_failed: bool = False
    past_due: bool = False
    open_invoices_past_due: int | None = Field(None, ge=0, le=10**6)
    last_payment_failed_at: date | None = None


def _money(minor: int | None, currency: str | None) -> str:
    if minor is None or not currency:
        return "unknown"
    places = minor_exponent(currency)
    return f"{minor / 10**places:,.{places}f} {currency}"


def _when(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def events(row: InvoiceRow) -> list[tuple[str, datetime | None]]:
    """(subject, when) of each change worth a CSM's attention; the subject names the invoice and the change,
    so it is the key that keeps each one written once."""
    name = f"Stripe invoice {row.external_id}"
    out: list[tuple[str, datetime | None]] = []
    failed_before = row.attempt_count > 1 if row.status == "paid" else row.attempt_count > 0
    if row.payment_failed and row.status != "paid":
        out.append((f"{name}: payment failed", _when(row.finalized_at)))
    if row.past_due:
        due = datetime.combine(row.due_date, datetime.min.time(), UTC) if row.due_date else None
        out.append((f"{name}: past due", due or _when(row.finalized_at)))
    if row.status == "uncollectible":
        out.append((f"{name}: marked uncollectible", _when(row.marked_uncollectible_at)))
    late = row.paid_at is not None and row.due_date is not None and row.paid_at.date() > row.due_date
    if row.status == "paid" and (failed_before or late):
        after = "a failed payment" if failed_before else "its due date"
        out.append((f"{name}: paid after {after}", row.paid_at))
    return out


def _body(row: InvoiceRow) -> str:
    parts = [
        f"Amount due {_money(row.amount_due_minor, row.currency)},"
        f" paid {_money(row.amount_paid_minor, row.currency)}",
        f"status {row.status}, {row.attempt_count} payment attempt{'s' if row.attempt_count != 1 else ''}",
    ]
    if row.due_date:
        parts.append(f"due {row.due_date.isoformat()}")
    return "; ".join(parts) + "."


def _ensure_attributes(session: Session, workspace_id: int) -> None:
    have = workspaces_service.custom_field_types(session=session, workspace_id=workspace_id, entity="account")
    for key, (kind, label) in ATTRIBUTES.items():
        if key not in have:
            data = CustomFieldCreate.model_validate(
                {"entity": "account", "key": key, "label": label, "type": kind}
            )
            workspaces_service.create_custom_field(session=session, workspace_id=workspace_id, data=data)


def upsert(
    *, session: Session, workspace_id: int, items: Sequence[InvoiceRow], loc: tuple[str | int, ...]
) -> BulkResult:
    """Write one batch of changed invoices. A row logging a new billing activity counts as created, any
    other as updated (its account's attributes refreshed). An invoice whose customer is not an account
    here is refused, naming the customer."""
    ids = accounts_service.ids_by_external_id(
        session=session,
        workspace_id=workspace_id,
        external_ids=sorted({i.account_external_id for i in items}),
    )
    missing = [
        ErrorItem((*loc, n, "account_external_id"), f"no account has external_id {i.account_external_id!r}"
                  " (sync the Stripe customers first)", "not_found")
        for n, i in enumerate(items) if i.account_external_id not in ids
    ]  # fmt: skip
    if missing:
        raise Invalid(missing[0].msg, missing[0].loc, missing)
    _ensure_attributes(session, workspace_id)
    account_ids = sorted({ids[i.account_external_id] for i in items})
    logged = timeline_service.subjects(
        session=session, workspace_id=workspace_id, account_ids=account_ids, kind=KIND
    )
    new: list[tuple[int | None, ActivityCreate]] = []
    created = 0
    attributes: dict[int, dict[str, Any]] = {}
    for item in items:
        account = ids[item.account_external_id]
        fresh = [(s, w) for s, w in events(item) if (account, s) not in logged]
        for subject, when in fresh:
            logged.add((account, subject))
            new.append((None, ActivityCreate(account_id=account, kind=KIND, subject=subject, body=_body(item),
                                             occurred_at=when)))  # fmt: skip
        created += bool(fresh)
        # the customer's totals ride on each of its invoices; none (no failure yet) removes the attribute
        failed = item.last_payment_failed_at.isoformat() if item.last_payment_failed_at else None
        attributes[account] = {PAST_DUE_KEY: item.open_invoices_past_due, FAILED_KEY: failed}
    timeline_service.bulk_log(session=session, workspace_id=workspace_id, items=new)
    accounts_service.set_custom(session=session, workspace_id=workspace_id, values=attributes)
    return BulkResult(created=created, updated=len(items) - created, items=[])
