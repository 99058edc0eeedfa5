"""Unsubscribe links name the invitation (id and stored nonce), not the contact's id: the link of a deleted
contact answers 410 and unsubscribes nobody, a good link unsubscribes exactly its contact in its workspace,
and a link sent before the change still works while the contact it was sent to exists."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.core.security import signed
from steward.domains.mail.models import Email
from steward.domains.surveys import delivery, respond
from steward.domains.surveys.models import LegacyUnsubscribeLink, SurveyOptOut
from steward.settings import get_settings
from tests.factories import ApiClient, Tenant, make_tenant

BASE = "https://cs.example.com"
GONE = "no longer on our list"


def _contact(api: ApiClient, ext: str) -> int:
    r = api.post("/contacts", json={"external_id": ext, "email": f"{ext}@x.test"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _unsubscribe_path(api: ApiClient, contact_id: int, to: str) -> str:
    """Send the contact a survey and return the unsubscribe path of the e-mail it gets."""
    survey = api.post("/surveys", json={"name": f"NPS {to}", "kind": "nps"}).json()
    sent = api.post(f"/surveys/{survey['id']}/send", json={"contact_ids": [contact_id]}).json()
    assert sent["invited"] == 1, sent
    with unit_of_work() as s:
        delivery.deliver(session=s, secret=get_settings().secret_key, base_url=BASE)
        body = s.scalars(select(Email.body).where(Email.to_address == to).order_by(Email.id.desc())).first()
    found = re.search(r"https://cs\.example\.com(/s/unsubscribe/\S+)", body or "")
    assert found is not None, body
    return found.group(1)


def _opted_out() -> set[tuple[int, int]]:
    with unit_of_work() as s:
        return {(r.workspace_id, r.contact_id) for r in s.scalars(select(SurveyOptOut))}


def test_a_deleted_contacts_link_unsubscribes_nobody(app_client: TestClient, api: ApiClient) -> None:
    first = _contact(api, "ana")
    path = _unsubscribe_path(api, first, "ana@x.test")
    assert api.delete(f"/contacts/{first}").status_code == 204
    second = _contact(api, "ben")
    assert second != first  # SQLite too: ids are never handed out again
    for page in (app_client.get(path), app_client.post(path)):
        assert page.status_code == 410 and GONE in page.text
    assert _opted_out() == set()
    survey = api.post("/surveys", json={"name": "CSAT", "kind": "csat", "purpose": "transactional"}).json()
    sent = api.post(f"/surveys/{survey['id']}/send", json={"contact_ids": [second]}).json()
    assert sent["invited"] == 1 and sent["skipped"] == {}


def test_a_link_unsubscribes_exactly_its_contact(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    other = make_tenant("Other Co")
    other_api = ApiClient(app_client, other.keys["admin"])
    mine, neighbour, stranger = _contact(api, "cy"), _contact(api, "di"), _contact(other_api, "ed")
    path = _unsubscribe_path(api, mine, "cy@x.test")
    _unsubscribe_path(api, neighbour, "di@x.test")
    _unsubscribe_path(other_api, stranger, "ed@x.test")
    assert 'id="survey-unsubscribe"' in app_client.get(path).text and _opted_out() == set()
    assert 'id="survey-unsubscribed"' in app_client.post(path).text
    assert _opted_out() == {(tenant.id, mine)}
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert app_client.post(forged).status_code == 404 and len(_opted_out()) == 1


def test_links_sent_before_the_change_work_while_their_contact_exists(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    invited, newcomer = _contact(api, "fay"), _contact(api, "gus")
    workspace_id = tenant.id
    with unit_of_work() as s:  # as the upgrade records it for contacts e-mailed before
        s.add(LegacyUnsubscribeLink(workspace_id=workspace_id, contact_id=invited))
    secret = get_settings().secret_key

    def old_link(contact_id: int) -> str:
        return "/s/unsubscribe/" + signed(secret, respond.OPT_OUT, str(workspace_id), str(contact_id))

    refused = app_client.post(old_link(newcomer))
    assert refused.status_code == 410 and GONE in refused.text and _opted_out() == set()
    assert 'id="survey-unsubscribed"' in app_client.post(old_link(invited)).text
    assert _opted_out() == {(workspace_id, invited)}
    assert api.delete(f"/contacts/{invited}").status_code == 204  # its legacy row goes with it
    assert app_client.get(old_link(invited)).status_code == 410
