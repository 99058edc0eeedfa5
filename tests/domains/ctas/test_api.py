"""Calls to action over the API: create, list, work (status, snooze, tasks in dependency order, comments),
playbooks (cycles refused), the workspace's CTA types, roles and workspace isolation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.domains.ctas import service as ctas_service
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

ONBOARD: dict[str, Any] = {
    "name": "Rescue",
    "cta_type": "risk",
    "tasks": [
        {"key": "call", "title": "Call the sponsor", "offset_days": 1},
        {"key": "plan", "title": "Agree a recovery plan", "offset_days": 7, "depends_on": ["call"]},
        {"key": "review", "title": "Review in a month", "offset_days": 30, "owner": "account_owner",
         "depends_on": ["plan"]},
    ],
}  # fmt: skip


@pytest.fixture
def account(api: ApiClient) -> dict[str, Any]:
    return dict(api.post("/accounts", json={"external_id": "a1", "name": "Acme"}).json())


def test_create_work_and_close_a_cta(api: ApiClient, account: dict[str, Any], tenant: Tenant) -> None:
    due = (today_utc() - timedelta(days=1)).isoformat()
    body = {"account_id": account["id"], "type": "risk", "reason": "Sponsor left", "due_date": due}
    r = api.post("/ctas", json=body)
    assert r.status_code == 201, r.text
    cta = r.json()
    assert cta["status"] == "open" and cta["title"] == "Sponsor left" and cta["overdue"] is True
    assert cta["account_name"] == "Acme" and cta["source"] == "manual"
    assert_error(api.post("/ctas", json=body), 409, "reason")  # one open CTA per account, type and reason

    listed = api.get("/ctas", params={"overdue": "true"}).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == cta["id"]
    assert api.get("/ctas", params={"status": "closed"}).json()["total"] == 0

    comment = api.post(f"/ctas/{cta['id']}/comments", json={"body": "Left a voicemail"})
    assert comment.status_code == 201
    done = api.patch(f"/ctas/{cta['id']}", json={"status": "done"}).json()
    assert done["status"] == "done" and done["closed_at"] and done["overdue"] is False
    assert [c["body"] for c in done["comments"]] == ["Left a voicemail"]
    assert api.post("/ctas", json=body).status_code == 201  # the reason is free again
    assert_error(api.patch(f"/ctas/{cta['id']}", json={"status": "open"}), 409, "status")

    viewer = api.as_key(tenant.keys["viewer"])
    assert_error(viewer.post("/ctas", json={**body, "reason": "Other"}), 403)
    assert viewer.get(f"/ctas/{cta['id']}").status_code == 200


def test_bad_ctas_say_which_field(api: ApiClient, account: dict[str, Any], tenant: Tenant) -> None:
    base = {"account_id": account["id"], "type": "risk", "reason": "x"}
    body = assert_error(api.post("/ctas", json={**base, "type": "nope"}), 422, "type")
    assert "risk" in body["detail"][0]["msg"]
    assert_error(api.post("/ctas", json={**base, "account_id": 999999}), 422, "account_id")
    assert_error(api.post("/ctas", json={**base, "owner_id": 999999}), 422, "owner_id")
    assert_error(api.post("/ctas", json={**base, "priority": "whenever"}), 422, "priority")
    assert_error(api.post("/ctas", json={**base, "reason": "a\x00b"}), 422)
    cta = api.post("/ctas", json=base).json()
    past = today_utc().isoformat()
    assert_error(api.post(f"/ctas/{cta['id']}/snooze", json={"until": past, "reason": "later"}), 422, "until")
    assert_error(api.get("/ctas", params={"status": "weird"}), 422, "status")
    stranger = make_tenant("Stranger")
    assert_error(api.as_key(stranger.keys["admin"]).get(f"/ctas/{cta['id']}"), 404)


def test_snoozed_ctas_wake_up(api: ApiClient, account: dict[str, Any]) -> None:
    cta = api.post("/ctas", json={"account_id": account["id"], "type": "risk", "reason": "Quiet"}).json()
    until = (today_utc() + timedelta(days=3)).isoformat()
    snoozed = api.post(f"/ctas/{cta['id']}/snooze", json={"until": until, "reason": "on holiday"}).json()
    assert snoozed["status"] == "snoozed" and snoozed["snooze_reason"] == "on holiday"
    with unit_of_work() as s:
        assert ctas_service.wake_snoozed(session=s, today=today_utc() + timedelta(days=2)) == 0
        assert ctas_service.wake_snoozed(session=s, today=today_utc() + timedelta(days=3)) == 1
    assert api.get(f"/ctas/{cta['id']}").json()["status"] == "open"


def test_playbooks_add_tasks_done_in_order(api: ApiClient, account: dict[str, Any]) -> None:
    book = api.post("/playbooks", json=ONBOARD)
    assert book.status_code == 201, book.text
    body = {
        "account_id": account["id"],
        "type": "risk",
        "reason": "Usage fell",
        "playbook_id": book.json()["id"],
    }
    cta = api.post("/ctas", json=body).json()
    tasks = {t["key"]: t for t in cta["tasks"]}
    assert list(tasks) == ["call", "plan", "review"] and cta["tasks_open"] == 3
    assert tasks["plan"]["due_date"] == (today_utc() + timedelta(days=7)).isoformat()
    early = api.patch(f"/ctas/{cta['id']}/tasks/{tasks['plan']['id']}", json={"done": True})
    assert "Call the sponsor" in assert_error(early, 422, "done")["detail"][0]["msg"]
    assert api.patch(f"/ctas/{cta['id']}/tasks/{tasks['call']['id']}", json={"done": True}).json()["done"]
    assert api.patch(f"/ctas/{cta['id']}/tasks/{tasks['plan']['id']}", json={"done": True}).json()["done"]
    again = api.post(f"/ctas/{cta['id']}/playbook", json={"playbook_id": book.json()["id"]}).json()
    assert len(again["tasks"]) == 3 and again["tasks_open"] == 1  # applying twice adds nothing
    extra = api.post(f"/ctas/{cta['id']}/tasks", json={"title": "Send the summary"})
    assert extra.status_code == 201 and api.get(f"/ctas/{cta['id']}").json()["tasks_total"] == 4


def test_bad_playbooks_are_refused(api: ApiClient) -> None:
    cyclic = {**ONBOARD, "tasks": [{**t, "depends_on": ["review"]} if t["key"] == "call" else t
                                   for t in ONBOARD["tasks"]]}  # fmt: skip
    body = assert_error(api.post("/playbooks", json=cyclic), 422, "depends_on")
    assert (
        "cycle" in body["detail"][0]["msg"] and "call -> review -> plan -> call" in body["detail"][0]["msg"]
    )
    unknown = {**ONBOARD, "tasks": [{"key": "a", "title": "A", "depends_on": ["zzz"]}]}
    body = assert_error(api.post("/playbooks", json=unknown), 422)
    assert body["detail"][0]["loc"] == ["body", "tasks", 0, "depends_on", 0]
    twice = {**ONBOARD, "tasks": [{"key": "a", "title": "A"}, {"key": "a", "title": "B"}]}
    assert_error(api.post("/playbooks", json=twice), 422)
    assert_error(api.post("/playbooks", json={**ONBOARD, "cta_type": "nope"}), 422, "cta_type")
    assert api.post("/playbooks", json=ONBOARD).status_code == 201
    assert_error(api.post("/playbooks", json=ONBOARD), 409, "name")


def test_cta_types_are_configurable(api: ApiClient, account: dict[str, Any]) -> None:
    assert list(api.get("/ctas/types").json()) == [
        "risk",
        "opportunity",
        "lifecycle",
        "activity",
        "objective",
    ]
    api.post("/ctas", json={"account_id": account["id"], "type": "risk", "reason": "x"})
    types = {"types": [{"key": "risk", "label": "Risk"}, {"key": "renewal", "label": "Renewal"}]}
    assert api.put("/ctas/types", json=types).json() == {"risk": "Risk", "renewal": "Renewal"}
    body = assert_error(api.put("/ctas/types", json={"types": [{"key": "renewal", "label": "R"}]}), 422)
    assert "risk" in body["detail"][0]["msg"]
    assert (
        api.post("/ctas", json={"account_id": account["id"], "type": "renewal", "reason": "y"}).status_code
        == 201
    )


def test_list_filters_are_checked(api: ApiClient) -> None:
    assert_error(api.get("/ctas", params={"owner_id": 2**63}), 422, "owner_id")
    assert_error(api.get("/health/portfolio", params={"owner_id": [1, 0]}), 422, "owner_id")
    assert api.get("/ctas", params={"owner_id": [1, 2]}).status_code == 200
