"""Reading Salesforce Accounts and Contacts through simple-salesforce as rows for the sync's mapping: one SOQL
query ordered by SystemModstamp after the cursor (or everything by Id), paged by nextRecordsUrl; owners
matched to users by e-mail; and the sObject Collections update the health push writes through."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from simple_salesforce.api import Salesforce
from simple_salesforce.exceptions import SalesforceError

from steward.domains.sync import vendors
from steward.domains.sync.inputs import ReadResult, ReadSpec, SourceError

T = TypeVar("T")
API_VERSION = "59.0"
TIMEOUT_S = 60
BATCH = 200  # the sObject Collections update takes at most 200 records
SOBJECT = {"accounts": "Account", "contacts": "Contact"}
BASE: dict[str, tuple[str, ...]] = {
    "accounts": ("Name", "Website", "Industry", "ParentId", "OwnerId", "Owner.Email", "SystemModstamp"),
    "contacts": ("Email", "FirstName", "LastName", "Name", "Title", "AccountId", "SystemModstamp"),
}
DERIVED = {"accounts": ("domain", "owner_email", "salesforce_owner_email"), "contacts": ()}
# A field's API name (custom ones end in __c), or one relationship away (Owner.Email, Parent.Name).
FIELD = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}(\.[A-Za-z][A-Za-z0-9_]{0,79})?$")
RETRY_STATUSES = (429, 503)  # Salesforce itself answers 403 REQUEST_LIMIT_EXCEEDED; proxies send these


def derived(api_object: str) -> tuple[str, ...]:
    return ("Id", *DERIVED.get(api_object, ()))


def client(spec: ReadSpec) -> Salesforce:
    """The SDK reaches https://<instance host[:port]>/services/data/vNN.N/ only; spec.api_base is the
    instance URL (the OAuth answer's instance_url) and spec.token the access token or session id."""
    session = requests.Session()
    session.request = _with_timeout(session.request)  # type: ignore[method-assign]

    def keep_retry_after(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        session.retry_after = response.headers.get("Retry-After")  # type: ignore[attr-defined]

    session.hooks["response"].append(keep_retry_after)
    return Salesforce(instance_url=spec.api_base, session_id=spec.token, version=API_VERSION, session=session)


def _with_timeout(request: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", TIMEOUT_S)
        return request(*args, **kwargs)

    return timed


def _errors(exc: SalesforceError) -> tuple[str, str]:
    """(errorCode, message) of Salesforce's error body [{message, errorCode}], or of whatever was sent."""
    content = exc.content
    if isinstance(content, list) and content and isinstance(content[0], dict):
        first = content[0]
        return str(first.get("errorCode") or ""), str(first.get("message") or "")
    return "", str(content)[:500]


def describe(exc: SalesforceError) -> str:
    code, message = _errors(exc)
    said = f"{exc.status} {code}".strip()
    if exc.status == 401:
        return f"Salesforce refused the access token ({said}): {message}"[:1000]
    if code == "REQUEST_LIMIT_EXCEEDED":
        return (
            f"Salesforce's API request limit is used up ({said}): {message}; the source backs off and "
            "is tried again at its next run"
        )[:1000]
    return f"Salesforce answered {said}: {message}"[:1000]


def call(sf: Salesforce, fn: Callable[[], T]) -> T:
    """One SDK call, 429/503 Retry-After waited out; Salesforce's and the network's failures become
    SourceError."""

    def retry_after(exc: BaseException) -> float | None:
        if isinstance(exc, SalesforceError) and exc.status in RETRY_STATUSES:
            # the SDK's exceptions carry no headers: the session's hook kept the last answer's
            return vendors.seconds(getattr(sf.session, "retry_after", None))
        return None

    try:
        return vendors.patiently(fn, retry_after=retry_after)
    except SalesforceError as exc:
        raise SourceError(describe(exc)) from None
    except requests.exceptions.JSONDecodeError as exc:
        raise SourceError(f"Salesforce's answer could not be read: {exc}"[:1000]) from None
    except (requests.exceptions.RequestException, OSError) as exc:
        raise SourceError(f"Salesforce cannot be reached: {exc}"[:1000]) from None
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        raise SourceError(f"Salesforce's answer could not be read: {exc}"[:1000]) from None


def soql_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def soql(spec: ReadSpec, fields: list[str], after: Any, limit: int | None) -> str:
    sobject = SOBJECT[spec.api_object or "accounts"]
    sql = f"SELECT {', '.join(fields)} FROM {sobject}"
    if spec.cursor_column:
        if after is not None:
            sql += f" WHERE {spec.cursor_column} > {soql_time(after)}"
        sql += f" ORDER BY {spec.cursor_column}, Id"
    else:
        sql += " ORDER BY Id"
    return sql + (f" LIMIT {int(limit)}" if limit else "")


def _flat(record: dict[str, Any], column: str) -> Any:
    value: Any = record
    for part in column.split("."):  # Owner.Email: {"Owner": {"attributes": ..., "Email": ...}}
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _domain(website: Any) -> str | None:
    if not isinstance(website, str) or not website.strip():
        return None
    host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    return host.removeprefix("www.") or None


def records(sf: Salesforce, query: str) -> Iterator[dict[str, Any]]:
    page = call(sf, partial(sf.query, query))
    while True:
        yield from page.get("records") or []
        nxt = page.get("nextRecordsUrl")
        if page.get("done", True) or not nxt:
            return
        page = call(sf, partial(sf.query_more, nxt, identifier_is_url=True))


@contextmanager
def read(spec: ReadSpec, after: Any, limit: int | None) -> Iterator[ReadResult]:
    """Rows in SystemModstamp order (or by Id without a cursor); mapped columns beyond the usual ones are
    selected too (custom fields such as Tier__c)."""
    kind = spec.api_object or "accounts"
    fixed = (*derived(kind), *BASE[kind])
    wanted = (*spec.columns, *([spec.cursor_column] if spec.cursor_column else []))
    extra = tuple(dict.fromkeys(c for c in wanted if c not in fixed))  # LastModifiedDate as cursor
    bad = [c for c in extra if not FIELD.match(c)]
    if bad:
        raise SourceError(f"{bad[0]!r} is not a Salesforce field name")
    columns = [*fixed, *extra]
    sf = client(spec)
    query = soql(spec, ["Id", *BASE[kind], *extra], after, limit)

    def rows() -> Iterator[tuple[Any, ...]]:
        for rec in records(sf, query):
            values = {c: _flat(rec, c) for c in ("Id", *BASE[kind], *extra)}
            if kind == "accounts":
                email = values.get("Owner.Email")
                values["salesforce_owner_email"] = email
                known = isinstance(email, str) and email.lower() in spec.known_emails
                values["owner_email"] = email if known else None
                values["domain"] = _domain(values.get("Website"))
            if spec.cursor_column:
                values[spec.cursor_column] = parse_time(values.get(spec.cursor_column))
                if values[spec.cursor_column] is None:  # Salesforce sets it on every record; skip if not
                    continue
            yield tuple(values.get(c) for c in columns)

    yield ReadResult(columns, rows(), limit or 0, 0)


def update_accounts(spec: ReadSpec, records_: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """Account fields written through PATCH composite/sobjects (allOrNone false), at most BATCH records;
    returns {Account Id: Salesforce's reason} for the records it refused. Results come in request order."""
    sf = client(spec)
    body = {
        "allOrNone": False,
        "records": [{"attributes": {"type": "Account"}, "id": i, **fields} for i, fields in records_],
    }
    answer = call(sf, partial(sf.restful, "composite/sobjects", method="PATCH", json=body))
    if not isinstance(answer, list) or len(answer) != len(records_):
        raise SourceError(f"Salesforce's answer to the update could not be read: {str(answer)[:300]}")
    refused = {}
    for (account, _), result in zip(records_, answer, strict=True):
        if not result.get("success"):
            errors = result.get("errors") or [{}]
            why = "; ".join(f"{e.get('statusCode', '')}: {e.get('message', '')}" for e in errors)
            refused[account] = f"Salesforce: {why}"[:500]
    return refused
