"""scim2-tester, the SCIM compliance checker, run against a real Steward server (uvicorn on a thread): every
check it runs passes. Nothing is excluded: Steward does not offer bulk, sorting, /Me or password changes,
says so in /ServiceProviderConfig, and the checker does not test what a server says it lacks."""

from __future__ import annotations

from collections import Counter

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from steward.web.app import create_app
from tests.domains.scim.helpers import scim_key
from tests.factories import Tenant
from tests.factories.servers import serving

PASSING = {Status.SUCCESS, Status.COMPLIANT, Status.ACCEPTABLE}


def test_scim2_tester_passes(tenant: Tenant) -> None:
    key = scim_key(tenant.id)
    with serving(create_app()) as url:
        http = httpx2.Client(
            base_url=f"{url}/scim/v2", headers={"Authorization": f"Bearer {key}"}, timeout=10
        )
        with http:
            results = check_server(SyncSCIMClient(http))
    failed = [f"{r.resource_type or ''} {r.title}: {r.status.name} {r.reason}" for r in results
              if r.status not in PASSING and r.status is not Status.SKIPPED]  # fmt: skip
    tally = Counter(r.status.name for r in results)
    print(f"scim2-tester: {len(results)} checks, {dict(tally)}")
    assert not failed, "\n".join(failed)
    assert tally["SUCCESS"] >= 30
