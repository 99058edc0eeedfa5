"""One door to every kind of source: SQL and files (inputs), Stripe, HubSpot and Salesforce (their SDKs),
each read as columns and rows in cursor order for the same mapping, batches and run records."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from steward.domains.sync import hubspot_source, inputs, salesforce_source, stripe_source
from steward.domains.sync.inputs import ReadResult, ReadSpec


@contextmanager
def read(spec: ReadSpec, *, after: Any = None, limit: int | None = None) -> Iterator[ReadResult]:
    if spec.kind == "stripe":
        with stripe_source.read(spec, after, limit) as result:
            yield result
    elif spec.kind == "hubspot":
        with hubspot_source.read(spec, after, limit) as result:
            yield result
    elif spec.kind == "salesforce":
        with salesforce_source.read(spec, after, limit) as result:
            yield result
    else:
        with inputs.read(spec, after=after, limit=limit) as result:
            yield result
