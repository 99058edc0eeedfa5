"""Reading HubSpot companies and contacts through the official SDK (hubspot-api-client) as rows for the
sync's mapping: the search API sorted by last modification after the cursor (restarted from the last value
before its 10,000-result limit), or every object by `after` paging; owners matched to users by e-mail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

import urllib3

# The SDK ships no type information.
from hubspot import HubSpot  # type: ignore[import-untyped]
from hubspot.crm.companies import ApiException as CompaniesError  # type: ignore[import-untyped]
from hubspot.crm.contacts import ApiException as ContactsError  # type: ignore[import-untyped]
from hubspot.crm.owners import ApiException as OwnersError  # type: ignore[import-untyped]

from steward.domains.sync import vendors
from steward.domains.sync.inputs import ReadResult, ReadSpec, SourceError

T = TypeVar("T")
PAGE = 100  # the largest page of the v3 CRM APIs
SEARCH_LIMIT = 10_000  # the search API answers no page beyond this many results
API_ERRORS = (CompaniesError, ContactsError, OwnersError)
BASE: dict[str, tuple[str, ...]] = {
    "companies": (
        "name", "domain", "industry", "hs_parent_company_id", "hubspot_owner_id", "hs_lastmodifieddate",
    ),
    "contacts": ("email", "firstname", "lastname", "jobtitle", "associatedcompanyid", "lastmodifieddate"),
}  # fmt: skip
DERIVED = {
    "companies": ("owner_email", "hubspot_owner_email"),
    "contacts": ("full_name",),
}


def client(spec: ReadSpec) -> HubSpot:
    host = spec.api_base.rstrip("/") if spec.api_base else None
    return HubSpot(access_token=spec.token, host=host) if host else HubSpot(access_token=spec.token)


def _retry_after(exc: BaseException) -> float | None:
    if isinstance(exc, API_ERRORS) and exc.status == 429:
        headers = exc.headers or {}
        return vendors.seconds(next((v for k, v in headers.items() if k.lower() == "retry-after"), None))
    return None


def describe(exc: Exception) -> str:
    status = getattr(exc, "status", None)
    body = getattr(exc, "body", None)
    detail = body.decode(errors="replace") if isinstance(body, bytes) else str(body or exc)
    if status == 401:
        return f"HubSpot refused the access token (401): {detail}"[:1000]
    return f"HubSpot answered {status or 'an error'}: {detail}"[:1000]


def call(fn: Callable[[], T]) -> T:
    """One SDK call, rate limits waited out; HubSpot's and the network's failures become SourceError."""
    try:
        return vendors.patiently(fn, retry_after=_retry_after)
    except API_ERRORS as exc:
        raise SourceError(describe(exc)) from None
    except (OSError, urllib3.exceptions.HTTPError, ValueError) as exc:  # refused, timed out, a bad address
        raise SourceError(f"HubSpot cannot be reached: {exc}"[:1000]) from None
    except (TypeError, AttributeError, KeyError) as exc:  # the SDK could not read the answer's shape
        raise SourceError(f"HubSpot's answer could not be read: {exc}"[:1000]) from None


def _next(response: Any) -> str | None:
    paging = getattr(response, "paging", None)
    nxt = getattr(paging, "next", None) if paging else None
    return getattr(nxt, "after", None) if nxt else None


def owner_emails(hub: HubSpot) -> dict[str, str]:
    """Owner id -> e-mail, every page."""
    out: dict[str, str] = {}
    after: str | None = None
    while True:
        page = call(partial(hub.crm.owners.owners_api.get_page, limit=PAGE, after=after))
        out.update({str(o.id): o.email for o in page.results or [] if o.email})
        after = _next(page)
        if not after:
            return out


def millis(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def _objects(hub: HubSpot, spec: ReadSpec, props: list[str], after: Any, limit: int | None) -> Iterator[Any]:
    api = hub.crm.companies if spec.api_object == "companies" else hub.crm.contacts
    size = min(PAGE, limit or PAGE)
    seen = 0
    if spec.cursor_column is None:  # everything, by id
        page_after: str | None = None
        while True:
            page = call(partial(api.basic_api.get_page, limit=size, after=page_after, properties=props))
            for obj in page.results or []:
                yield obj
                seen += 1
                if limit and seen >= limit:
                    return
            page_after = _next(page)
            if not page_after:
                return
    cursor = spec.cursor_column
    floor: datetime | None = after  # the filter of one paging session: fixed until a restart
    inclusive = False
    last: datetime | None = after
    at_last: set[str] = set()  # ids read whose time equals `last` (skipped when a restart reads them again)
    while True:
        page_after = None
        while True:
            filters = []
            if floor is not None:
                op = "GTE" if inclusive else "GT"
                filters = [
                    {"filters": [{"propertyName": cursor, "operator": op, "value": str(millis(floor))}]}
                ]
            body = {
                "filterGroups": filters, "sorts": [{"propertyName": cursor, "direction": "ASCENDING"}],
                "properties": props, "limit": size, "after": page_after,
            }  # fmt: skip
            page = call(partial(api.search_api.do_search, public_object_search_request=body))
            for obj in page.results or []:
                when = parse_time((obj.properties or {}).get(cursor))
                if when is not None and when == last and str(obj.id) in at_last:
                    continue
                if when != last:
                    at_last, last = set(), when
                at_last.add(str(obj.id))
                yield obj
                seen += 1
                if limit and seen >= limit:
                    return
            page_after = _next(page)
            if not page_after:
                return
            if int(page_after) + size > SEARCH_LIMIT:
                break  # past 10,000 results the search API refuses the page: ask again from the last time
        floor, inclusive = last, True


@contextmanager
def read(spec: ReadSpec, after: Any, limit: int | None) -> Iterator[ReadResult]:
    """Rows in cursor order (or by id without a cursor); the mapped columns beyond the usual ones are read
    as properties (custom properties included)."""
    kind = spec.api_object or "companies"
    fixed = ("id", *BASE[kind], *DERIVED[kind])
    extra = tuple(c for c in spec.columns if c not in fixed)
    columns = [*fixed, *extra]
    props = [*BASE[kind], *extra]
    hub = client(spec)
    owners = owner_emails(hub) if kind == "companies" else {}
    total = limit or 0

    def rows() -> Iterator[tuple[Any, ...]]:
        for obj in _objects(hub, spec, props, after, limit):
            p = dict(obj.properties or {})
            values: dict[str, Any] = {**p, "id": str(obj.id)}
            if kind == "companies":
                email = owners.get(str(p.get("hubspot_owner_id") or ""))
                values["hubspot_owner_email"] = email
                values["owner_email"] = email if email and email.lower() in spec.known_emails else None
            else:
                name = " ".join(x for x in (p.get("firstname"), p.get("lastname")) if x)
                values["full_name"] = name or None
            if spec.cursor_column:
                values[spec.cursor_column] = parse_time(p.get(spec.cursor_column))
                if values[spec.cursor_column] is None:  # HubSpot sets it on every object; skip if not
                    continue
            yield tuple(values.get(c) for c in columns)

    yield ReadResult(columns, rows(), total, 0)
