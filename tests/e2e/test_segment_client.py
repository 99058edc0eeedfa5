"""Segment's own Python library, unchanged, pointed at a running Steward with `host=`: its identify, group,
track and page calls arrive, are stored and attributed."""

from __future__ import annotations

import pytest
import segment.analytics as segment_analytics

from steward.core.db import unit_of_work
from steward.domains.events import service as events_service
from tests.factories import make_tenant

pytestmark = pytest.mark.e2e


def test_segment_python_client(server_url: str) -> None:
    tenant = make_tenant("Segment source")
    errors: list[Exception] = []
    client = segment_analytics.Client(
        tenant.write_key, host=server_url, sync_mode=True, on_error=lambda e, _: errors.append(e), gzip=True
    )
    client.identify("user-1", {"email": "kim@initech.test", "name": "Kim"})
    client.group("user-1", "initech", {"name": "Initech"})
    for n in range(5):
        client.track("user-1", "Report Built", {"rows": n}, context={"groupId": "initech"})
    client.page("user-1", name="Billing")
    client.track(anonymous_id="visitor-9", event="Signup Started")
    client.flush()
    assert errors == []
    with unit_of_work() as s:
        stats = events_service.stats(session=s, workspace_id=tenant.id)
    assert stats.events == 9 and stats.rejected == 0 and stats.accounts == 1 and stats.contacts == 1
