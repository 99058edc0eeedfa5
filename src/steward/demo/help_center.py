"""Demo step: the help center of help_articles.ARTICLES, published in every language it is written in, one
translation left out of date, with views, votes (a comment on some 'no') and searches (some find nothing)."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy.orm import Session

from steward.demo.help_articles import ARTICLES
from steward.domains.helpcenter import finder, public, service
from steward.domains.helpcenter.schemas import (
    ArticleCreate,
    ArticleUpdate,
    CategoryCreate,
    SectionCreate,
    TranslationCreate,
    VoteCreate,
)

EDITOR = "Demo writer"
SEARCHES = [
    ("invoice", "en"), ("发票", "zh-Hans"), ("パスワード", "ja"), ("סיסמה", "he"), ("Rechnung", "de"),
    ("refund", "en"), ("SSO", "en"), ("SAML", "en"), ("退款", "zh-Hans"), ("発送", "ja"),
]  # fmt: skip
NO_COMMENTS = ["The menu is called Billing & plans now.", "I need this for the mobile app.", "Too short."]


# Its own random numbers, seeded from its name, so the other steps' numbers stay as they were.
SEED = sum((i + 1) * ord(c) for i, c in enumerate("help center"))


def step_help_center(ctx: Any) -> None:
    """The demo step (generator.DemoContext): about fifty articles in five languages, with views, votes and
    searches."""
    sources = seed_help_center(session=ctx.session, workspace_id=ctx.workspace_id, rng=random.Random(SEED))
    ctx.counts["help articles"] = len(sources)


def seed_help_center(
    *, session: Session, workspace_id: int, rng: random.Random, activity: bool = True
) -> dict[str, int]:
    """Every article of ARTICLES published in all its languages; returns article key -> source article id."""
    ws: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    categories: dict[str, int] = {}
    sections: dict[str, int] = {}
    sources: dict[str, int] = {}
    for key, category, section, versions in ARTICLES:
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
        _activity(session, workspace_id, rng)
    return sources


def _activity(session: Session, workspace_id: int, rng: random.Random) -> None:
    published = [
        a for a in service.list_articles(session=session, workspace_id=workspace_id, status="published")
    ]
    for n, article in enumerate(published):
        for _ in range(rng.randint(3, 60)):
            public.article_page(
                session=session, workspace_id=workspace_id, article_id=article.id, language=article.language
            )
        for v in range(rng.randint(0, 6)):
            helpful = rng.random() < 0.75
            comment = rng.choice(NO_COMMENTS) if not helpful and rng.random() < 0.5 else None
            public.vote(session=session, workspace_id=workspace_id, article_id=article.id,
                        data=VoteCreate(helpful=helpful, comment=comment),
                        visitor=f"demo-visitor-{n}-{v}", address=f"10.{n % 250}.{v}.1")  # fmt: skip
    for query, language in SEARCHES:
        for _ in range(rng.randint(1, 4)):
            finder.find(
                session=session, workspace_id=workspace_id, query=query, language=language, embed=None
            )
