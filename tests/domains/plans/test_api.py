"""Success plans over the API: templates by segment, items ticked off, status from dates, and the signed
customer link (forged, revoked, replaced, expired and archived links refused alike); bad input named."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from steward.core.clock import today_utc
from steward.core.db import unit_of_work
from steward.domains.plans.models import SuccessPlan
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

TEMPLATE: dict[str, Any] = {
    "name": "Enterprise onboarding", "segment": "Enterprise",
    "objectives": [
        {"title": "Go live", "due_offset_days": 30, "items": [
            {"kind": "task", "title": "Connect SSO", "offset_days": 7},
            {"kind": "milestone", "title": "First team live", "offset_days": 30}]},
        {"title": "Adoption", "start_offset_days": 30, "due_offset_days": 90, "items": [
            {"kind": "milestone", "title": "<b>50</b> weekly users", "offset_days": 90}]},
    ],
}  # fmt: skip


def test_plan_from_segment_template_worked_and_shared(api: ApiClient, app_client: TestClient) -> None:
    acme = api.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "Enterprise"}).json()
    assert api.post("/plans/templates", json=TEMPLATE).status_code == 201
    start = today_utc() - timedelta(days=10)
    r = api.post(
        "/plans", json={"account_id": acme["id"], "title": "Acme 2027", "start_date": start.isoformat()}
    )
    assert r.status_code == 201, r.text
    plan = r.json()
    assert [o["title"] for o in plan["objectives"]] == ["Go live", "Adoption"]
    go_live, adoption = plan["objectives"]
    assert go_live["status"] == "behind"  # SSO was due 3 days ago
    assert adoption["status"] == "not_started" and plan["status"] == "behind"
    assert (
        plan["start_date"] == start.isoformat()
        and plan["due_date"] == (start + timedelta(days=90)).isoformat()
    )
    sso = go_live["items"][0]
    assert sso["overdue"] is True
    done = api.patch(f"/plans/{plan['id']}/items/{sso['id']}", json={"done": True}).json()
    assert done["objectives"][0]["status"] == "on_track" and done["progress"] == round(1 / 3, 4)
    assert api.get("/plans", params={"account_id": acme["id"]}).json()[0]["status"] == "on_track"

    link = api.post(f"/plans/{plan['id']}/share", json={"expires_in_days": 30}).json()
    public = app_client.get(link["path"])  # no credentials
    assert public.status_code == 200 and "Acme 2027" in public.text and "Connect SSO" in public.text
    assert "&lt;b&gt;50&lt;/b&gt; weekly users" in public.text and public.headers["x-robots-tag"] == "noindex"
    assert "/act" not in public.text  # nothing to press
    token = link["path"].rsplit("/", 1)[1]
    pid, nonce, expires, sig = token.split(".")
    for forged in (f"{int(pid) + 1}.{nonce}.{expires}.{sig}", f"{pid}.{nonce}.{int(expires) + 9}.{sig}",
                   f"{pid}.{nonce}.{expires}.{sig[:-2]}AA", "x", "1.2.3.4.5"):  # fmt: skip
        assert app_client.get(f"/shared/plans/{forged}").status_code == 404
    newer = api.post(f"/plans/{plan['id']}/share", json={}).json()
    assert app_client.get(link["path"]).status_code == 404  # replaced
    assert app_client.get(newer["path"]).status_code == 200
    assert api.delete(f"/plans/{plan['id']}/share").json()["shared"] is False
    gone = app_client.get(newer["path"])
    assert gone.status_code == 404 and "not valid" in gone.text

    third = api.post(f"/plans/{plan['id']}/share", json={}).json()
    with unit_of_work() as s:  # time passes
        row = s.get(SuccessPlan, plan["id"])
        assert row is not None and row.share_expires_at is not None
        row.share_expires_at -= timedelta(days=91)
    assert app_client.get(third["path"]).status_code == 404


def test_plans_by_hand_and_bad_input(api: ApiClient, tenant: Tenant) -> None:
    smb = api.post("/accounts", json={"external_id": "s", "name": "Small", "segment": "SMB"}).json()
    api.post("/plans/templates", json=TEMPLATE)
    today = today_utc()
    plan = api.post("/plans", json={"account_id": smb["id"], "title": "Basics"}).json()
    assert plan["objectives"] == [] and plan["status"] == "not_started"  # no SMB template
    obj = {
        "title": "Launch", "start_date": today.isoformat(),
        "due_date": (today + timedelta(days=10)).isoformat(),
        "items": [{"title": "Kick-off", "due_date": today.isoformat()}],
    }  # fmt: skip
    plan = api.post(f"/plans/{plan['id']}/objectives", json=obj).json()
    oid = plan["objectives"][0]["id"]
    plan = api.post(
        f"/plans/{plan['id']}/objectives/{oid}/items", json={"kind": "milestone", "title": "Live"}
    ).json()
    assert [i["kind"] for i in plan["objectives"][0]["items"]] == ["task", "milestone"]

    assert_error(api.post("/plans", json={"account_id": 999999, "title": "x"}), 422, "account_id")
    assert_error(
        api.post("/plans", json={"account_id": smb["id"], "title": "x", "template_id": 999}),
        422,
        "template_id",
    )
    assert_error(
        api.post("/plans", json={"account_id": smb["id"], "title": "x", "owner_id": 999999}), 422, "owner_id"
    )
    assert_error(api.post(f"/plans/{plan['id']}/objectives", json={**obj, "due_date": "2000-01-01"}), 422)
    assert_error(
        api.patch(f"/plans/{plan['id']}/objectives/{oid}", json={"due_date": "2000-01-01"}), 422, "due_date"
    )
    assert_error(api.patch(f"/plans/{plan['id']}/items/999999", json={"done": True}), 404)
    item = plan["objectives"][0]["items"][0]["id"]
    assert_error(api.patch(f"/plans/{plan['id']}/items/{item}", json={"done": None}), 422, "done")
    assert_error(api.post("/plans/templates", json=TEMPLATE), 409, "name")
    assert_error(api.post("/plans/templates", json={**TEMPLATE, "name": "Other"}), 409, "segment")
    bad = {**TEMPLATE, "name": "Bad", "segment": None,
           "objectives": [{"title": "x", "start_offset_days": 9, "due_offset_days": 1}]}  # fmt: skip
    assert_error(api.post("/plans/templates", json=bad), 422)
    assert_error(api.post(f"/plans/{plan['id']}/share", json={"expires_in_days": 0}), 422, "expires_in_days")

    viewer = api.as_key(tenant.keys["viewer"])
    assert viewer.get(f"/plans/{plan['id']}").status_code == 200
    assert_error(viewer.post(f"/plans/{plan['id']}/share", json={}), 403)
    assert_error(viewer.post("/plans/templates", json={**TEMPLATE, "name": "V"}), 403)
    stranger = api.as_key(make_tenant("Stranger").keys["admin"])
    assert_error(stranger.get(f"/plans/{plan['id']}"), 404)
    assert_error(stranger.post(f"/plans/{plan['id']}/share", json={}), 404)
    archived = api.patch(f"/plans/{plan['id']}", json={"archived": True}).json()
    assert archived["archived"] is True and api.get("/plans").json() == []
    assert len(api.get("/plans", params={"archived": "true"}).json()) == 1
