"""Deflection: articles suggested while a customer writes a ticket (the portal's form: channel web; the chat
widget's first message: channel chat), and whether reading one stopped the ticket. The form carries a signed
token naming its workspace, contact and channel; an article opened through a suggestion with that token is
recorded once per form and article. It counts as deflected when the customer says it solved their problem, or
when the form is not sent within DEFLECTION_WAIT; sending the form (or the chat's first message) settles the
readings as `submitted` (no deflection). Tokens are signed so nobody can inflate the counts by hand."""

from __future__ import annotations

import secrets
import time

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.security import signed, token_digest, unsigned
from steward.domains.helpcenter.models import HelpDeflection
from steward.domains.helpcenter.schemas import DEFLECTION_WAIT

PURPOSE = "deflect"
TOKEN_HOURS = 24  # a form left open longer than this no longer records readings
CHANNELS = ("web", "chat")  # where a ticket is written with suggestions beside it


def form_token(secret: str, workspace_id: int, contact_id: int | None, channel: str = "web") -> str:
    """A new ticket form's token: one per form shown, so each form's readings are counted apart. The web
    channel's tokens keep their first shape (four parts); another channel's name is a fifth, signed part."""
    if channel not in CHANNELS:
        raise ValueError(f"no suggestions on the {channel!r} channel")
    parts = [str(workspace_id), str(contact_id or 0), str(int(time.time())), secrets.token_urlsafe(9)]
    return signed(secret, PURPOSE, *parts, *([channel] if channel != "web" else []))


def _form(secret: str, workspace_id: int, token: str) -> tuple[str, int | None, str] | None:
    """(digest of the form token, contact id, channel) when the token is genuine, of this workspace and
    recent."""
    parts = unsigned(secret, PURPOSE, token, 4) or unsigned(secret, PURPOSE, token, 5)
    if parts is None or not all(p.isdigit() for p in parts[:3]) or int(parts[0]) != workspace_id:
        return None
    if int(parts[2]) < time.time() - TOKEN_HOURS * 3600:
        return None
    channel = parts[4] if len(parts) == 5 else "web"
    if channel not in CHANNELS:
        return None
    return token_digest(token), int(parts[1]) or None, channel


def reader(secret: str, workspace_id: int, token: str) -> tuple[str | None, int | None]:
    """The channel of the ticket form the token names (None when it is not a genuine, recent form of this
    workspace), and its contact if known."""
    form = _form(secret, workspace_id, token)
    return (None, None) if form is None else (form[2], form[1])


def record_read(*, session: Session, workspace_id: int, article_id: int, token: str, secret: str) -> bool:
    """A suggested (published) article opened from a ticket form, kept with the form's channel (the portal's
    form is the web channel, the chat widget's the chat channel); False for a token that is not one."""
    form = _form(secret, workspace_id, token)
    if form is None:
        return False
    digest, contact_id, channel = form
    D = HelpDeflection
    seen = session.scalar(select(D.id).where(D.form == digest, D.article_id == article_id))
    if seen is None:
        try:
            with session.begin_nested():  # the same article opened twice at once: one row
                session.add(D(workspace_id=workspace_id, article_id=article_id, form=digest,
                              contact_id=contact_id, state="read", channel=channel))  # fmt: skip
        except IntegrityError:
            pass
    return True


def settle(*, session: Session, workspace_id: int, token: str, secret: str, solved: bool) -> int:
    """The form's readings still open: `solved` (the customer said so) or `submitted` (the ticket was sent;
    a reading older than DEFLECTION_WAIT has already counted as deflected and stays so). Returns how many."""
    form = _form(secret, workspace_id, token)
    if form is None:
        return 0
    now = now_utc()
    D = HelpDeflection
    query = update(D).where(D.workspace_id == workspace_id, D.form == form[0], D.state == "read")
    if not solved:
        query = query.where(D.created_at > now - DEFLECTION_WAIT)
    done = session.execute(
        query.values(state="solved" if solved else "submitted", settled_at=now).execution_options(
            synchronize_session=False
        )
    )
    return int(getattr(done, "rowcount", 0) or 0)
