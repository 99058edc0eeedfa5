"""What visitors of a workspace's public help center reach without a login: only published articles (a
draft is "not found" exactly like a missing one), each in the language asked for when it is translated,
view counts, and one 'was this helpful?' vote per visitor (a keyed digest of the address and browser, never
the address itself), limited per address."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import NotFound, TooMany
from steward.core.ratelimit import WindowLimit, address_key
from steward.domains.contacts import service as contacts_service
from steward.domains.helpcenter import queries
from steward.domains.helpcenter.models import (
    HelpArticle,
    HelpArticleView,
    HelpCategory,
    HelpSection,
    HelpVote,
)
from steward.domains.helpcenter.schemas import VoteCreate
from steward.domains.workspaces import service as workspaces_service

VOTES = WindowLimit(limit=30, seconds=3600)  # votes per address an hour: an office behind one address fits


@dataclass
class Shelf:
    """A section with its published articles in the reader's language (else their source's)."""

    section: HelpSection
    articles: list[HelpArticle] = field(default_factory=list)


@dataclass
class HelpCenter:
    workspace_id: int
    slug: str
    name: str
    categories: list[HelpCategory]
    shelves: dict[int, list[Shelf]]  # category id -> its sections that have published articles
    languages: list[str]  # languages with at least one published article


def workspace_of(*, session: Session, slug: str) -> tuple[int, str, str]:
    """(id, slug, name) of a workspace with a help center; one without published articles is not found."""
    try:
        ws = workspaces_service.get_by_slug(session=session, slug=slug[:100])
    except NotFound:
        raise NotFound("help center", slug) from None
    if not queries.articles(session, ws.id, status="published", limit=1):
        raise NotFound("help center", slug)
    return ws.id, ws.slug, ws.name


def in_language(rows: list[HelpArticle], language: str) -> list[HelpArticle]:
    """One row per article: its published version in `language`, else its published source, else any."""
    families: dict[int, list[HelpArticle]] = {}
    for row in rows:
        families.setdefault(row.source_id or row.id, []).append(row)
    chosen = [
        min(family, key=lambda r: (r.language != language, r.source_id is not None, r.id))
        for family in families.values()
    ]
    return sorted(chosen, key=lambda r: r.source_id or r.id)


def help_center(*, session: Session, slug: str, language: str) -> HelpCenter:
    ws_id, ws_slug, name = workspace_of(session=session, slug=slug)
    published = queries.articles(session, ws_id, status="published", limit=5000)
    by_section: dict[int, list[HelpArticle]] = {}
    for row in in_language(published, language):
        by_section.setdefault(row.section_id, []).append(row)
    shelves: dict[int, list[Shelf]] = {}
    for section in queries.sections(session, ws_id):
        if section.id in by_section:
            shelves.setdefault(section.category_id, []).append(Shelf(section, by_section[section.id]))
    categories = [c for c in queries.categories(session, ws_id) if c.id in shelves]
    languages = sorted({r.language for r in published})
    return HelpCenter(ws_id, ws_slug, name, categories, shelves, languages)


def article_page(
    *,
    session: Session,
    workspace_id: int,
    article_id: int,
    language: str,
    count_view: bool = True,
    channel: str = "help_center",
    contact_id: int | None = None,
    visitor: str | None = None,
) -> tuple[HelpArticle, list[HelpArticle]]:
    """The published article (any of its language versions names it) in `language` when translated, and
    every published language version (for hreflang links); its view is counted (once a day per `visitor`,
    see view_key), and kept with where it was read (`channel`) and the reader's contact and account when
    known."""
    row = queries.article(session, workspace_id, article_id)
    if row is None or row.status != "published":
        raise NotFound("article", article_id)
    source_id = row.source_id or row.id
    family = [
        r
        for r in [
            queries.article(session, workspace_id, source_id),
            *queries.translations(session, workspace_id, [source_id]),
        ]
        if r is not None and r.status == "published"
    ]
    shown = next((r for r in family if r.language == language), row)
    if count_view and record_view(session, workspace_id, shown.id, channel, contact_id, visitor):
        session.execute(
            update(HelpArticle).where(HelpArticle.id == shown.id).values(views=HelpArticle.views + 1)
        )
    return shown, family


def record_view(
    session: Session,
    workspace_id: int,
    article_id: int,
    channel: str,
    contact_id: int | None,
    visitor: str | None = None,
) -> bool:
    """One view row, unless this `visitor` already has one for the article today (then False); the contact's
    account is looked up now (a contact of another workspace is dropped)."""
    account_id = None
    if contact_id is not None:
        try:
            contact = contacts_service.get_contact(
                session=session, workspace_id=workspace_id, contact_id=contact_id
            )
            account_id = contact.account_id
        except NotFound:
            contact_id = None
    now = now_utc()
    row = {
        "workspace_id": workspace_id, "article_id": article_id, "channel": channel[:20],
        "contact_id": contact_id, "account_id": account_id, "viewed_at": now,
        "visitor": visitor, "day": now.date() if visitor else None,
    }  # fmt: skip
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    # The unique index decides, so two requests at once from one visitor still make one row.
    insert = dialect.insert(HelpArticleView).values(row).on_conflict_do_nothing()
    return (
        session.execute(insert.returning(HelpArticleView.id)).first() is not None
    )  # rowcount: -1 on psycopg


def view_key(secret: str, workspace_id: int, address: str, reader: str = "") -> str:
    """The visitor a public view is counted for: a keyed digest of the address (a loop that changes its
    browser name or drops its cookies is still one visitor), so views grow with addresses, not requests;
    `reader` tells apart what the server itself vouches for (a signed suggestion's contact)."""
    message = f"views|{workspace_id}|{address_key(address)}|{reader}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def visitor_key(secret: str, workspace_id: int, address: str, user_agent: str) -> str:
    message = f"{workspace_id}|{address_key(address)}|{user_agent[:300]}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def vote(
    *, session: Session, workspace_id: int, article_id: int, data: VoteCreate, visitor: str, address: str
) -> None:
    """Records the visitor's vote (a second vote replaces the first); a comment is kept only with a 'no'."""
    wait = VOTES.retry_after(f"help-votes:{workspace_id}|{address_key(address)}")
    if wait is not None:
        raise TooMany(f"too many votes from this address: try again in {wait} s", ("body",), wait)
    row = queries.article(session, workspace_id, article_id)
    if row is None or row.status != "published":
        raise NotFound("article", article_id)
    comment = (data.comment or "").strip() or None if not data.helpful else None
    existing = queries.vote_of(session, workspace_id, article_id, visitor)
    if existing is None:
        try:
            with session.begin_nested():
                session.add(
                    HelpVote(
                        workspace_id=workspace_id,
                        article_id=article_id,
                        visitor=visitor,
                        helpful=data.helpful,
                        comment=comment,
                    )
                )
            return
        except IntegrityError:  # the same visitor's other request won the race: update its vote
            existing = queries.vote_of(session, workspace_id, article_id, visitor)
    if existing is not None:
        existing.helpful, existing.comment = data.helpful, comment
        session.flush()


SEARCHES = WindowLimit(limit=120, seconds=3600)  # searches recorded per address an hour


def may_record(workspace_id: int, address: str) -> bool:
    """Whether this visitor's search goes into the content-gap report: a flood from one address does not."""
    return SEARCHES.retry_after(f"help-searches:{workspace_id}|{address_key(address)}") is None


def families(*, session: Session, workspace_id: int) -> dict[int, list[HelpArticle]]:
    """Source id -> its published language versions (for the sitemap)."""
    out: dict[int, list[HelpArticle]] = {}
    for row in queries.articles(session, workspace_id, status="published", limit=50_000):
        out.setdefault(row.source_id or row.id, []).append(row)
    return out
