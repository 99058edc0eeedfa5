"""The e-mails a send_email action writes: one per matched account and recipient (its CSM, or each of its
contacts with an address), the subject and body filled from the account's row of the rule frame."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from steward.domains.contacts import service as contacts_service
from steward.domains.mail.service import Outgoing
from steward.domains.rules.models import Rule
from steward.domains.rules.schemas import PLACEHOLDERS, SendEmail
from steward.domains.users import service as users_service


def compose(session: Session, rule: Rule, action: SendEmail, matched: pd.DataFrame) -> list[Outgoing]:
    ws = rule.workspace_id
    owner_ids = {int(o) for o in matched["owner_id"].dropna()}
    owners = users_service.emails_by_id(session=session, workspace_id=ws, ids=owner_ids)
    recipients: dict[int, list[tuple[str, int | None]]] = {}
    if action.to == "contacts":
        for holder, contact_id, address in contacts_service.emails_by_account(
            session=session, workspace_id=ws, account_ids=[int(i) for i in matched.index]
        ):
            recipients.setdefault(holder, []).append((address, contact_id))
    out = []
    for index, row in matched.iterrows():
        aid = int(str(index))
        owner = owners.get(int(row["owner_id"])) if not pd.isna(row["owner_id"]) else None
        values = _values(row, rule.name, owner[0] if owner else "")
        to: list[tuple[str, int | None]] = (
            recipients.get(aid, []) if action.to == "contacts" else [(owner[1], None)] if owner else []
        )
        for address, person in to:
            out.append(Outgoing(
                to_address=address, subject=action.subject.format_map(values),
                body=action.body.format_map(values), account_id=aid, contact_id=person,
            ))  # fmt: skip
    return out


def _values(row: pd.Series, rule_name: str, owner_name: str) -> dict[str, Any]:
    values: dict[str, Any] = {"account_name": row["name"], "rule_name": rule_name, "owner_name": owner_name}
    for name in PLACEHOLDERS:
        if name in values:
            continue
        value = row.get(name)
        if isinstance(value, float | np.floating):
            value = "n/a" if np.isnan(value) else f"{value:,.0f}" if name == "arr" else f"{value:g}"
        values[name] = "" if value is None else value
    return values
