"""One change (set the forecast, assign an owner) applied to many open renewals from the renewals list, each
in its own savepoint so one renewal that may not change (closed, another workspace's) is reported while the
others go through; the cockpit's bulk CTA changes (domains/ctas/worklist.py) work the same way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy.orm import Session

from steward.core.errors import DomainError, Invalid
from steward.domains.accounts import service as accounts_service
from steward.domains.renewals import queries, service
from steward.domains.renewals.schemas import Forecast, RenewalUpdate
from steward.domains.users import service as users_service

Action = Literal["forecast", "assign"]
DONE = {"forecast": "forecast set", "assign": "assigned"}
SORTS: dict[str, str] = {
    "due": "Due date (soonest first)",
    "arr": "Current ARR (largest first)",
    "expected": "Expected ARR (largest first)",
    "risk": "Forecast (at risk first)",
}


@dataclass(frozen=True)
class Outcome:
    id: int
    account_name: str  # empty for a renewal this workspace does not have
    changed: bool
    message: str


def bulk_change(
    *,
    session: Session,
    workspace_id: int,
    ids: Sequence[int],
    action: str,
    forecast: str = "",
    owner_id: int | None = None,
) -> list[Outcome]:
    """Check the change once (loc names the form field), then apply it to each renewal in a savepoint and
    report its outcome; another workspace's renewal is "not found", as one that does not exist."""
    change = _change(session, workspace_id, action, forecast, owner_id)
    rows = {r.id: r for r in queries.by_ids(session, workspace_id, ids)}
    accounts = [r.account_id for r in rows.values()]
    names = accounts_service.names(session=session, workspace_id=workspace_id, ids=accounts)
    outcomes = []
    for renewal_id in dict.fromkeys(ids):
        if renewal_id not in rows:
            outcomes.append(Outcome(renewal_id, "", False, f"no renewal #{renewal_id} in this workspace"))
            continue
        name = names.get(rows[renewal_id].account_id, "")
        try:
            with session.begin_nested():
                message = change(renewal_id)
        except DomainError as exc:
            outcomes.append(Outcome(renewal_id, name, False, exc.msg))
            continue
        outcomes.append(Outcome(renewal_id, name, True, message))
    return outcomes


def _change(
    session: Session, ws: int, action: str, forecast: str, owner_id: int | None
) -> Callable[[int], str]:
    if action == "forecast":
        if forecast not in get_args(Forecast):
            raise Invalid("choose the forecast: commit, best_case or at_risk", ("body", "forecast"))
        data = RenewalUpdate(forecast=forecast)  # checked just above

        def set_forecast(renewal_id: int) -> str:
            service.update_renewal(session=session, workspace_id=ws, renewal_id=renewal_id, data=data)
            return f"forecast {forecast.replace('_', ' ')}"

        return set_forecast
    if action == "assign":
        if owner_id is None:
            raise Invalid("choose who to assign the renewals to", ("body", "owner_id"))
        users_service.require_users(
            session=session, workspace_id=ws, ids=[owner_id], loc=("body", "owner_id")
        )
        name = users_service.names_by_id(session=session, workspace_id=ws, ids=[owner_id]).get(owner_id, "")
        data_owner = RenewalUpdate(owner_id=owner_id)

        def assign(renewal_id: int) -> str:
            service.update_renewal(session=session, workspace_id=ws, renewal_id=renewal_id, data=data_owner)
            return f"assigned to {name}"

        return assign
    raise Invalid("action is forecast or assign", ("body", "action"))
