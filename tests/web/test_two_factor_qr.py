"""The two-factor enrolment page shows the otpauth link as a QR code: an SVG drawn on the server, in an
<img> with a data: URI the page's CSP allows (no script, no inline markup)."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import segno
from fastapi.testclient import TestClient

from tests.factories import Tenant
from tests.web.test_two_factor import _signed_in_user
from tests.web.test_ui import _csrf


def test_the_enrolment_page_shows_the_link_as_a_qr_code(app_client: TestClient, tenant: Tenant) -> None:
    b = _signed_in_user(app_client, tenant.user_emails["admin"])
    page = b.get("/account/two-factor")
    setup = b.post("/account/two-factor/start", data={"csrf_token": _csrf(page.text)})
    uri = html.unescape(re.findall(r'id="totp-uri">([^<]+)<', setup.text)[0])
    src = html.unescape(re.findall(r'<img src="([^"]+)" id="totp-qr"', setup.text)[0])
    assert src.startswith("data:image/svg+xml")
    svg = unquote(src.split(",", 1)[1])
    assert svg.startswith("<svg") and "<script" not in svg and " d=" in svg
    assert src == segno.make(uri, error="m").svg_data_uri(scale=4, border=2)  # the link, not something else
    assert "img-src 'self' data:" in setup.headers["content-security-policy"]
