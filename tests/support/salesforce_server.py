"""A local stand-in for Salesforce's REST API over https (a self-signed certificate for 127.0.0.1; point
REQUESTS_CA_BUNDLE at `ca_file`), answering with the documented shapes: SOQL query results {totalSize, done,
records:[{attributes:{type,url}, ...}], nextRecordsUrl} paged through query locators, sObject Collections
updates [{id, success, errors}], and error bodies [{message, errorCode}] (401 INVALID_SESSION_ID,
400 MALFORMED_QUERY / INVALID_FIELD, 403 REQUEST_LIMIT_EXCEEDED as faults)."""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import re
import ssl
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tests.support.vendor_servers import Vendor, _serving

SALESFORCE_TOKEN = "00D5g000004ABCD!AQ4AQFakeSessionIdForTheLocalStandIn0123456789"
VERSION = "v59.0"
QUERY = re.compile(
    r"^SELECT (?P<fields>[\w.]+(?:, [\w.]+)*) FROM (?P<object>\w+)"
    r"(?: WHERE (?P<where>\w+) > (?P<after>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ))?"
    r"(?: ORDER BY (?P<order>\w+(?:, \w+)*))?(?: LIMIT (?P<limit>\d+))?$"
)


@dataclass
class SalesforceVendor(Vendor):
    page_size: int = 2000  # Salesforce's default batch of query results
    locators: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ca_file: str = ""


@functools.cache
def _certificate() -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (made once per test process)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    local = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(local, False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="steward-sf-"))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_file), str(key_file)


def error(code: str, message: str) -> list[dict[str, str]]:
    return [{"message": message, "errorCode": code}]


def _time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _shape(vendor: SalesforceVendor, sobject: str, rec: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "attributes": {"type": sobject, "url": f"/services/data/{VERSION}/sobjects/{sobject}/{rec['Id']}"}
    }
    for f in fields:
        if "." in f:  # a relationship: Owner.Email -> {"Owner": {"attributes": ..., "Email": ...}}
            rel, sub = f.split(".", 1)
            target = rec.get(f"{rel}Id")
            user = next((u for u in vendor.objects.get("User", []) if u["Id"] == target), None)
            if user is None:
                out[rel] = None
            else:
                attrs = {"type": "User", "url": f"/services/data/{VERSION}/sobjects/User/{target}"}
                out[rel] = {**(out.get(rel) or {"attributes": attrs}), sub: user.get(sub)}
        else:
            out[f] = rec.get(f)
    return out


def _page(vendor: SalesforceVendor, locator: str, at: int) -> dict[str, Any]:
    records = vendor.locators[locator]
    out: dict[str, Any] = {
        "totalSize": len(records),
        "done": at + vendor.page_size >= len(records),
        "records": records[at : at + vendor.page_size],
    }
    if not out["done"]:
        out["nextRecordsUrl"] = f"/services/data/{VERSION}/query/{locator}-{at + vendor.page_size}"
    return out


def _query(vendor: SalesforceVendor, soql: str) -> Any:
    m = QUERY.match(soql.strip())
    if m is None:
        return 400, error("MALFORMED_QUERY", f"unexpected token in: {soql[:80]}")
    sobject, fields = m["object"], m["fields"].split(", ")
    items = list(vendor.objects.get(sobject, []))
    known = {k for rec in items for k in rec} | {"Id"}
    for f in fields:
        base = f.split(".")[0] + "Id" if "." in f else f
        if base not in known:
            message = (
                f"\n{m['fields'][:40]}\n       ^\nERROR at Row:1:Column:8\nNo such column '{f}' on entity"
            )
            return 400, error("INVALID_FIELD", f"{message} '{sobject}'.")
    if m["where"]:
        after = _time(m["after"])
        items = [r for r in items if r.get(m["where"]) and _time(r[m["where"]]) > after]
    for key in reversed((m["order"] or "Id").split(", ")):
        items.sort(key=lambda r, k=key: r.get(k) or "")  # type: ignore[misc]
    if m["limit"]:
        items = items[: int(m["limit"])]
    locator = f"01gD0000002HU6K{len(vendor.locators):03d}"
    vendor.locators[locator] = [_shape(vendor, sobject, r, fields) for r in items]
    return 200, _page(vendor, locator, 0)


def _update(vendor: SalesforceVendor, body: Any) -> Any:
    records = body.get("records") or []
    if len(records) > 200:
        return 400, error("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records")
    out = []
    for rec in records:
        vendor.updates.append(rec)
        sobject = rec["attributes"]["type"]
        target = next((r for r in vendor.objects.get(sobject, []) if r["Id"] == rec.get("id")), None)
        if target is None:
            fail = {"statusCode": "ENTITY_IS_DELETED", "message": "entity is deleted", "fields": []}
            out.append({"success": False, "errors": [fail]})
            continue
        target.update({k: v for k, v in rec.items() if k not in ("attributes", "id")})
        out.append({"id": rec["id"], "success": True, "errors": []})
    return 200, out


def _salesforce(vendor: Any, method: str, path: str, query: dict[str, list[str]], body: Any) -> Any:
    if method == "unauthorized":
        return 401, error("INVALID_SESSION_ID", "Session expired or invalid")
    base = f"/services/data/{VERSION}/"
    if not path.startswith(base):
        return 404, error("NOT_FOUND", "The requested resource does not exist")
    rest = path.removeprefix(base)
    if method == "GET" and rest in ("query", "query/"):
        return _query(vendor, query.get("q", [""])[0])
    if method == "GET" and rest.startswith("query/"):
        locator, _, at = unquote(rest.removeprefix("query/")).rpartition("-")
        if locator not in vendor.locators:
            return 400, error("INVALID_QUERY_LOCATOR", "invalid query locator")
        return 200, _page(vendor, locator, int(at))
    if method == "PATCH" and rest == "composite/sobjects":
        return _update(vendor, body)
    return 404, error("NOT_FOUND", "The requested resource does not exist")


@contextmanager
def salesforce_server(page_size: int = 2000, **objects: list[dict[str, Any]]) -> Iterator[SalesforceVendor]:
    cert, key = _certificate()
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    vendor = SalesforceVendor(SALESFORCE_TOKEN, dict(objects), page_size=page_size, ca_file=cert)
    with _serving(vendor, _salesforce, tls) as served:
        yield served  # type: ignore[misc]


def sf_id(prefix: str, n: int) -> str:
    return f"{prefix}{n:015d}"  # 18 characters, as Salesforce's case-insensitive ids


def sf_time(minute: int) -> str:
    """Salesforce's datetime format, `minute` minutes after 2026-11-01 10:00 UTC."""
    when = dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC) + dt.timedelta(minutes=minute)
    return when.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
