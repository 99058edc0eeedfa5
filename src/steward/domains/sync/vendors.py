"""What Stripe, HubSpot and Salesforce sources share: the default mapping and cursor of each object, the
fields a health push writes, and waiting out a rate limit (429 with Retry-After) before asking again."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from steward.domains.sync.inputs import SourceError

T = TypeVar("T")

# Column -> Steward field; a mapping given with the source is laid over these (its fields win).
DEFAULT_MAPPINGS: dict[tuple[str, str], dict[str, str]] = {
    ("stripe", "customers"): {"id": "external_id", "display_name": "name", "email_domain": "domain"},
    ("stripe", "subscriptions"): {
        "id": "external_id",
        "customer": "account_external_id",
        "plan": "plan",
        "product": "product",
        "amount_minor": "amount_minor",
        "currency": "currency",
        "billing_period": "billing_period",
        "seats": "seats",
        "start_date": "start_date",
        "end_date": "end_date",
        "auto_renew": "auto_renew",
        "steward_status": "status",
    },
    ("stripe", "invoices"): {
        "id": "external_id",
        "customer": "account_external_id",
        "number": "number",
        "status": "status",
        "amount_due": "amount_due_minor",
        "amount_paid": "amount_paid_minor",
        "currency": "currency",
        "due_date": "due_date",
        "attempt_count": "attempt_count",
        "finalized_at": "finalized_at",
        "paid_at": "paid_at",
        "marked_uncollectible_at": "marked_uncollectible_at",
        "payment_failed": "payment_failed",
        "past_due": "past_due",
        "customer_past_due_invoices": "open_invoices_past_due",
        "customer_last_payment_failed_at": "last_payment_failed_at",
    },
    ("hubspot", "companies"): {
        "id": "external_id",
        "name": "name",
        "domain": "domain",
        "industry": "industry",
        "hs_parent_company_id": "parent_external_id",
        "owner_email": "owner_email",
    },
    ("hubspot", "contacts"): {
        "id": "external_id",
        "email": "email",
        "full_name": "name",
        "jobtitle": "title",
        "associatedcompanyid": "account_external_id",
    },
    ("hubspot", "health"): {
        "health_score": "steward_health_score",
        "health_grade": "steward_health_grade",
        "churn_risk": "steward_churn_risk",
        "nps": "steward_nps",
    },
    ("salesforce", "accounts"): {
        "Id": "external_id",
        "Name": "name",
        "domain": "domain",
        "Industry": "industry",
        "ParentId": "parent_external_id",
        "owner_email": "owner_email",
    },
    ("salesforce", "contacts"): {
        "Id": "external_id",
        "Email": "email",
        "Name": "name",
        "Title": "title",
        "AccountId": "account_external_id",
    },
    ("salesforce", "health"): {
        "health_score": "Steward_Health__c",
        "health_grade": "Steward_Grade__c",
        "churn_risk": "Steward_Churn_Risk__c",
        "nps": "Steward_NPS__c",
    },
}
# The cursor each object can be read by (None: every run reads everything; unchanged rows are not written).
CURSORS: dict[tuple[str, str], str] = {
    ("stripe", "customers"): "created",
    ("stripe", "subscriptions"): "created",
    ("hubspot", "companies"): "hs_lastmodifieddate",
    ("hubspot", "contacts"): "lastmodifieddate",
    ("salesforce", "accounts"): "SystemModstamp",
    ("salesforce", "contacts"): "SystemModstamp",
}
# Stripe's created never changes: its cursor reads new objects only, so by default Stripe reads everything.
DEFAULT_CURSOR = {k: v for k, v in CURSORS.items() if k[0] in ("hubspot", "salesforce")}
# Other cursors an object can be read by (Salesforce's LastModifiedDate misses system-made changes).
MORE_CURSORS: dict[tuple[str, str], tuple[str, ...]] = {
    ("salesforce", "accounts"): ("LastModifiedDate",),
    ("salesforce", "contacts"): ("LastModifiedDate",),
}
PUSH_FIELDS = ("health_score", "health_grade", "churn_risk", "nps")
PUSH_PROPERTY = {
    "hubspot": r"^[a-z][a-z0-9_]{0,99}$",  # HubSpot internal property names
    "salesforce": r"^[A-Za-z][A-Za-z0-9_]{0,79}$",  # Account field API names (Steward_Health__c)
}

MAX_TRIES = 5
MAX_WAIT_S = 60.0  # a Retry-After longer than this fails the run (the schedule tries again later)


def mapping_for(kind: str, api_object: str, given: dict[str, str] | None) -> dict[str, str]:
    """The default mapping with the given one laid over it: a field the given mapping fills is dropped from
    the defaults, so a custom column can replace a default one."""
    given = dict(given or {})
    if api_object == "health":
        return {**DEFAULT_MAPPINGS[(kind, api_object)], **given}
    taken = set(given.values())
    base = {c: f for c, f in DEFAULT_MAPPINGS[(kind, api_object)].items() if f not in taken}
    return {**base, **given}


def mask(token: str) -> str:
    return "***" + token[-4:] if len(token) > 8 else "***"


def patiently(
    call: Callable[[], T],
    *,
    retry_after: Callable[[BaseException], float | None],
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """The call, asked again after each rate-limit answer once its Retry-After has passed (retry_after gives
    the wait for a 429 and None for anything else, which is raised as it is)."""
    for attempt in range(MAX_TRIES):
        try:
            return call()
        except Exception as exc:
            wait = retry_after(exc)
            if wait is None:
                raise
            if attempt == MAX_TRIES - 1 or wait > MAX_WAIT_S:
                raise SourceError(
                    f"still rate limited or unavailable (Retry-After) after {attempt + 1} tries; asked"
                    f" to wait {wait:g} s"
                ) from None
            sleep(max(wait, 0.0))
    raise AssertionError("unreachable")


def seconds(value: str | None, default: float = 1.0) -> float:
    """A Retry-After header in seconds (HTTP dates are not sent by these APIs)."""
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default
