"""Survey answers fired at a real server at the same moment, on SQLite and PostgreSQL.

Three contacts answering their own invitations all get in; one invitation answered from three tabs is kept
once and the others are told so (409); three anonymous answers on the public link are all stored. Never a
500, and a plain GET of the database meanwhile answers within a second (these took 10-20 s and lost
answers when the handlers held SQLite's write lock on the event loop).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import httpx
from sqlalchemy import func, select

from steward.core.db import unit_of_work
from steward.domains.mail.models import Email
from steward.domains.surveys import delivery
from steward.domains.surveys.models import SurveyResponse
from steward.settings import get_settings
from tests.e2e.test_concurrent_posts import _at_once
from tests.factories import ApiClient


def _invitation_paths(api: ApiClient, server_url: str, people: int) -> list[str]:
    acme = api.post("/accounts", json={"external_id": "acme", "name": "Acme", "segment": "Enterprise"}).json()
    for n in range(people):
        contact = {
            "external_id": f"c{n}",
            "account_id": acme["id"],
            "name": f"C{n}",
            "email": f"c{n}@acme.test",
        }
        assert api.post("/contacts", json=contact).status_code == 201
    survey = api.post(
        "/surveys", json={"name": "NPS", "kind": "nps", "audience": {"segments": ["Enterprise"]}}
    )
    assert api.post(f"/surveys/{survey.json()['id']}/send", json={}).json()["invited"] == people
    with unit_of_work() as s:
        delivery.deliver(session=s, secret=get_settings().secret_key, base_url=server_url)
        bodies = s.scalars(select(Email.body).order_by(Email.id)).all()
    paths = [re.search(rf"{re.escape(server_url)}(/s/[^\s?]+)", b) for b in bodies]
    return [p.group(1) for p in paths if p is not None]


def _stored_answers() -> int:
    with unit_of_work() as s:
        return s.scalar(select(func.count()).select_from(SurveyResponse)) or 0


def _answerer(server_url: str, paths: list[str]) -> Callable[[], httpx.Response]:
    pending = iter(paths)
    lock = threading.Lock()

    def answer() -> httpx.Response:
        with lock:
            path = next(pending)
        return httpx.post(f"{server_url}{path}", data={"score": "9"}, timeout=30)

    return answer


def test_three_contacts_answer_their_invitations_at_once(server_url: str, api: ApiClient) -> None:
    paths = _invitation_paths(api, server_url, 3)
    assert len(set(paths)) == 3
    answers, waited = _at_once(3, _answerer(server_url, paths), server_url, api)
    assert answers == [200, 200, 200] and waited < 1.0
    assert _stored_answers() == 3


def test_one_invitation_answered_from_three_tabs_at_once(server_url: str, api: ApiClient) -> None:
    (path,) = _invitation_paths(api, server_url, 1)
    answers, waited = _at_once(3, _answerer(server_url, [path] * 3), server_url, api)
    assert sorted(answers) == [200, 409, 409] and waited < 1.0
    assert _stored_answers() == 1


def test_three_answers_on_the_public_link_at_once(server_url: str, api: ApiClient) -> None:
    survey = api.post("/surveys", json={"name": "Pulse", "kind": "nps"}).json()
    path = f"/s/p/{survey['public_key']}"
    answers, waited = _at_once(3, _answerer(server_url, [path] * 3), server_url, api)
    assert answers == [200, 200, 200] and waited < 1.0
    assert _stored_answers() == 3
