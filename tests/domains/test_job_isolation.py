"""The minute and daily jobs of the service desk and of surveys run each workspace in a transaction of its
own: when one workspace's work raises (any exception, here a bug planted for workspace A only), it is logged
and workspace B still gets its breaches, warnings, invitations and e-mails. Before, one bad ticket or
invitation rolled back the whole run for every workspace, every minute."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.mail.models import Email
from steward.domains.surveys import delivery
from steward.domains.surveys import jobs as surveys_jobs
from steward.domains.surveys import service as surveys_service
from steward.domains.tickets import alerts, csat, slas
from steward.domains.tickets import jobs as tickets_jobs
from steward.domains.tickets.models import SlaWarning
from steward.settings import get_settings
from tests.domains.tickets.test_tickets import TARGETS, _iso
from tests.factories import ApiClient, Tenant, make_tenant

BASE = "https://cs.example.com"


def _two(app_client: TestClient) -> tuple[tuple[Tenant, ApiClient], tuple[Tenant, ApiClient]]:
    a, b = make_tenant("Workspace A"), make_tenant("Workspace B")
    return (a, ApiClient(app_client, a.keys["admin"])), (b, ApiClient(app_client, b.keys["admin"]))


def _customer(api: ApiClient, email: str) -> int:
    account = api.post("/accounts", json={"external_id": "acme", "name": "Acme", "segment": "Enterprise"})
    body = {"external_id": "dana", "account_id": account.json()["id"], "name": "Dana", "email": email}
    assert api.post("/contacts", json=body).status_code == 201
    return int(account.json()["id"])


def _fails_for(workspace_id: int, real: Callable[..., Any], where: Callable[..., int]) -> Callable[..., Any]:
    """`real`, except that it raises when `where(*args, **kwargs)` names `workspace_id`."""

    def planted(*args: Any, **kwargs: Any) -> Any:
        if where(*args, **kwargs) == workspace_id:
            raise RuntimeError("a bug that only this workspace's data reaches")
        return real(*args, **kwargs)

    return planted


def _mailed_to() -> list[str]:
    with unit_of_work() as s:
        return sorted(s.scalars(select(Email.to_address)))


def test_sla_jobs_go_on_past_a_workspace_that_fails(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    (a, api_a), (b, api_b) = _two(app_client)
    now = now_utc()
    tickets = {}
    for tenant, api in ((a, api_a), (b, api_b)):
        api.post("/sla/policies", json={"name": "All", "filter": {}, "targets": TARGETS})
        account_id = _customer(api, f"dana@{tenant.slug}.test")
        body = {"subject": "Help", "account_id": account_id, "created_at": _iso(now - timedelta(minutes=50))}
        tickets[tenant.id] = api.post("/tickets", json=body).json()["id"]  # first response due in 10 minutes

    monkeypatch.setattr(
        alerts, "tell", _fails_for(a.id, alerts.tell, lambda s, ticket, *_: ticket.workspace_id)
    )
    assert tickets_jobs.watch_slas() == (0, 1)  # B warned; A's failure logged
    with unit_of_work() as s:
        assert [w.workspace_id for w in s.scalars(select(SlaWarning))] == [b.id]

    monkeypatch.setattr(
        slas, "apply", _fails_for(a.id, slas.apply, lambda s, ticket, *_: ticket.workspace_id)
    )
    assert tickets_jobs.record_breaches(now + timedelta(minutes=11)) == 1
    assert api_b.get(f"/tickets/{tickets[b.id]}").json()["breached"]
    assert not api_a.get(f"/tickets/{tickets[a.id]}").json()["breached"]


def test_survey_and_csat_jobs_go_on_past_a_workspace_that_fails(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    (a, api_a), (b, api_b) = _two(app_client)
    surveys = {}
    for tenant, api in ((a, api_a), (b, api_b)):
        _customer(api, f"dana@{tenant.slug}.test")
        surveys[tenant.id] = api.post("/surveys", json={"name": "NPS", "kind": "nps", "recurrence_days": 90})
    assert api_a.post(f"/surveys/{surveys[a.id].json()['id']}/send", json={}).json()["invited"] == 1

    # The daily recurring run: A's audience raises, B's contact is still invited.
    audience = _fails_for(a.id, surveys_service._audience, lambda s, survey: survey.workspace_id)
    monkeypatch.setattr(surveys_service, "_audience", audience)
    assert surveys_jobs.invite_due(today=date(2190, 1, 1)) == 1

    # The minute's delivery: A's invitation raises, B's goes out.
    message = _fails_for(a.id, delivery.message, lambda s, survey, *_, **__: survey.workspace_id)
    monkeypatch.setattr(delivery, "message", message)
    secret = get_settings().secret_key
    assert surveys_jobs.deliver(secret=secret, base_url=BASE) == 1
    assert _mailed_to() == [f"dana@{b.slug}.test"]

    # CSAT: both workspaces solve a ticket; A's survey raises, B's is mailed.
    for tenant, api in ((a, api_a), (b, api_b)):
        ticket = api.post(
            "/tickets", json={"subject": "Export", "requester_email": f"eli@{tenant.slug}.test"}
        )
        api.post(f"/tickets/{ticket.json()['id']}/messages", json={"body": "Fixed", "status": "solved"})
    monkeypatch.setattr(
        csat, "_message", _fails_for(a.id, csat._message, lambda s, survey, _: survey.workspace_id)
    )
    assert tickets_jobs.deliver_csat(secret=secret, base_url=BASE) == 1
    assert _mailed_to() == [f"dana@{b.slug}.test", f"eli@{b.slug}.test"]
