"""`steward portal users` lists who can sign in to the customer portal, and `steward portal link` prints a
working single-use sign-in link for one of them (the demo's way in without SMTP); bad input exits 2."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from steward.cli.main import app
from tests.factories import ApiClient, Tenant
from tests.web.portal_helpers import account_with

runner = CliRunner()


def test_portal_users_and_a_printed_sign_in_link(
    app_client: TestClient, api: ApiClient, tenant: Tenant
) -> None:
    account_with(api, "Initech", {"pete@initech.test": None, "bill@initech.test": "company",
                                  "off@initech.test": "none"})  # fmt: skip
    listed = runner.invoke(app, ["portal", "users", "--workspace", tenant.slug, "--json"])
    assert listed.exit_code == 0, listed.output
    users = json.loads(listed.stdout)["users"]
    assert [(u["email"], u["access"]) for u in users] == [
        ("bill@initech.test", "company"),
        ("pete@initech.test", "own"),
    ]
    made = runner.invoke(app, ["portal", "link", "--workspace", tenant.slug, "--email", "Bill@Initech.test",
                               "--base-url", "http://testserver", "--json"])  # fmt: skip
    assert made.exit_code == 0, made.output
    url = json.loads(made.stdout)["url"]
    assert url.startswith(f"http://testserver/portal/{tenant.slug}/link/stp_")
    browser = TestClient(app_client.app)
    used = browser.post(url.removeprefix("http://testserver"), follow_redirects=False)
    assert used.status_code == 303 and "Your company's requests" in browser.get(f"/portal/{tenant.slug}").text
    assert browser.post(url.removeprefix("http://testserver"), follow_redirects=False).status_code == 410

    for bad in (
        ["--email", "off@initech.test"],  # no portal access
        ["--email", "nobody@initech.test"],
        ["--email", "not an address"],
        ["--email", "pete@initech.test", "--base-url", "ftp://x"],
    ):
        r = runner.invoke(app, ["portal", "link", "--workspace", tenant.slug, *bad])
        assert r.exit_code == 2, (bad, r.output)
    assert runner.invoke(app, ["portal", "users", "--workspace", "no-such-workspace"]).exit_code == 2
