"""What a sync writes into: the import targets (accounts, contacts, subscriptions) and Stripe invoices, each
with the model a mapped row is validated as and the bulk write that takes a batch of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from steward.core.schemas import BulkResult
from steward.domains.imports import service as imports_service
from steward.domains.sync import invoices


@dataclass(frozen=True)
class TargetSpec:
    model: type[BaseModel]
    upsert: Callable[..., BulkResult]
    custom_entity: str | None


def spec(target: str) -> TargetSpec:
    if target == "invoices":
        return TargetSpec(invoices.InvoiceRow, invoices.upsert, None)
    found = imports_service.SPECS[target]
    return TargetSpec(found.model, found.upsert, found.custom_entity)
