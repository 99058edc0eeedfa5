"""Signing contacts in to the customer portal by e-mailed link. A link is random, stored as its digest,
works once and for LINK_MINUTES; requests are limited per address and per client address, and the answer
is the same whether or not the address belongs to a contact (nothing tells who is a customer). The session
it opens is the portal's own (cookie, table, CSRF token), never a staff session."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import Gone, NotFound, TooMany
from steward.core.i18n import resolve as language_of_tag
from steward.core.i18n import translations
from steward.core.ratelimit import WindowLimit, address_key
from steward.core.security import new_token, token_digest
from steward.domains.contacts import service as contacts_service
from steward.domains.mail import service as mail_service
from steward.domains.portal import queries
from steward.domains.portal.models import PortalLink, PortalSession
from steward.domains.portal.schemas import LinkRequest, PortalUser
from steward.domains.workspaces import service as workspaces_service

LINK_MINUTES = 15
SESSION_DAYS = 7
PER_ADDRESS = WindowLimit(limit=3, seconds=15 * 60)  # links asked for one e-mail address
PER_CLIENT = WindowLimit(limit=10, seconds=15 * 60)  # links asked from one client address


@dataclass(frozen=True)
class Portal:
    workspace_id: int
    slug: str
    name: str


def portal_of(*, session: Session, slug: str) -> Portal:
    try:
        ws = workspaces_service.get_by_slug(session=session, slug=slug[:100])
    except NotFound:
        raise NotFound("portal", slug) from None
    return Portal(ws.id, ws.slug, ws.name)


def request_link(
    *, session: Session, portal: Portal, data: LinkRequest, client: str, base_url: str, language: str = "en"
) -> None:
    """E-mail a sign-in link when the address is a contact's with portal access; otherwise do nothing, and
    say nothing different. TooMany before any lookup, for known and unknown addresses alike."""
    ws = portal.workspace_id
    for limit, key in (
        (PER_CLIENT, f"portal-client:{ws}|{address_key(client)}"),
        (PER_ADDRESS, f"portal-address:{ws}|{data.email}"),
    ):
        wait = limit.retry_after(key)
        if wait is not None:
            raise TooMany(f"too many sign-in links asked for: try again in {wait} s", ("body", "email"), wait)
    contact = contacts_service.by_email(session=session, workspace_id=ws, address=data.email)
    if contact is None or contact.portal_access == "none" or not contact.email:
        return
    url = _new_link(session, portal, contact.id, base_url)
    said_in = language_of_tag(contact.language) or language  # the contact's own language, else the page's
    _ = translations(said_in).gettext
    body = "\n\n".join((
        _("Hello %(name)s,") % {"name": contact.name} if contact.name else _("Hello,"),
        _("Sign in to the %(portal)s customer portal with this link:") % {"portal": portal.name} + f"\n{url}",
        _("It works once, for %(minutes)s minutes. If you did not ask for it, ignore this message.")
        % {"minutes": LINK_MINUTES},
    ))  # fmt: skip
    subject = _("Your sign-in link for %(portal)s") % {"portal": portal.name}
    item = mail_service.Outgoing(contact.email, subject, body,
                                 account_id=contact.account_id, contact_id=contact.id)  # fmt: skip
    mail_service.enqueue(session=session, workspace_id=ws, items=[item])


def issue_link(*, session: Session, portal: Portal, email: str, base_url: str) -> str:
    """A sign-in link for a portal user handed to an operator (`steward portal link`) instead of e-mailed:
    the same single-use, expiring link. NotFound for an address that is no portal user's."""
    contact = contacts_service.by_email(session=session, workspace_id=portal.workspace_id, address=email)
    if contact is None or contact.portal_access == "none" or not contact.email:
        raise NotFound("portal user", email, ("body", "email"))
    return _new_link(session, portal, contact.id, base_url)


def _new_link(session: Session, portal: Portal, contact_id: int, base_url: str) -> str:
    ws, token, now = portal.workspace_id, new_token("stp", 32), now_utc()
    # The contact's spent links go as a new one is made, so the table holds only links that may still work.
    session.execute(delete(PortalLink).where(
        PortalLink.workspace_id == ws, PortalLink.contact_id == contact_id,
        or_(PortalLink.used_at.is_not(None), PortalLink.expires_at <= now),
    ))  # fmt: skip
    session.add(PortalLink(workspace_id=ws, contact_id=contact_id, digest=token_digest(token), created_at=now,
                           expires_at=now + timedelta(minutes=LINK_MINUTES)))  # fmt: skip
    return f"{base_url.rstrip('/')}/portal/{portal.slug}/link/{token}"


def sign_in(*, session: Session, portal: Portal, token: str) -> tuple[str, PortalUser]:
    """Consume the link (once: of two requests at once only one wins) and open a portal session; returns
    the session cookie's value and who signed in."""
    now = now_utc()
    row = queries.link_by_digest(session, portal.workspace_id, token_digest(token[:200]))
    if row is None:
        raise NotFound("sign-in link", "link", ("path", "token"))
    if row.used_at is not None or row.expires_at <= now:
        raise Gone("this sign-in link was used or has expired: ask for a new one", ("path", "token"))
    won = session.execute(
        update(PortalLink)
        .where(PortalLink.id == row.id, PortalLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(won, "rowcount", 0) != 1:
        raise Gone("this sign-in link was used a moment ago: ask for a new one", ("path", "token"))
    session.execute(delete(PortalSession).where(  # the contact's expired sessions, as a new one opens
        PortalSession.workspace_id == portal.workspace_id, PortalSession.contact_id == row.contact_id,
        PortalSession.expires_at <= now,
    ))  # fmt: skip
    cookie = new_token("sps", 32)
    made = PortalSession(workspace_id=portal.workspace_id, contact_id=row.contact_id,
                         digest=token_digest(cookie), csrf_token=secrets.token_urlsafe(32), created_at=now,
                         expires_at=now + timedelta(days=SESSION_DAYS))  # fmt: skip
    session.add(made)
    session.flush()
    user = _user(session, made)
    if user is None:
        raise Gone("this contact no longer has portal access", ("path", "token"))
    return cookie, user


def resolve(*, session: Session, portal: Portal, cookie: str) -> PortalUser | None:
    """The contact behind a portal cookie of this workspace, or None (unknown, expired, access removed)."""
    row = queries.session_by_digest(session, portal.workspace_id, token_digest(cookie[:200]))
    if row is None or row.expires_at <= now_utc():
        return None
    return _user(session, row)


def _user(session: Session, row: PortalSession) -> PortalUser | None:
    try:
        contact = contacts_service.get_contact(
            session=session, workspace_id=row.workspace_id, contact_id=row.contact_id
        )
    except NotFound:
        return None
    if contact.portal_access == "none":
        return None
    return PortalUser(
        session_id=row.id, workspace_id=row.workspace_id, contact_id=contact.id,
        account_id=contact.account_id, name=contact.name or contact.email or "", email=contact.email or "",
        company=contact.portal_access == "company" and contact.account_id is not None,
        csrf_token=row.csrf_token, language=contact.language,
    )  # fmt: skip


def sign_out(*, session: Session, user: PortalUser) -> None:
    session.execute(
        delete(PortalSession).where(
            PortalSession.id == user.session_id, PortalSession.workspace_id == user.workspace_id
        )
    )
