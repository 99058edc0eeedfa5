"""The cockpit's CTA list and bulk changes over HTTP: sorts (due, priority, ARR, health, created) and filters
in the query string; assign, snooze and close of the ticked CTAs through one CSRF-checked form, CSMs and
above, each CTA's outcome reported (a closed CTA cannot be snoozed, another workspace's CTA is not found and
stays as it was), bad input a 422 naming the field."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.core.roles import Role
from steward.domains.accounts import service as accounts_service
from steward.domains.users import service as users_service
from steward.domains.users.schemas import UserCreate
from tests.factories import PASSWORD, ApiClient, Tenant, make_tenant
from tests.web.test_ui import _csrf, login

JSON = {"accept": "application/json"}


def _rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'name="cta_ids" value="(\d+)"', html)]


def _user(tenant: Tenant, email: str, role: Role) -> int:
    with unit_of_work() as s:
        made = users_service.create_user(
            session=s, workspace_id=tenant.id,
            data=UserCreate(email=email, name=f"{role.value} bulk", role=role, password=PASSWORD),
        )  # fmt: skip
        return made.id


def _setup(api: ApiClient, tenant: Tenant) -> dict[str, Any]:
    """Three accounts (ARR 5k, 90k, none) and four open CTAs of different priorities and due dates."""
    ids = [
        api.post("/accounts", json={"external_id": f"b{i}", "name": f"Bulk {i}"}).json()["id"]
        for i in range(3)
    ]
    with unit_of_work() as s:
        accounts_service.set_revenue(
            session=s, workspace_id=tenant.id, values={ids[0]: (500_000, None), ids[1]: (9_000_000, None)}
        )
    today = today_utc()
    made = {}
    for name, account, priority, due in (
        ("late <b>one</b>", ids[0], "low", today - timedelta(days=2)),
        ("urgent", ids[2], "urgent", today + timedelta(days=9)),
        ("big account", ids[1], "medium", today + timedelta(days=3)),
        ("no date", ids[0], "high", None),
    ):
        body = {"account_id": account, "type": "risk", "reason": name, "priority": priority,
                "due_date": due.isoformat() if due else None}  # fmt: skip
        made[name] = api.post("/ctas", json=body).json()["id"]
    return made


def test_sorts_and_filters_in_the_url(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    made = _setup(api, tenant)
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    order = {
        "due": ["late <b>one</b>", "big account", "urgent", "no date"],
        "priority": ["urgent", "no date", "big account", "late <b>one</b>"],
        "arr": ["big account", "late <b>one</b>", "no date", "urgent"],  # no ARR last
        "created": ["no date", "big account", "urgent", "late <b>one</b>"],
        "health": ["late <b>one</b>", "big account", "urgent", "no date"],  # none scored: by due date
    }
    for sort, names in order.items():
        page = browser.get("/cockpit", params={"everyone": "true", "sort": sort})
        assert page.status_code == 200 and _rows(page.text) == [made[n] for n in names], sort
    assert "late &lt;b&gt;one&lt;/b&gt;" in page.text and "<b>one</b>" not in page.text
    high = browser.get("/cockpit", params={"everyone": "true", "priority": "high", "sort": "arr"}).text
    assert _rows(high) == [made["no date"]]
    assert (
        'href="/cockpit?everyone=true&amp;priority=high"' in high
    )  # sort by due (the default) keeps filters
    assert 'href="/cockpit?everyone=true&amp;type=risk&amp;priority=high&amp;sort=arr"' in high
    for bad in ({"sort": "random"}, {"priority": "asap"}, {"status": "done"}, {"page": "0"}):
        r = browser.get("/cockpit", params=bad, headers=JSON)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][0] == "query", bad


def test_bulk_assign_snooze_close(app_client: TestClient, api: ApiClient, tenant: Tenant) -> None:
    made = _setup(api, tenant)
    csm_id = _user(tenant, "csm-bulk@example.com", Role.csm)
    _user(tenant, "agent-bulk@example.com", Role.agent)
    theirs = make_tenant("Elsewhere")
    their_api = ApiClient(app_client, theirs.keys["admin"])
    their_account = their_api.post("/accounts", json={"external_id": "x", "name": "X"}).json()["id"]
    foreign = their_api.post("/ctas", json={"account_id": their_account, "type": "risk", "reason": "theirs"})
    foreign_id = foreign.json()["id"]
    with unit_of_work() as s:
        their_user = users_service.list_users(session=s, workspace_id=theirs.id)[0].id

    csm = login(TestClient(app_client.app), "csm-bulk@example.com")
    token = _csrf(csm.get("/cockpit?everyone=true").text)
    late, urgent, big = made["late <b>one</b>"], made["urgent"], made["big account"]
    api.patch(f"/ctas/{big}", json={"status": "done"})
    until = (today_utc() + timedelta(days=14)).isoformat()
    snooze = {"action": "snooze", "cta_ids": [str(late), str(urgent), str(big), str(foreign_id)],
              "until": until, "reason": "Waiting for the QBR"}  # fmt: skip
    assert csm.post("/cockpit/bulk", data=snooze).status_code == 403  # no CSRF token
    r = csm.post("/cockpit/bulk", data={**snooze, "csrf_token": token}, headers=JSON)
    assert r.status_code == 200, r.text
    results = {x["id"]: x for x in r.json()["results"]}
    assert r.json()["changed"] == 2 and r.json()["refused"] == 2
    assert results[late]["changed"] and results[urgent]["changed"]
    assert not results[big]["changed"] and "closed CTA cannot be snoozed" in results[big]["message"]
    assert not results[foreign_id]["changed"] and "no CTA" in results[foreign_id]["message"]
    assert results[foreign_id]["title"] == ""  # nothing of the other workspace's CTA is shown
    for cta_id in (late, urgent):
        got = api.get(f"/ctas/{cta_id}").json()
        assert got["status"] == "snoozed" and got["snoozed_until"] == until
    assert their_api.get(f"/ctas/{foreign_id}").json()["status"] == "open"

    html = csm.post("/cockpit/bulk", data={**snooze, "cta_ids": [str(late)], "csrf_token": token,
                                           "back": "https://evil.test/"})  # fmt: skip
    assert html.status_code == 200 and "1 of 1 CTAs snoozed" in html.text
    assert "late &lt;b&gt;one&lt;/b&gt;" in html.text and 'href="/cockpit" id="bulk-back"' in html.text

    assign = {"action": "assign", "cta_ids": [str(late), str(urgent)], "owner_id": str(csm_id),
              "csrf_token": token}  # fmt: skip
    r = csm.post("/cockpit/bulk", data=assign, headers=JSON)
    assert r.json()["changed"] == 2 and all(api.get(f"/ctas/{i}").json()["owner_id"] == csm_id
                                             for i in (late, urgent))  # fmt: skip
    mine = csm.get("/cockpit").text  # "My work": now the CSM's
    assert set(_rows(mine)) == {late, urgent}

    close = {"action": "close", "cta_ids": [str(urgent), str(big)], "csrf_token": token}
    r = csm.post("/cockpit/bulk", data=close, headers=JSON)
    results = {x["id"]: x for x in r.json()["results"]}
    assert results[urgent]["changed"] and api.get(f"/ctas/{urgent}").json()["status"] == "done"
    assert not results[big]["changed"] and "already closed" in results[big]["message"]

    bad_input = [
        ({"action": "snooze", "cta_ids": [str(late)], "reason": "x"}, "until"),
        ({"action": "snooze", "cta_ids": [str(late)], "until": "next week", "reason": "x"}, "until"),
        (
            {"action": "snooze", "cta_ids": [str(late)], "until": today_utc().isoformat(), "reason": "x"},
            "until",
        ),
        ({"action": "snooze", "cta_ids": [str(late)], "until": until, "reason": " "}, "reason"),
        ({"action": "assign", "cta_ids": [str(late)], "owner_id": ""}, "owner_id"),
        ({"action": "assign", "cta_ids": [str(late)], "owner_id": str(their_user)}, "owner_id"),
        ({"action": "close", "cta_ids": ["1 OR 1=1"]}, "cta_ids"),
        ({"action": "close"}, "cta_ids"),
        ({"action": "delete", "cta_ids": [str(late)]}, "action"),
    ]
    for form, field in bad_input:
        r = csm.post("/cockpit/bulk", data={**form, "csrf_token": token}, headers=JSON)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", field], (form, r.text)
    assert api.get(f"/ctas/{late}").json()["owner_id"] == csm_id  # nothing changed by a refused form
    too_many = {"action": "close", "cta_ids": [str(late)] * 201, "csrf_token": token}
    assert csm.post("/cockpit/bulk", data=too_many, headers=JSON).status_code == 422

    agent = login(TestClient(app_client.app), "agent-bulk@example.com")
    seen = agent.get("/cockpit?everyone=true").text
    assert 'id="cta-bulk"' not in seen and 'name="cta_ids"' not in seen
    as_agent = {**close, "cta_ids": [str(late)], "csrf_token": _csrf(seen)}
    assert agent.post("/cockpit/bulk", data=as_agent).status_code == 403
    assert api.get(f"/ctas/{late}").json()["status"] == "snoozed"
