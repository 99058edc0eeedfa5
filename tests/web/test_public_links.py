"""Survey public links, the widget snippet and hand-made CSAT links start with STEWARD_PUBLIC_URL when it is
set, else with the address the page was asked at; never a hard-coded localhost:8000."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from steward.settings import get_settings
from tests.factories import ApiClient, Tenant
from tests.web.test_ui import login

SURVEY = {"name": "Pulse", "kind": "nps"}


def test_links_follow_the_host_asked_then_the_configured_url(
    app_client: TestClient, api: ApiClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = api.post("/surveys", json=SURVEY).json()
    monkeypatch.setattr(get_settings(), "public_url", None)
    browser = login(TestClient(app_client.app, base_url="https://cs.acme.test"), tenant.user_emails["admin"])
    page = browser.get(f"/surveys/{survey['id']}").text
    assert f"https://cs.acme.test/s/p/{survey['public_key']}" in page
    assert "&lt;script src=&#34;https://cs.acme.test/static/steward-widget.js&#34;" in page
    assert "localhost:8000" not in page

    monkeypatch.setattr(get_settings(), "public_url", "https://steward.example.com/")
    page = browser.get(f"/surveys/{survey['id']}").text
    assert f"https://steward.example.com/s/p/{survey['public_key']}" in page
    assert "&lt;script src=&#34;https://steward.example.com/static/steward-widget.js&#34;" in page
    assert "cs.acme.test/s/p" not in page
    # Jobs that send e-mails have no request: the configured address, else the default port's.
    assert get_settings().link_base() == "https://steward.example.com"
    monkeypatch.setattr(get_settings(), "public_url", None)
    assert get_settings().link_base() == "http://localhost:8000"
    assert get_settings().link_base("http://10.0.0.5:8000/") == "http://10.0.0.5:8000"
