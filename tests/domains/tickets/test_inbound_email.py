"""Inbound e-mail: a new message opens a ticket for the contact with that address; a reply is threaded by
its headers (or by "[#id]" from the requester); the same message posted twice is stored once; broken
encodings are read with replacement characters; a message without a sender, an empty body or an oversize
one is refused with the reason."""

from __future__ import annotations

from email.message import EmailMessage

from tests.domains.tickets.test_tickets import _account
from tests.factories import ApiClient, Tenant, assert_error

RFC822 = {"Content-Type": "message/rfc822"}


def _mail(sender: str, subject: str, text: str, message_id: str, **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@steward.test"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    message.add_attachment(b"%PDF-1.4 ...", maintype="application", subtype="pdf", filename="invoice.pdf")
    return message.as_bytes()


def test_open_thread_and_deduplicate(api: ApiClient, tenant: Tenant) -> None:
    acme = _account(api)
    agent = api.as_key(tenant.keys["agent"])
    raw = _mail("Dana <Dana@Acme.test>", "Cannot log in", "Since this morning.", "<m1@acme.test>")
    r = agent.post("/tickets/inbound-email", content=raw, headers=RFC822)
    assert r.status_code == 201, r.text
    ticket = r.json()
    assert ticket["account_id"] == acme["id"] and ticket["channel"] == "email"
    assert ticket["requester_email"] == "dana@acme.test" and ticket["subject"] == "Cannot log in"
    [opening] = ticket["messages"]
    assert opening["body"] == "Since this morning." and opening["attachments"][0]["filename"] == "invoice.pdf"

    again = agent.post("/tickets/inbound-email", content=raw, headers=RFC822)  # the gateway retried
    assert again.status_code == 200 and len(again.json()["messages"]) == 1

    reply = _mail(
        "dana@acme.test", "Re: Cannot log in", "Any news?", "<m2@acme.test>", In_Reply_To="<m1@acme.test>"
    )
    threaded = agent.post("/tickets/inbound-email", content=reply, headers=RFC822)
    assert threaded.status_code == 200 and threaded.json()["id"] == ticket["id"]
    assert [m["body"] for m in threaded.json()["messages"]] == ["Since this morning.", "Any news?"]

    by_number = _mail("dana@acme.test", f"Re: [#{ticket['id']}] login", "Still?", "<m3@acme.test>")
    assert (
        agent.post("/tickets/inbound-email", content=by_number, headers=RFC822).json()["id"] == ticket["id"]
    )
    stranger = _mail("eve@evil.test", f"[#{ticket['id']}] hi", "Let me in", "<m4@evil.test>")
    other = agent.post("/tickets/inbound-email", content=stranger, headers=RFC822)
    assert (
        other.status_code == 201 and other.json()["id"] != ticket["id"] and other.json()["account_id"] is None
    )


def test_broken_and_bad_messages(api: ApiClient, tenant: Tenant) -> None:
    agent = api.as_key(tenant.keys["agent"])
    broken = (
        b"From: kasia@example.pl\r\nSubject: =?utf-8?q?Zam=C3=B3wienie?=\r\nMessage-ID: <x1@example.pl>\r\n"
        b"Content-Type: text/plain; charset=no-such-charset\r\n\r\nZam\xf3wienie nie dzia\xb3a\r\n"
    )
    r = agent.post("/tickets/inbound-email", content=broken, headers=RFC822)
    assert r.status_code == 201, r.text
    assert r.json()["subject"] == "Zamówienie" and r.json()["messages"][0]["body"].startswith(
        "Zam\ufffdwienie"
    )
    no_subject = b"From: a@example.com\r\nMessage-ID: <x2@example.com>\r\n\r\nhello\r\n"
    assert (
        agent.post("/tickets/inbound-email", content=no_subject, headers=RFC822).json()["subject"]
        == "(no subject)"
    )
    html_only = (
        b"From: b@example.com\r\nSubject: html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Hello <b>there</b></p><script>x</script>"
    )
    body = agent.post("/tickets/inbound-email", content=html_only, headers=RFC822).json()["messages"][0][
        "body"
    ]
    assert "<" not in body and "Hello there" in body

    assert_error(
        agent.post("/tickets/inbound-email", content=b"Subject: x\r\n\r\nno sender", headers=RFC822),
        422,
        "From",
    )
    assert_error(agent.post("/tickets/inbound-email", content=b"", headers=RFC822), 422, "body")
    assert_error(agent.post("/tickets/inbound-email", content=b"just some text", headers=RFC822), 422)
    huge = b"From: c@example.com\r\nSubject: big\r\n\r\n" + b"x" * (11 * 1024 * 1024)
    assert_error(agent.post("/tickets/inbound-email", content=huge, headers=RFC822), 413, "body")
    long_text = b"From: c@example.com\r\nSubject: long\r\n\r\n" + b"word " * 50_000
    assert_error(agent.post("/tickets/inbound-email", content=long_text, headers=RFC822), 413, "body")
    assert api.get("/tickets").json()["total"] == 3  # nothing stored by the refused ones
