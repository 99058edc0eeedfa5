"""SLA alerts: the assignee is warned once shortly before a deadline (a quarter of the target, at most an
hour), an unassigned ticket's team instead; the breach job records the breach and tells them too."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.mail.models import Email
from steward.domains.tickets import alerts, jobs
from steward.domains.tickets.models import SlaWarning
from steward.domains.users import service as users_service
from tests.domains.tickets.test_tickets import TARGETS, _account, _iso
from tests.factories import ApiClient, Tenant


def _mails(subject_start: str) -> list[tuple[str, str]]:
    with unit_of_work() as s:
        rows = s.scalars(select(Email).where(Email.subject.startswith(subject_start)).order_by(Email.id))
        return [(e.to_address, e.subject) for e in rows]


def test_warned_once_before_the_deadline_then_told_of_the_breach(api: ApiClient, tenant: Tenant) -> None:
    acme = _account(api)
    api.post("/sla/policies", json={"name": "All", "filter": {}, "targets": TARGETS})
    with unit_of_work() as s:
        people = {u.email: u.id for u in users_service.list_users(session=s, workspace_id=tenant.id)}
    agent_email, csm_email = tenant.user_emails["agent"], tenant.user_emails["csm"]
    team = api.post("/teams", json={"name": "Tier 1", "member_ids": [people[csm_email]]}).json()
    now = now_utc()
    base = {"account_id": acme["id"], "created_at": _iso(now - timedelta(minutes=50))}
    mine = api.post("/tickets", json={**base, "subject": "Mine", "assignee_id": people[agent_email]}).json()
    theirs = api.post("/tickets", json={**base, "subject": "Theirs", "team_id": team["id"]}).json()
    calm = api.post("/tickets", json={**base, "subject": "Calm", "created_at": _iso(now)}).json()
    assert theirs["assignee_id"] is None and calm["id"]

    with unit_of_work() as s:
        # First response (60 min) is due in 10 min, inside its 15-minute lead; resolution is hours away.
        assert alerts.warn_breaching_soon(s, now) == 2
        assert alerts.warn_breaching_soon(s, now + timedelta(minutes=1)) == 0  # once per deadline
        warnings = s.scalars(select(SlaWarning).order_by(SlaWarning.ticket_id)).all()
        assert [(w.ticket_id, w.metric, w.recipients) for w in warnings] == [
            (mine["id"], "first_response", 1),
            (theirs["id"], "first_response", 1),
        ]
    assert _mails("SLA due soon") == [
        (agent_email, f"SLA due soon: #{mine['id']} Mine"),
        (csm_email, f"SLA due soon: #{theirs['id']} Theirs"),
    ]

    assert jobs.record_breaches(now + timedelta(minutes=11)) == 2
    assert api.get(f"/tickets/{mine['id']}").json()["breached"]
    assert [to for to, _ in _mails("SLA breached")] == [agent_email, csm_email]
    assert jobs.record_breaches(now + timedelta(minutes=12)) == 0  # stored: not replayed again
