"""Rule e-mails through a real SMTP server (aiosmtpd on a local port): delivered, refused recipients
bounced and suppressed, temporary refusals retried then failed, a server that is down retried, nothing
lost without a server; bounce reports (RFC 3464) that arrive later; bad templates and reports refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from steward.core.clock import now_utc
from steward.core.retry import MAX_ATTEMPTS
from steward.domains.mail import service as mail_service
from tests.factories import ApiClient, Tenant, assert_error
from tests.smtp import Handler, free_port

SENDER = "Steward <steward@example.com>"


def _rule(to: str, body: str = "Hello, {account_name} is {grade} with {arr} ARR.") -> dict[str, Any]:
    return {
        "name": "Mail the contacts", "trigger": {"kind": "schedule"},
        "conditions": [{"field": "segment", "op": "eq", "value": "SMB"}],
        "actions": [{"kind": "send_email", "to": to, "subject": "About {account_name}", "body": body,
                     "once_per_days": 7}],
    }  # fmt: skip


def _account_with_contacts(api: ApiClient) -> dict[str, Any]:
    me = next(u for u in api.get("/users").json() if u["role"] == "admin")
    account = api.post("/accounts", json={"external_id": "a", "name": "Acme", "segment": "SMB",
                                          "owner_id": me["id"]}).json()  # fmt: skip
    for n, email in enumerate(["ok@example.net", "bounce@example.net", "later@example.net"]):
        body = {"external_id": f"c{n}", "account_id": account["id"], "email": email}
        assert api.post("/contacts", json=body).status_code == 201
    api.post("/contacts", json={"external_id": "c9", "account_id": account["id"], "name": "No address"})
    return dict(account)


def test_rule_mail_delivered_bounced_and_retried(api: ApiClient, smtp_server: tuple[str, Handler]) -> None:
    url, handler = smtp_server
    _account_with_contacts(api)
    rule = api.post("/rules", json=_rule("contacts")).json()
    run = api.post(f"/rules/{rule['id']}/run").json()
    assert run["emails_queued"] == 3 and run["error"] is None
    assert api.post(f"/rules/{rule['id']}/run").json()["emails_queued"] == 0  # once per 7 days
    assert mail_service.deliver_due(smtp_url=None, sender=SENDER) == {
        "sent": 0,
        "bounced": 0,
        "retrying": 0,
        "failed": 0,
    }
    waiting = api.get("/emails", params={"status": "queued"}).json()
    assert waiting["total"] == 3 and "STEWARD_SMTP_URL" in waiting["items"][0]["last_error"]  # not lost

    counts = mail_service.deliver_due(smtp_url=url, sender=SENDER)
    assert counts == {"sent": 1, "bounced": 1, "retrying": 1, "failed": 0}
    (msg,) = handler.messages
    assert msg["To"] == "ok@example.net" and msg["Subject"] == "About Acme" and msg["Auto-Submitted"]
    assert "Hello, Acme is  with 0 ARR." in msg.get_payload()  # no grade yet: an empty value
    bounced = api.get("/emails", params={"status": "bounced"}).json()["items"][0]
    assert bounced["to_address"] == "bounce@example.net" and "550" in bounced["last_error"]
    (suppressed,) = api.get("/emails/suppressions").json()
    assert suppressed["address"] == "bounce@example.net" and suppressed["email_id"] == bounced["id"]
    waiting = api.get("/emails", params={"status": "queued"}).json()["items"][0]
    assert "451" in waiting["last_error"] and waiting["attempts"] == 1

    later = now_utc()
    for _ in range(MAX_ATTEMPTS):  # greylisted every time: given up after the last attempt
        later += timedelta(days=1)
        mail_service.deliver_due(smtp_url=url, sender=SENDER, now=later)
    failed = api.get("/emails", params={"status": "failed"}).json()["items"][0]
    assert failed["to_address"] == "later@example.net" and failed["attempts"] == MAX_ATTEMPTS


def test_owner_mail_and_a_server_that_is_down(api: ApiClient, tenant: Tenant) -> None:
    _account_with_contacts(api)
    rule = api.post(
        "/rules", json=_rule("account_owner", "Please call {account_name} ({owner_name}).")
    ).json()
    assert api.post(f"/rules/{rule['id']}/run").json()["emails_queued"] == 1
    down = f"smtp://127.0.0.1:{free_port()}"  # nothing listens there
    assert mail_service.deliver_due(smtp_url=down, sender=SENDER)["retrying"] == 1
    (row,) = api.get("/emails").json()["items"]
    assert row["status"] == "queued" and row["to_address"] == tenant.user_emails["admin"]
    assert "ConnectionRefused" in row["last_error"] and row["next_attempt_at"]


DSN = """From: MAILER-DAEMON@mx.example.net
To: steward@example.com
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; ok@example.net
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 mailbox full

--B
Content-Type: text/rfc822-headers

Message-ID: {message_id}
To: ok@example.net
Subject: About Acme

--B--
"""


def test_bounce_reports_that_arrive_later(
    api: ApiClient, tenant: Tenant, smtp_server: tuple[str, Handler]
) -> None:
    url, _ = smtp_server
    _account_with_contacts(api)
    rule = api.post("/rules", json=_rule("contacts")).json()
    api.post(f"/rules/{rule['id']}/run")
    mail_service.deliver_due(smtp_url=url, sender=SENDER)
    (sent,) = api.get("/emails", params={"status": "sent"}).json()["items"]
    message_id = str(_handler_message_id(smtp_server[1]))
    report = DSN.format(message_id=message_id).replace("\n", "\r\n").encode()
    r = api.post("/emails/bounces", content=report, headers={"Content-Type": "message/rfc822"})
    assert r.status_code == 200, r.text
    assert r.json() == {"bounced": ["ok@example.net"], "matched_emails": [sent["id"]], "delayed": []}
    assert api.get("/emails", params={"status": "bounced"}).json()["total"] == 2
    assert {s["address"] for s in api.get("/emails/suppressions").json()} == {
        "ok@example.net",
        "bounce@example.net",
    }

    body = assert_error(api.post("/emails/bounces", content=b"Subject: hi\r\n\r\nhello"), 422, "body")
    assert "message/delivery-status" in body["detail"][0]["msg"]
    assert_error(api.post("/emails/bounces", content=b""), 422, "body")
    assert_error(api.as_key(tenant.keys["viewer"]).post("/emails/bounces", content=report), 403)

    assert api.delete("/emails/suppressions/ok@example.net").status_code == 204
    assert_error(api.delete("/emails/suppressions/ok@example.net"), 404)


def _handler_message_id(handler: Handler) -> str:
    return str(handler.messages[0]["Message-ID"])


def test_bad_email_actions_are_refused(api: ApiClient) -> None:
    body = assert_error(api.post("/rules", json=_rule("contacts", "Hi {first_name}")), 422, "body")
    assert "account_name" in body["detail"][0]["msg"]
    assert_error(api.post("/rules", json=_rule("contacts", "Hi {account_name")), 422, "body")
    assert_error(api.post("/rules", json=_rule("everyone")), 422, "to")
    assert_error(api.post("/rules", json=_rule("contacts", "{account_name:>999999999}")), 422, "body")
    assert_error(api.post("/rules", json=_rule("contacts", "{account_name!r}")), 422, "body")
    assert_error(api.post("/rules", json=_rule("contacts", "{account_name.__class__}")), 422, "body")
    ok = _rule("contacts", "Literal {{braces}} for {account_name}")
    assert api.post("/rules", json=ok).status_code == 201
