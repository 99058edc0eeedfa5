"""One SMTP delivery and what its answer means: sent, bounced (the server refused the recipient
permanently), retry later (a 4xx answer, a refused connection, a timeout) or failed for good."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

TIMEOUT_SECONDS = 10.0
SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


@dataclass(frozen=True)
class Server:
    scheme: str
    host: str
    port: int
    user: str | None
    password: str | None


def parse_url(url: str) -> Server:
    """smtp://[user:password@]host[:port], smtp+starttls://... or smtps://...; ValueError names the fault."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(f"the SMTP URL scheme must be one of {', '.join(SCHEMES)}, not {parts.scheme!r}")
    if not parts.hostname:
        raise ValueError("the SMTP URL names no host")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return Server(parts.scheme, parts.hostname, parts.port or SCHEMES[parts.scheme], user, password)


@dataclass(frozen=True)
class Outcome:
    kind: str  # sent | bounced | retry | failed
    detail: str | None = None


def message(sender: str, to: str, subject: str, body: str, message_id: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Message-ID"], msg["Date"] = message_id, formatdate(localtime=False)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: auto-responders leave it alone
    msg.set_content(body)
    return msg


def deliver(server: Server, msg: EmailMessage) -> Outcome:
    try:
        client: smtplib.SMTP
        if server.scheme == "smtps":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_SECONDS,
                                      context=ssl.create_default_context())  # fmt: skip
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
        with client:
            if server.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
            if server.user:
                client.login(server.user, server.password or "")
            client.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        return _answer(code, text, "the server refused the recipient")
    except smtplib.SMTPResponseException as exc:
        return _answer(exc.smtp_code, exc.smtp_error, "the server refused the message", bounce=False)
    except (OSError, smtplib.SMTPException) as exc:  # refused connection, timeout, TLS, disconnect
        return Outcome("retry", f"{type(exc).__name__}: {exc}"[:1000])
    return Outcome("sent")


def _answer(code: int, text: bytes | str, what: str, bounce: bool = True) -> Outcome:
    said = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    detail = f"{what}: {code} {said}"[:1000]
    if 400 <= code < 500:
        return Outcome("retry", detail)
    return Outcome("bounced" if bounce else "failed", detail)
