"""Contact ids are never handed out twice (SQLite included, by AUTOINCREMENT), and the upgrades that rebuild
SQLite tables (contacts, surveys) keep every row that refers to them (a DROP with foreign keys on would
cascade)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from steward.core.db import build_engine
from steward.core.migrate import alembic_config, upgrade
from tests.conftest import BACKEND
from tests.factories import ApiClient
from tests.factories.databases import throwaway_postgres

REVISION = "3ca747bbd7dc"  # unsubscribe links and contact ids


def test_a_deleted_contacts_id_is_not_given_again(api: ApiClient) -> None:
    first = api.post("/contacts", json={"external_id": "a", "email": "a@x.test"}).json()["id"]
    assert api.delete(f"/contacts/{first}").status_code == 204
    second = api.post("/contacts", json={"external_id": "b", "email": "b@x.test"}).json()["id"]
    assert second > first


@pytest.fixture
def scratch_url(tmp_path: os.PathLike[str]) -> Iterator[str]:
    """An empty database of the backend under test, apart from the suite's own."""
    if BACKEND == "sqlite":
        yield f"sqlite:///{tmp_path}/scratch.db"
        return
    with throwaway_postgres("steward_scratch") as url:
        yield url


def _fill(conn: Connection) -> None:
    """A workspace with two contacts: one sent a survey and answered, one unsubscribed."""
    now = datetime.now(UTC)
    rows = [
        "INSERT INTO workspaces (id, name, slug, write_key_digest, currency, lifecycle_stages, settings, "
        "created_at) VALUES (1, 'W', 'w', 'digest', 'USD', '[]', '{}', :now)",
        "INSERT INTO contacts (id, workspace_id, external_id, email, custom, created_at, updated_at) VALUES "
        "(1, 1, 'asked', 'asked@x.test', '{}', :now, :now), (2, 1, 'out', 'out@x.test', '{}', :now, :now)",
        "INSERT INTO surveys (id, workspace_id, name, kind, purpose, points, questions, audience, "
        "expires_days, status, public_key, waves, created_at, updated_at) "
        "VALUES (1, 1, 'NPS', 'nps', 'relationship', 5, '[]', '{}', 14, 'active', 'key-1', 1, :now, :now)",
        "INSERT INTO survey_invites (id, workspace_id, survey_id, contact_id, wave, to_address, language, "
        "nonce, created_at, expires_at, sent_at) "
        "VALUES (1, 1, 1, 1, 1, 'asked@x.test', 'en', 'n0nce', :now, :later, :now)",
        "INSERT INTO survey_responses (id, workspace_id, survey_id, invite_id, contact_id, channel, wave, "
        "score, answers, themes, aspects, responded_at) "
        "VALUES (1, 1, 1, 1, 1, 'email', 1, 9, '{}', '[]', '[]', :now)",
        "INSERT INTO survey_opt_outs (workspace_id, contact_id, created_at) VALUES (1, 2, :now)",
    ]
    for sql in rows:
        conn.execute(text(sql), {"now": now, "later": now + timedelta(days=14)})


def test_the_upgrade_keeps_what_refers_to_contacts(scratch_url: str) -> None:
    before = ScriptDirectory.from_config(alembic_config()).get_revision(REVISION).down_revision
    assert isinstance(before, str)
    engine = build_engine(scratch_url)
    try:
        upgrade(engine, before)
        with engine.begin() as conn:
            _fill(conn)
        upgrade(engine, "head")
        with engine.begin() as conn:
            assert conn.execute(text("SELECT contact_id FROM survey_invites")).scalars().all() == [1]
            assert conn.execute(text("SELECT contact_id FROM survey_responses")).scalars().all() == [1]
            assert conn.execute(text("SELECT contact_id FROM survey_opt_outs")).scalars().all() == [2]
            [secret] = conn.execute(text("SELECT widget_secret FROM surveys")).scalars().all()
            assert secret.startswith("wsec_")  # a later rebuild (surveys) kept its invites and answers too
            legacy = text("SELECT workspace_id, contact_id FROM survey_legacy_unsubscribe_links")
            assert conn.execute(legacy).all() == [(1, 1)]  # the contact e-mailed the old link
            if BACKEND == "sqlite":
                conn.execute(text("DELETE FROM contacts WHERE id = 2"))
                conn.execute(
                    text(
                        "INSERT INTO contacts (workspace_id, external_id, custom, created_at, updated_at) "
                        "VALUES (1, 'new', '{}', :now, :now)"
                    ),
                    {"now": datetime.now(UTC)},
                )
                assert conn.execute(text("SELECT max(id) FROM contacts")).scalar() == 3
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again after the upgrade
    finally:
        engine.dispose()
