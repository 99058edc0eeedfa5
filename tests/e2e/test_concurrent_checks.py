"""Check-then-write sequences (docs/concurrency.md) fired at a real server three at once, on SQLite and
PostgreSQL: the requests that lose the race answer as if they had come second (never a 500), the stored rows
are right, and a GET that reads the database answers within a second meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.reading import service as reading_service
from steward.domains.surveys.models import SurveyInvite
from steward.domains.tickets import queries as ticket_queries
from steward.domains.tickets.models import Team
from steward.web.errors import _integrity_conflict
from tests.domains.advocacy.test_api import _contact
from tests.domains.renewals.test_api import _term
from tests.domains.tickets.test_recurring_meaning import _open
from tests.domains.tickets.ticket_problems import PROBLEMS
from tests.e2e.test_concurrent_posts import _at_once
from tests.factories import ApiClient, Tenant


def _poster(
    server_url: str, tenant: Tenant, path: str, body: dict[str, object]
) -> Callable[[], httpx.Response]:
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    # The key's first use writes its last_used_at, which would order the three requests on that row's lock
    assert httpx.get(f"{server_url}/api/v1/accounts", headers=headers, timeout=30).status_code == 200
    return lambda: httpx.post(f"{server_url}/api/v1{path}", json=body, headers=headers, timeout=30)


def test_one_team_when_created_three_times_at_once(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    """All three pass the service's 'named so already?' check; the unique key refuses two inserts, answered
    409 naming the field (it was a 500)."""
    post = _poster(server_url, tenant, "/teams", {"name": "Tier 2"})
    answers, waited = _at_once(3, post, server_url, api)
    assert sorted(answers) == [201, 409, 409] and waited < 1.0
    assert [t["name"] for t in api.get("/teams").json()] == ["Tier 2"]
    late = post()  # the service's own check, for comparison: the same answer
    assert late.status_code == 409 and late.json()["detail"][0]["loc"] == ["body", "name"]


def test_one_account_when_created_three_times_at_once(
    server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    """Accounts and contacts are written with an upsert on their external id, so the unique key never
    refused the losers: they overwrote the winner's row and answered 201. The check now runs under a lock
    per external id."""
    names = iter(["Race One", "Race Two", "Race Three"])
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}"}

    def create() -> httpx.Response:
        with lock:
            body = {"external_id": "race", "name": next(names)}
        return httpx.post(f"{server_url}/api/v1/accounts", json=body, headers=headers, timeout=30)

    created: list[str] = []
    answers, waited = _at_once(3, lambda: _keep(create(), created), server_url, api)
    assert sorted(answers) == [201, 409, 409] and waited < 1.0
    (acme,) = api.get("/accounts").json()["items"]
    assert [acme["name"]] == created  # the winner's row, not overwritten
    contact = {"external_id": "dana", "account_id": acme["id"], "name": "Dana", "email": "dana@race.test"}
    answers, waited = _at_once(3, _poster(server_url, tenant, "/contacts", contact), server_url, api)
    assert sorted(answers) == [201, 409, 409] and waited < 1.0
    assert api.get("/contacts").json()["total"] == 1


def _keep(response: httpx.Response, created: list[str]) -> httpx.Response:
    if response.status_code == 201:
        created.append(response.json()["name"])
    return response


def test_unique_and_foreign_key_violations_read_as_conflicts(tenant: Tenant) -> None:
    """The 409 names the column on both databases' messages; other violations stay errors (500)."""
    cases = [
        (Team(workspace_id=tenant.id, name="Dup"), (("body", "name"), "another request stored this name")),
        (Team(workspace_id=2**31 - 1, name="Orphan"), (("body",), "a row this refers to was changed")),
        (Team(workspace_id=tenant.id, name=None), None),
    ]
    with unit_of_work() as s:
        s.add(Team(workspace_id=tenant.id, name="Dup"))
    for row, expected in cases:
        with pytest.raises(IntegrityError) as caught, unit_of_work() as s:
            s.add(row)
        got = _integrity_conflict(caught.value)
        if expected is None:
            assert got is None
        else:
            assert got is not None and got[0] == expected[0] and got[1].startswith(expected[1])


def test_three_admins_removed_at_once_leave_one(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    """Each request saw two other admins; one after the other, the last is refused (409), none is a 500."""
    for n in (1, 2):
        made = api.post("/users", json={"email": f"boss{n}@race.test", "name": f"Boss {n}", "role": "admin"})
        assert made.status_code == 201, made.text
    admins = iter([u["id"] for u in api.get("/users").json() if u["role"] == "admin"])
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}"}
    lock = threading.Lock()

    def deactivate() -> httpx.Response:
        with lock:
            user_id = next(admins)
        url = f"{server_url}/api/v1/users/{user_id}"
        return httpx.patch(url, json={"is_active": False}, headers=headers, timeout=30)

    answers, waited = _at_once(3, deactivate, server_url, api)
    assert sorted(answers) == [200, 200, 409] and waited < 1.0
    left = [u for u in api.get("/users").json() if u["role"] == "admin" and u["is_active"]]
    assert len(left) == 1


def test_one_open_request_when_asked_three_times_at_once(
    server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    """'One open request per contact and kind' has no constraint behind it: the check runs under a lock."""
    dana = _contact(api)
    post = _poster(server_url, tenant, "/advocacy/requests", {"contact_id": dana["id"], "kind": "referral"})
    answers, waited = _at_once(3, post, server_url, api)
    assert sorted(answers) == [201, 409, 409] and waited < 1.0
    assert len(api.get("/advocacy/requests").json()) == 1


def test_three_cadence_runs_at_once_schedule_each_account_once(
    server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    for n in range(4):
        api.post("/accounts", json={"external_id": f"e{n}", "name": f"E{n}", "segment": "Enterprise"})
    assert api.put("/reviews/cadence", json={"every_days": {"Enterprise": 90}}).status_code == 200
    scheduled: list[int] = []
    run = _poster(server_url, tenant, "/reviews/schedule-due", {})

    def schedule() -> httpx.Response:
        response = run()
        if response.status_code == 200:
            scheduled.append(response.json()["scheduled"])
        return response

    answers, waited = _at_once(3, schedule, server_url, api)
    assert answers == [200, 200, 200] and sum(scheduled) == 4 and waited < 1.0
    assert len(api.get("/reviews", params={"status": "scheduled"}).json()) == 4


def test_one_survey_sent_three_times_at_once_invites_each_contact_once(
    server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    """The 30-day throttle is checked under a lock: the first send invites everyone, the others nobody, and
    each send counts its wave."""
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme", "segment": "SMB"}).json()
    for n in range(3):
        contact = {"external_id": f"c{n}", "account_id": acme["id"], "name": f"C{n}", "email": f"c{n}@a.test"}
        assert api.post("/contacts", json=contact).status_code == 201
    survey = api.post("/surveys", json={"name": "NPS", "kind": "nps", "audience": {"segments": ["SMB"]}})
    answers, waited = _at_once(
        3, _poster(server_url, tenant, f"/surveys/{survey.json()['id']}/send", {}), server_url, api
    )
    assert answers == [200, 200, 200] and waited < 1.0
    with unit_of_work() as s:
        invites = s.scalars(select(SurveyInvite.contact_id)).all()
    assert sorted(invites) == sorted(c["id"] for c in api.get("/contacts").json()["items"])
    assert api.get(f"/surveys/{survey.json()['id']}").json()["waves"] == 3


def test_one_renewal_closed_three_times_at_once_is_closed_once(
    server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    """The close claims the row with a conditional UPDATE: one outcome, the others told it was closed."""
    acme = api.post("/accounts", json={"external_id": "a1", "name": "Acme"}).json()
    _term(api, acme["id"], "S1", 30)
    assert api.post("/renewals/open-due").json()["opened"] == 1
    (opportunity,) = api.get("/renewals").json()["items"]
    amounts = iter([150_000, 160_000, 170_000])
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {tenant.keys['admin']}"}

    def close() -> httpx.Response:
        with lock:
            body = {"outcome": "upsell", "outcome_arr_minor": next(amounts)}
        url = f"{server_url}/api/v1/renewals/{opportunity['id']}/close"
        return httpx.post(url, json=body, headers=headers, timeout=30)

    answers, waited = _at_once(3, close, server_url, api)
    assert sorted(answers) == [200, 409, 409] and waited < 1.0
    closed = api.get(f"/renewals/{opportunity['id']}").json()
    nxt = api.get(f"/subscriptions/{closed['next_subscription_id']}").json()
    assert nxt["amount_minor"] == closed["outcome_arr_minor"]  # the winner's term, not a mix
    assert api.get("/subscriptions").json()["total"] == 2


def test_three_detections_at_once_store_one_recurring_issue(
    server_url: str, api: ApiClient, tenant: Tenant
) -> None:
    """Matching groups to stored issues runs under a lock: one issue, found new once."""
    accounts = [
        api.post("/accounts", json={"external_id": f"m{k}", "name": f"Customer {k}"}).json()["id"]
        for k in range(3)
    ]
    _open(api, tenant, PROBLEMS["csv_timeout"], accounts)
    with unit_of_work() as s:  # embedded beforehand, so the three runs race on the issues, not the model
        texts = ticket_queries.ticket_texts(s, tenant.id, since=now_utc() - timedelta(days=30))
        reading_service.vectors(session=s, workspace_id=tenant.id, texts=[t.meaning for t in texts])
    found: list[int] = []
    run = _poster(server_url, tenant, "/recurring-issues/detect", {})

    def detect() -> httpx.Response:
        response = run()
        if response.status_code == 200:
            found.append(response.json()["new"])
        return response

    answers, waited = _at_once(3, detect, server_url, api)
    assert answers == [200, 200, 200] and sum(found) == 1
    assert waited < 1.0, waited
    assert len(api.get("/recurring-issues").json()) == 1


def test_three_tickets_at_once_go_round_the_team(server_url: str, api: ApiClient, tenant: Tenant) -> None:
    """The round-robin cursor is read and moved under a lock: three tickets, three different agents."""
    users = {u["email"]: u["id"] for u in api.get("/users").json()}
    pool = [users[tenant.user_emails[role]] for role in ("agent", "csm", "manager")]
    team = api.post("/teams", json={"name": "Tier 1", "member_ids": pool}).json()
    rules = [{"name": "Everyone", "team_id": team["id"], "method": "round_robin"}]
    assert api.put("/tickets/routing/rules", json={"rules": rules}).status_code == 200
    assignees: list[int] = []
    post = _poster(server_url, tenant, "/tickets", {"subject": "Help"})

    def open_ticket() -> httpx.Response:
        response = post()
        if response.status_code == 201:
            assignees.append(response.json()["assignee_id"])
        return response

    answers, waited = _at_once(3, open_ticket, server_url, api)
    assert answers == [201, 201, 201] and waited < 1.0
    assert sorted(assignees) == sorted(pool)
