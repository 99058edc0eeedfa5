"""The At risk list's search and filters over HTTP: by account name, segment and owner (each a narrowing of
the same ranking), kept in the links of the rank-by choices and the next page, bad ones a 422 naming the
parameter; the ranking never shows another workspace's accounts."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountFilter
from steward.domains.churn import service as churn_service
from steward.domains.churn.schemas import ChurnTrain
from tests.factories import ApiClient, Tenant
from tests.factories.demo_cache import DEMO_100, DemoContext, demo_workspace
from tests.web.test_ui import login

JSON = {"accept": "application/json"}


def _ranked(html: str) -> list[int]:
    table = html.split('id="at-risk"')[1].split("</table>")[0] if 'id="at-risk"' in html else ""
    return [int(n) for n in re.findall(r'<a href="/accounts/(\d+)">', table)]


@pytest.fixture
def demo(app_client: TestClient) -> DemoContext:
    return demo_workspace(DEMO_100)  # before any other workspace: the cached demo keeps its ids


def test_search_segment_and_owner(
    app_client: TestClient, demo: DemoContext, tenant: Tenant, api: ApiClient
) -> None:
    ctx = demo
    with unit_of_work() as s:
        churn_service.train_model(
            session=s, workspace_id=ctx.workspace_id, data=ChurnTrain(), today=ctx.today
        )
        everyone = churn_service.at_risk(session=s, workspace_id=ctx.workspace_id, limit=500).items
        accounts = accounts_service.by_ids(
            session=s, workspace_id=ctx.workspace_id, ids={i.account_id for i in everyone}
        )
    assert len(everyone) > 50
    by_id = {a.id: a for a in accounts}
    first = by_id[everyone[0].account_id]
    api.post("/accounts", json={"external_id": "elsewhere", "name": first.name})  # same name, other workspace
    browser = login(TestClient(app_client.app), DEMO_EMAIL, DEMO_PASSWORD)

    page = browser.get("/risk", params={"q": first.name}).text
    assert first.id in _ranked(page)
    assert set(_ranked(page)) <= set(by_id)  # the other workspace's namesake is never ranked here
    segment = first.segment
    assert segment
    in_segment = browser.get("/risk", params={"segment": segment, "sort": "probability"}).text
    expected = [i.account_id for i in everyone if by_id[i.account_id].segment == segment]
    shown = _ranked(in_segment)
    assert shown and set(shown) <= set(expected) and len(shown) == min(50, len(expected))
    assert f'href="/risk?segment={segment}&amp;sort=ltv"' in in_segment  # rank-by keeps the filter
    owner = next(a.owner_id for a in accounts if a.owner_id)
    owned = browser.get("/risk", params={"owner": owner}).text
    assert _ranked(owned) and all(by_id[i].owner_id == owner for i in _ranked(owned))
    with unit_of_work() as s:  # the same narrowing as the accounts list's own filters
        listed = accounts_service.ids_matching(
            session=s, workspace_id=ctx.workspace_id, filters=AccountFilter(owner_id=owner)
        )
    assert set(_ranked(owned)) <= set(listed)
    paged = browser.get("/risk").text
    assert 'id="risk-next"' in paged and "cursor=" in paged
    nothing = browser.get("/risk", params={"q": "no such account anywhere"}).text
    assert _ranked(nothing) == [] and "No scored account matches these filters" in nothing
    for bad, name in (
        ({"owner": "x"}, "owner"),
        ({"q": "x" * 201}, "q"),
        ({"segment": "s" * 101}, "segment"),
    ):
        r = browser.get("/risk", params=bad, headers=JSON)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", name], bad
