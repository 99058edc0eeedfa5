"""Fixtures shared by the domain tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from steward.settings import get_settings
from tests.smtp import smtp_server

__all__ = ["allow_private", "smtp_server"]


@pytest.fixture
def allow_private() -> Iterator[None]:
    """Outbound posts (webhooks, alerts) may reach the test's own server on 127.0.0.1."""
    os.environ["STEWARD_WEBHOOKS_ALLOW_PRIVATE"] = "1"
    get_settings.cache_clear()
    yield
    del os.environ["STEWARD_WEBHOOKS_ALLOW_PRIVATE"]
    get_settings.cache_clear()
