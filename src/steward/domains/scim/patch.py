"""PATCH (RFC 7644 3.5.2) applied to a resource's JSON form: add, replace and remove, with or without a
path, value filters on multi-valued attributes included. The result is validated like a PUT body."""

from __future__ import annotations

import copy
from typing import Any

from steward.domains.scim.errors import ScimError, invalid_value
from steward.domains.scim.filters import Path, get_ci, matches, parse_path, strip_urn

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MAX_OPERATIONS = 200
READ_ONLY = {"id", "meta", "groups", "schemas"}
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"


def _key(resource: dict[str, Any], attr: str) -> str:
    """The resource's own spelling of an attribute (case-insensitive), or the lower-case name."""
    return next((k for k in resource if k.lower() == attr), attr)


def _set(resource: dict[str, Any], path: Path, value: Any, op: str, multi: set[str]) -> None:
    key = _key(resource, path.attr)
    if path.where is not None:
        items = resource.get(key)
        hits = (
            [i for i in items if isinstance(i, dict) and matches(path.where, i)]
            if isinstance(items, list)
            else []
        )
        if not hits and op == "add" and path.where.op == "eq" and path.where.path is not None:
            # Entra ID adds `emails[type eq "work"].value` to a user without one: make that item
            item = {path.where.path.attr: path.where.value}
            resource[key] = [*items, item] if isinstance(items, list) else [item]
            hits = [item]
        if not hits:
            raise ScimError(400, f"no value of {path.attr} matches the filter", "noTarget")
        for item in hits:
            if path.sub is not None:
                item[_key(item, path.sub)] = value
            elif isinstance(value, dict):
                item.update(value)
            else:
                raise invalid_value("a filtered path takes an object")
        return
    if path.sub is not None:
        current = resource.get(key)
        if isinstance(current, list):  # `emails.type`: every item
            for item in current:
                if isinstance(item, dict):
                    item[_key(item, path.sub)] = value
            return
        if not isinstance(current, dict):
            current = resource[key] = {}
        current[_key(current, path.sub)] = value
        return
    if path.attr in multi:
        new = value if isinstance(value, list) else [value]
        if op == "add":
            existing = resource.get(key)
            old: list[Any] = existing if isinstance(existing, list) else []
            new = old + [v for v in new if v not in old]
        resource[key] = new
    elif op == "add" and isinstance(value, dict) and isinstance(resource.get(key), dict):
        resource[key].update(value)
    else:
        resource[key] = value


def _remove(resource: dict[str, Any], path: Path, value: Any) -> None:
    key = _key(resource, path.attr)
    current = resource.get(key)
    if path.where is not None:
        if not isinstance(current, list):
            return
        kept = []
        for item in current:
            if isinstance(item, dict) and matches(path.where, item):
                if path.sub is not None:
                    item.pop(_key(item, path.sub), None)
                    kept.append(item)
            else:
                kept.append(item)
        resource[key] = kept
        return
    if path.sub is not None:
        if isinstance(current, dict):
            current.pop(_key(current, path.sub), None)
        elif isinstance(current, list):
            for item in current:
                if isinstance(item, dict):
                    item.pop(_key(item, path.sub), None)
        return
    if value is not None and isinstance(current, list):  # Azure: remove these members
        gone = value if isinstance(value, list) else [value]
        ids = {str(get_ci(g, "value")) for g in gone if isinstance(g, dict)}
        resource[key] = [i for i in current if not (isinstance(i, dict) and str(get_ci(i, "value")) in ids)]
        return
    resource.pop(key, None)


def apply_patch(resource: dict[str, Any], body: Any, multi: set[str]) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ScimError(400, "the body must be a PatchOp object", "invalidSyntax")
    schemas = get_ci(body, "schemas")
    if not isinstance(schemas, list) or PATCH_OP not in schemas:
        raise ScimError(400, f"schemas must list {PATCH_OP}", "invalidSyntax")
    ops = get_ci(body, "operations")
    if not isinstance(ops, list) or not ops:
        raise ScimError(400, "Operations must be a non-empty list", "invalidSyntax")
    if len(ops) > MAX_OPERATIONS:
        raise ScimError(400, f"at most {MAX_OPERATIONS} operations", "tooMany")
    out = copy.deepcopy(resource)
    for op_body in ops:
        if not isinstance(op_body, dict):
            raise ScimError(400, "each operation must be an object", "invalidSyntax")
        op = get_ci(op_body, "op")
        if not isinstance(op, str) or op.lower() not in ("add", "replace", "remove"):
            raise ScimError(400, "op must be add, replace or remove", "invalidSyntax")
        op = op.lower()
        raw_path = get_ci(op_body, "path")
        value = get_ci(op_body, "value")
        if raw_path is not None and not isinstance(raw_path, str):
            raise ScimError(400, "path must be a string", "invalidPath")
        if raw_path is None or not raw_path.strip():
            if op == "remove":
                raise ScimError(400, "remove needs a path", "noTarget")
            if not isinstance(value, dict):
                raise invalid_value("without a path the value must be an object of attributes")
            for name, v in value.items():
                attr = strip_urn(name).lower()
                if attr in READ_ONLY or attr.startswith(ENTERPRISE):
                    continue
                path = parse_path(strip_urn(name))
                _set(out, path, v, op, multi)
            continue
        if raw_path.strip().lower().startswith(ENTERPRISE):
            continue  # the enterprise extension is accepted and not stored
        path = parse_path(raw_path)
        if path.attr in READ_ONLY:
            raise ScimError(400, f"{path.attr} is read-only", "mutability")
        if op == "remove":
            _remove(out, path, value)
        else:
            if value is None:
                raise invalid_value(f"{op} needs a value")
            _set(out, path, value, op, multi)
    return out
