"""SCIM filters (RFC 7644 3.4.2.2) parsed into a tree and evaluated on a resource's JSON form, and the
attribute paths PATCH uses (`emails[type eq "work"].value`). Attribute names are case-insensitive."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from steward.domains.scim.errors import ScimError, invalid_filter

MAX_FILTER = 2000
MAX_DEPTH = 20
CORE_URNS = (
    "urn:ietf:params:scim:schemas:core:2.0:user:",
    "urn:ietf:params:scim:schemas:core:2.0:group:",
)
COMPARE = {"eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"}
CASE_EXACT = {"id", "externalid"}
_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<punct>[()\[\]])|(?P<word>[A-Za-z0-9_$:.\-+]+))', re.DOTALL
)


@dataclass(frozen=True)
class Path:
    attr: str  # lower-cased
    sub: str | None = None  # lower-cased
    where: Node | None = None  # a value filter on a multi-valued attribute


@dataclass(frozen=True)
class Node:
    op: str  # and, or, not, pr, a comparison, or "has" (a value path)
    path: Path | None = None
    value: Any = None
    children: tuple[Node, ...] = ()


def strip_urn(name: str) -> str:
    low = name.lower()
    for urn in CORE_URNS:
        if low.startswith(urn):
            return name[len(urn) :]
    return name


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise invalid_filter(f"unexpected character at position {pos}")
        out.append(m.group(m.lastgroup or "word"))
        pos = m.end()
    return out


def _split_attr(word: str) -> tuple[str, str | None]:
    name = strip_urn(word)
    if not re.fullmatch(r"\$?[A-Za-z][A-Za-z0-9_$\-]*(\.[A-Za-z][A-Za-z0-9_\-]*)?", name):
        raise invalid_filter(f"{word[:60]!r} is not an attribute path")
    attr, _, sub = name.partition(".")
    return attr.lower(), (sub.lower() or None)


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.t = tokens
        self.i = 0

    def peek(self) -> str | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise invalid_filter("the filter ends too early")
        self.i += 1
        return tok

    def expect(self, tok: str) -> None:
        if self.take() != tok:
            raise invalid_filter(f"expected {tok!r}")

    def parse_or(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise invalid_filter("the filter is nested too deeply")
        nodes = [self.parse_and(depth)]
        while (self.peek() or "").lower() == "or":
            self.take()
            nodes.append(self.parse_and(depth))
        return nodes[0] if len(nodes) == 1 else Node("or", children=tuple(nodes))

    def parse_and(self, depth: int) -> Node:
        nodes = [self.parse_unary(depth)]
        while (self.peek() or "").lower() == "and":
            self.take()
            nodes.append(self.parse_unary(depth))
        return nodes[0] if len(nodes) == 1 else Node("and", children=tuple(nodes))

    def parse_unary(self, depth: int) -> Node:
        tok = self.take()
        if tok.lower() == "not" and self.peek() == "(":
            self.take()
            inner = self.parse_or(depth + 1)
            self.expect(")")
            return Node("not", children=(inner,))
        if tok == "(":
            inner = self.parse_or(depth + 1)
            self.expect(")")
            return inner
        if tok in "()[]" or tok.startswith('"'):
            raise invalid_filter(f"expected an attribute, found {tok[:40]!r}")
        if self.peek() == "[":
            attr, sub = _split_attr(tok)
            if sub is not None:
                raise invalid_filter("a value filter follows an attribute, not a sub-attribute")
            self.take()
            inner = self.parse_or(depth + 1)
            self.expect("]")
            return Node("has", path=Path(attr, None, inner))
        attr, sub = _split_attr(tok)
        op = self.take().lower()
        if op == "pr":
            return Node("pr", path=Path(attr, sub))
        if op not in COMPARE:
            raise invalid_filter(f"{op[:20]!r} is not a filter operator")
        return Node(op, path=Path(attr, sub), value=_literal(self.take()))


def _literal(tok: str) -> Any:
    if tok.startswith('"'):
        try:
            return json.loads(tok)
        except ValueError:
            raise invalid_filter("a string in the filter is not valid") from None
    low = tok.lower()
    if low in ("true", "false"):
        return low == "true"
    if low == "null":
        return None
    if re.fullmatch(r"-?\d{1,18}(\.\d{1,18})?", tok):
        return float(tok) if "." in tok else int(tok)
    raise invalid_filter(f"{tok[:40]!r} is not a value (quote strings)")


def parse_filter(text: str) -> Node:
    if len(text) > MAX_FILTER:
        raise invalid_filter(f"the filter is longer than {MAX_FILTER} characters")
    if not text.strip():
        raise invalid_filter("the filter is empty")
    parser = _Parser(_tokens(text))
    node = parser.parse_or(0)
    if parser.peek() is not None:
        raise invalid_filter(f"unexpected {parser.peek()!r:.40} in the filter")
    return node


def parse_path(text: str) -> Path:
    """A PATCH path: attr, attr.sub, attr[filter] or attr[filter].sub."""
    if len(text) > MAX_FILTER:
        raise ScimError(400, "the path is too long", "invalidPath")
    m = re.fullmatch(r"([^\[\]]+)(?:\[(.*)\](?:\.([A-Za-z][A-Za-z0-9_\-]*))?)?", text.strip(), re.DOTALL)
    if m is None:
        raise ScimError(400, f"{text[:60]!r} is not an attribute path", "invalidPath")
    try:
        attr, sub = _split_attr(m.group(1))
        where = parse_filter(m.group(2)) if m.group(2) is not None else None
    except ScimError as e:
        raise ScimError(400, e.detail, "invalidPath") from None
    if where is not None:
        if sub is not None:
            raise ScimError(400, "a value filter follows an attribute, not a sub-attribute", "invalidPath")
        sub = m.group(3).lower() if m.group(3) else None
    return Path(attr, sub, where)


def get_ci(obj: dict[str, Any], key: str) -> Any:
    for k, v in obj.items():
        if k.lower() == key:
            return v
    return None


def _values(resource: dict[str, Any], path: Path) -> list[Any]:
    top = get_ci(resource, path.attr)
    items = top if isinstance(top, list) else [top]
    if path.sub is None:
        return [v for v in items if v is not None]
    out = []
    for item in items:
        if isinstance(item, dict):
            v = get_ci(item, path.sub)
            if v is not None:
                out.append(v)
    # `emails eq "x"` means the primary value of each item
    return out


def _compare(op: str, have: Any, want: Any, exact: bool) -> bool:
    if isinstance(have, dict):
        have = get_ci(have, "value")
    if isinstance(have, bool) or isinstance(want, bool) or want is None or have is None:
        return bool({"eq": have == want, "ne": have != want}.get(op, False))
    if isinstance(have, str) and isinstance(want, str):
        if not exact:
            have, want = have.lower(), want.lower()
    elif not (isinstance(have, int | float) and isinstance(want, int | float)):
        return op == "ne"
    if op == "eq":
        return bool(have == want)
    if op == "ne":
        return bool(have != want)
    if op in ("co", "sw", "ew"):
        if not isinstance(have, str):
            return False
        return {"co": want in have, "sw": have.startswith(want), "ew": have.endswith(want)}[op]
    return bool({"gt": have > want, "lt": have < want, "ge": have >= want, "le": have <= want}[op])


def matches(node: Node, resource: dict[str, Any]) -> bool:
    if node.op == "and":
        return all(matches(c, resource) for c in node.children)
    if node.op == "or":
        return any(matches(c, resource) for c in node.children)
    if node.op == "not":
        return not matches(node.children[0], resource)
    assert node.path is not None
    if node.op == "has":
        top = get_ci(resource, node.path.attr)
        items = top if isinstance(top, list) else [top] if top is not None else []
        where = node.path.where
        assert where is not None
        return any(isinstance(i, dict) and matches(where, i) for i in items)
    values = _values(resource, node.path)
    if node.op == "pr":
        return any(v not in ("", [], {}) for v in values)
    exact = (node.path.sub or node.path.attr) in CASE_EXACT and node.path.sub is None
    if node.op == "ne":
        return not any(_compare("eq", v, node.value, exact) for v in values)
    return any(_compare(node.op, v, node.value, exact) for v in values)
