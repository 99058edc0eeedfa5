"""What an API key may touch: `read` and `write` over every area, or `<area>:read` / `<area>:write` for one
area, an area being the first segment of an API path (`/api/v1/accounts/...` is `accounts`). The Segment-
compatible intake (`/v1/batch` and friends) is the `events` area: an `events:write` key is an intake key.
SCIM provisioning (`/scim/v2/...`) is the `scim` area."""

from __future__ import annotations

import re

AREAS = frozenset({
    "accounts", "advocacy", "alerts", "api-keys", "audit", "canned-responses", "chat", "churn", "contacts",
    "csat", "ctas", "emails", "events", "feedback", "health", "help", "icp", "imports", "journeys",
    "plans", "playbooks", "recurring-issues", "renewals", "revenue", "reviews", "rules", "scim", "sessions",
    "sla", "subscriptions", "survey-responses", "surveys", "sync", "teams", "tickets", "timeline",
    "usage", "users", "views", "webhooks", "workspace",
})  # fmt: skip
DEFAULT_SCOPES = ("read", "write")
_SCOPE = re.compile(r"^(?:(?P<area>[a-z][a-z-]*):)?(?P<access>read|write)$")


def check_scope(value: str) -> str:
    """A scope as written, or ValueError naming what is wrong."""
    match = _SCOPE.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a scope: use read, write, or AREA:read / AREA:write")
    if match["area"] is not None and match["area"] not in AREAS:
        raise ValueError(f"{match['area']!r} is not an area; one of: {', '.join(sorted(AREAS))}")
    return value


def needed_scope(method: str, path: str) -> tuple[str | None, str]:
    """(area, read|write) that a request needs: reads are GET and HEAD, everything else writes."""
    access = "read" if method.upper() in ("GET", "HEAD", "OPTIONS") else "write"
    parts = path.split("/")
    if path.startswith("/api/v1/") and len(parts) > 3:
        return parts[3], access
    if path.startswith("/v1/"):
        return "events", access
    if path.startswith("/scim/"):
        return "scim", access
    return None, access


def allows(scopes: list[str], area: str | None, access: str) -> bool:
    return access in scopes or (area is not None and f"{area}:{access}" in scopes)
