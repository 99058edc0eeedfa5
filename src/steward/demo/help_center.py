"""Demo step: a help center of forty articles (help_articles and help_articles_more), each published in every
language it is written in, one translation left out of date, and a year of reading: views on the public help
center and from the portal's ticket form (by demo contacts, so they count for their accounts), the
deflections those readings made, votes (a comment on some 'no') and searches, some finding nothing."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.demo.help_articles import ARTICLES
from steward.demo.help_articles_more import MORE_ARTICLES
from steward.domains.helpcenter import finder, service
from steward.domains.helpcenter.backfill import Reading, Search, View, Vote, write_history
from steward.domains.helpcenter.schemas import (
    ArticleCreate,
    ArticleUpdate,
    CategoryCreate,
    SectionCreate,
    TranslationCreate,
)

EDITOR = "Demo writer"
SEARCHES = [
    ("invoice", "en"), ("发票", "zh-Hans"), ("パスワード", "ja"), ("סיסמה", "he"), ("Rechnung", "de"),
    ("refund", "en"), ("SSO", "en"), ("SAML", "en"), ("退款", "zh-Hans"), ("発送", "ja"),
    ("webhook", "en"), ("Slack", "es"), ("mot de passe", "fr"), ("faktura", "pl"), ("dark mode", "en"),
    ("Datenexport", "de"), ("離線", "zh-Hant"), ("carrito", "es"),
]  # fmt: skip
NO_COMMENTS = ["The menu is called Billing & plans now.", "I need this for the mobile app.", "Too short."]
Article = tuple[str, str, str, dict[str, tuple[str, str]]]
DAYS = 365
READERS_PER_ACCOUNT = 3  # the contacts of an account who use the help center
SELF_SERVICE_ACCOUNTS = 0.4  # the share of accounts whose contacts read it at all

# Its own random numbers, seeded from its name, so the other steps' numbers stay as they were.
SEED = sum((i + 1) * ord(c) for i, c in enumerate("help center"))


def step_help_center(ctx: Any) -> None:
    """The demo step (generator.DemoContext): forty articles in nine languages and a year of reading."""
    rng = random.Random(SEED)
    readers = [
        (contact_id, ctx.account_ids[a.external_id])
        for a in ctx.accounts
        if a.external_id in ctx.account_ids and rng.random() < SELF_SERVICE_ACCOUNTS
        for contact_id in a.contact_ids[:READERS_PER_ACCOUNT]
    ]
    every = [*ARTICLES, *MORE_ARTICLES]
    sources = seed_help_center(session=ctx.session, workspace_id=ctx.workspace_id, rng=rng, articles=every,
                               readers=readers, today=ctx.today)  # fmt: skip
    ctx.counts["help articles"] = len(sources)


def seed_help_center(
    *,
    session: Session,
    workspace_id: int,
    rng: random.Random,
    activity: bool = True,
    articles: Sequence[Article] = ARTICLES,
    readers: Sequence[tuple[int, int]] = (),
    today: date | None = None,
) -> dict[str, int]:
    """Every article published in all its languages; returns article key -> source article id. With
    `activity`, a year up to `today` of views, votes, searches and (with `readers`, (contact, account)
    pairs) readings from the ticket form."""
    ws: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    categories: dict[str, int] = {}
    sections: dict[str, int] = {}
    sources: dict[str, int] = {}
    for key, category, section, versions in articles:
        if category not in categories:
            categories[category] = service.create_category(
                **ws, data=CategoryCreate(name=category, position=len(categories))
            ).id
        if section not in sections:
            made = service.create_section(
                **ws, data=SectionCreate(category_id=categories[category], name=section)
            )
            sections[section] = made.id
        title, body = versions["en"]
        source = service.create_article(
            **ws, data=ArticleCreate(section_id=sections[section], title=title, body=body), editor=EDITOR
        )
        service.publish(**ws, article_id=source.id)
        sources[key] = source.id
        for language, (t, b) in versions.items():
            if language != "en":
                data = TranslationCreate(language=language, title=t, body=b)
                translation = service.add_translation(**ws, source_id=source.id, data=data, editor=EDITOR)
                service.publish(**ws, article_id=translation.id)
    # The source changed after its translations: they show as out of date until a translator catches up.
    card = service.read_article(**ws, article_id=sources["card"])
    later = ArticleUpdate(body=card.body + " Cards expiring this month are flagged in red.")
    service.update_article(**ws, article_id=card.id, editor=EDITOR, data=later)
    if activity:
        _year_of_reading(session, workspace_id, rng, readers, today or datetime.now(UTC).date())
    return sources


def _year_of_reading(
    session: Session, workspace_id: int, rng: random.Random, readers: Sequence[tuple[int, int]], today: date
) -> None:
    """Views (popular articles far more than others, more in recent months and on weekdays), a tenth of
    them from the ticket form by a demo contact, a third of those settled as deflected; votes; searches."""
    published = service.list_articles(session=session, workspace_id=workspace_id, status="published")
    end = datetime.combine(today, time(), tzinfo=UTC)

    def moment() -> datetime:
        while True:
            ago = int(DAYS * rng.random() ** 1.3)  # skewed towards today: reading grows over the year
            day = end - timedelta(days=ago + 1)
            if day.weekday() < 5 or rng.random() < 0.4:
                return day + timedelta(seconds=rng.randrange(86_400))

    views: list[View] = []
    readings: list[Reading] = []
    votes: list[Vote] = []
    for n, article in enumerate(published):
        for _ in range(int(rng.paretovariate(1.6) * 25)):
            at = moment()
            if readers and rng.random() < 0.1:  # opened from a suggestion on the portal's ticket form
                contact_id, account_id = rng.choice(readers)
                views.append(View(article.id, "web", contact_id, account_id, at))
                state = rng.choices(["solved", "read", "submitted"], weights=[3, 2, 5])[0]
                form = f"demo-{n}-{len(readings)}-{rng.getrandbits(64):016x}"
                readings.append(Reading(article.id, form, contact_id, "web", state, at))
            else:
                views.append(View(article.id, "help_center", None, None, at))
        for v in range(rng.randint(0, 8)):
            helpful = rng.random() < 0.75
            comment = rng.choice(NO_COMMENTS) if not helpful and rng.random() < 0.5 else None
            votes.append(Vote(article.id, f"demo-visitor-{n}-{v}", helpful, comment, moment()))
    searches = []
    for query, language in SEARCHES:
        found = finder.find(session=session, workspace_id=workspace_id, query=query, language=language,
                            record=False, embed=None)  # fmt: skip
        for _ in range(rng.randint(2, 30)):
            searches.append(Search(query, language, len(found.hits), moment()))
    write_history(session=session, workspace_id=workspace_id, views=views, votes=votes, searches=searches,
                  readings=readings)  # fmt: skip
