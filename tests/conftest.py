"""Test harness: a real SQLite file or a throwaway PostgreSQL database, migrated with Alembic, wiped per test.

Choose the backend with STEWARD_TEST_DB=sqlite (default) or STEWARD_TEST_DB=postgresql
(STEWARD_TEST_PG_ADMIN_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/test, is used to
create and drop the throwaway database).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from steward.core import db
from steward.core.migrate import upgrade_to_head
from tests.factories import ApiClient, Tenant, make_tenant, wipe_database
from tests.factories.databases import throwaway_postgres
from tests.factories.demo_cache import DEMO_60, demo_workspace

# No scheduler thread even for apps built at collection time, before the fixtures below run.
os.environ["STEWARD_SCHEDULER"] = "0"
BACKEND = os.environ.get("STEWARD_TEST_DB", "sqlite")


def pytest_report_header() -> str:
    return f"steward database backend: {BACKEND}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if BACKEND == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "steward-test.db"
        yield f"sqlite:///{path}"
        return
    if BACKEND != "postgresql":
        raise pytest.UsageError(f"STEWARD_TEST_DB must be sqlite or postgresql, not {BACKEND!r}")
    with throwaway_postgres("steward_test") as url:
        try:
            yield url
        finally:
            db.configure("sqlite://")  # release pooled connections before the drop


@pytest.fixture(scope="session", autouse=True)
def migrated(database_url: str) -> Iterator[str]:
    os.environ["STEWARD_DATABASE_URL"] = database_url
    os.environ["STEWARD_SCHEDULER"] = "0"  # tests run scheduled jobs themselves, never on a thread
    os.environ["STEWARD_RESCORE"] = "inline"  # changed accounts rescore before the request returns
    os.environ["STEWARD_COMMENT_READING"] = "inline"  # survey comments are read in the request
    from steward.settings import get_settings

    get_settings.cache_clear()
    db.configure(database_url)
    upgrade_to_head()
    yield database_url


@pytest.fixture(autouse=True)
def clean_tables(migrated: str) -> Iterator[None]:
    yield
    wipe_database()


@pytest.fixture(scope="session")
def app_client(migrated: str) -> Iterator[TestClient]:
    from steward.web.app import create_app

    with TestClient(create_app()) as client:
        yield client


@pytest.fixture
def tenant() -> Tenant:
    """A workspace with an admin API key and an admin user who can log in."""
    return make_tenant("Acme Success")


@pytest.fixture
def api(app_client: TestClient, tenant: Tenant) -> ApiClient:
    return ApiClient(app_client, tenant.keys["admin"])


@pytest.fixture
def demo(app_client: TestClient) -> ApiClient:
    """The demo workspace at 60 accounts (history, health scorecards, sentiment, playbooks and rules), without
    a churn model, through an admin API key."""
    ctx = demo_workspace(DEMO_60)
    assert ctx.api_key
    return ApiClient(app_client, ctx.api_key)
