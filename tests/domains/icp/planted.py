"""A workspace with a planted ideal customer profile, built through the real services: fintech customers
stay and expand, retail customers leave; region, segment and acquisition channel are noise."""

from __future__ import annotations

import random
from datetime import date, timedelta

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.subscriptions.schemas import SubscriptionCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import CustomFieldCreate

# industry -> (chance of renewing at each yearly renewal, ARR growth at a renewal)
PLANTED = {"Fintech": (0.96, 1.3), "Retail": (0.45, 0.95), "Software": (0.8, 1.05), "Media": (0.8, 1.05),
           "Health": (0.8, 1.05)}  # fmt: skip


def plant(workspace_id: int, accounts: int = 240, seed: int = 3, today: date | None = None) -> dict[str, int]:
    """Create the accounts and their yearly terms; returns external_id -> account id."""
    rng, today = random.Random(seed), today or today_utc()
    items, subs = [], []
    for i in range(accounts):
        industry = list(PLANTED)[i % len(PLANTED)]
        stay, growth = PLANTED[industry]
        ext = f"P{i:04d}"
        items.append(AccountCreate(
            external_id=ext, name=f"Planted {i}", industry=industry,
            segment=rng.choice(["SMB", "Mid-Market"]), region=rng.choice(["EMEA", "NA", "APAC"]),
            custom={"channel": rng.choice(["Partner", "Inbound"]), "referred": rng.random() < 0.3},
        ))  # fmt: skip
        # One in eight is younger than a year: no renewal outcome yet.
        start = today - timedelta(days=rng.randint(60, 300) if i % 8 == 7 else rng.randint(400, 1100))
        amount, k = 100_000, 0
        while True:
            end = start + timedelta(days=365)
            k += 1
            leaves = rng.random() > stay
            status = "active" if end > today else ("canceled" if leaves else "expired")
            subs.append(SubscriptionCreate(
                external_id=f"{ext}-S{k}", account_external_id=ext, plan="Growth", amount_minor=amount,
                currency="USD", billing_period="year", seats=rng.choice([10, 50, 200]), start_date=start,
                end_date=end, status=status,
            ))  # fmt: skip
            if end > today or leaves:
                break
            start, amount = end, int(amount * growth)
    with unit_of_work() as s:
        for key, label, kind in (
            ("channel", "Acquisition channel", "text"),
            ("referred", "Referred", "bool"),
        ):
            workspaces_service.create_custom_field(
                session=s, workspace_id=workspace_id,
                data=CustomFieldCreate(entity="account", key=key, label=label, type=kind),
            )  # fmt: skip
        result = accounts_service.bulk_upsert(session=s, workspace_id=workspace_id, items=items)
        subscriptions_service.bulk_upsert(session=s, workspace_id=workspace_id, items=subs)
    return {r.external_id: r.id for r in result.items}
