"""A real uvicorn server on a free port and a real headless Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from steward.web.app import create_app
from tests.factories.servers import serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="session")
def server_url(migrated: str) -> Iterator[str]:
    with serving(create_app()) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
