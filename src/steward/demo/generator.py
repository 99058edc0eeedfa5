"""Builds the demo workspace: a fixed seed gives the same data on every machine (dates move with today)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from faker import Faker
from sqlalchemy.orm import Session

from steward.core.roles import Role
from steward.demo import vocab
from steward.domains.accounts import service as accounts_service
from steward.domains.accounts.schemas import AccountCreate
from steward.domains.contacts import service as contacts_service
from steward.domains.contacts.schemas import ContactCreate
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.subscriptions.schemas import SubscriptionCreate
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate
from steward.domains.users import service as users_service
from steward.domains.users.schemas import ApiKeyCreate, UserCreate
from steward.domains.workspaces import service as workspaces_service
from steward.domains.workspaces.schemas import CustomFieldCreate, WorkspaceCreate

DEMO_SLUG = "demo"
DEMO_EMAIL = "demo@steward.local"
DEMO_PASSWORD = "steward-demo"  # demo data only; real workspaces create users with `steward user create`
T = TypeVar("T")


@dataclass(frozen=True)
class DemoScale:
    accounts: int = 500
    contacts_per_account: float = 6.0
    parents: int = 20


@dataclass
class DemoAccount:
    external_id: str
    name: str
    domain: str
    segment: str
    region: str
    stage: str
    owner_id: int
    languages: list[str] = field(default_factory=list)
    contact_ids: list[int] = field(default_factory=list)
    contact_langs: list[str] = field(default_factory=list)
    term_start: date | None = None


@dataclass
class DemoContext:
    """What each step reads and adds to; later generators (usage, tickets, surveys) extend it."""

    session: Session
    scale: DemoScale
    today: date
    rng: random.Random
    workspace_id: int = 0
    api_key: str | None = None
    csm_ids: list[int] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)
    account_ids: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    fakers: dict[str, Faker] = field(default_factory=dict)

    def faker(self, language: str) -> Faker:
        if language not in self.fakers:
            fake = Faker(vocab.LANGUAGES[language][0])
            fake.seed_instance(hash_seed(language))
            self.fakers[language] = fake
        return self.fakers[language]

    def pick(self, weighted: Sequence[tuple[T, float]]) -> T:
        values = [v for v, _ in weighted]
        return self.rng.choices(values, weights=[w for _, w in weighted])[0]


def hash_seed(text: str) -> int:
    """A stable seed from text (Python's hash() is salted per process)."""
    return sum((i + 1) * ord(c) for i, c in enumerate(text))


def step_workspace(ctx: DemoContext) -> None:
    s = ctx.session
    created = workspaces_service.create_workspace(
        session=s, data=WorkspaceCreate(name="Demo Co", slug=DEMO_SLUG)
    )
    ctx.workspace_id = created.id
    ws = ctx.workspace_id
    users_service.create_user(
        session=s,
        workspace_id=ws,
        data=UserCreate(
            email=DEMO_EMAIL,
            name="Demo Admin",
            role=Role.admin,
            password=DEMO_PASSWORD,
            time_zone="Europe/London",
        ),
    )
    users_service.create_user(
        session=s,
        workspace_id=ws,
        data=UserCreate(
            email="lead@steward.local", name="Ava Brooks", role=Role.manager, time_zone="America/New_York"
        ),
    )
    for name, handle in vocab.CSMS:
        user = users_service.create_user(
            session=s,
            workspace_id=ws,
            data=UserCreate(email=f"{handle}@steward.local", name=name, role=Role.csm),
        )
        ctx.csm_ids.append(user.id)
    ctx.api_key = users_service.create_api_key(
        session=s, workspace_id=ws, data=ApiKeyCreate(name="demo", role=Role.admin)
    ).key
    fields = [
        ("strategic", "Strategic account", "bool"),
        ("seats_goal", "Seats goal", "number"),
        ("kickoff_date", "Kickoff date", "date"),
        ("success_plan_url", "Success plan", "url"),
        ("health_notes", "Health notes", "text"),
    ]
    for key, label, kind in fields:
        workspaces_service.create_custom_field(
            session=s,
            workspace_id=ws,
            data=CustomFieldCreate(entity="account", key=key, label=label, type=kind),
        )


def _company_names(rng: random.Random, n: int) -> list[str]:
    pairs = [(a, b) for a in vocab.NAME_STEMS for b in vocab.NAME_SUFFIXES]
    rng.shuffle(pairs)
    return [f"{a} {b}" for a, b in pairs[:n]]


def _stage(ctx: DemoContext, term_start: date, renewal: date) -> str:
    if ctx.rng.random() < 0.08:
        return "churned"
    if renewal - ctx.today <= timedelta(days=90):
        return "renewal"
    if ctx.today - term_start <= timedelta(days=90):
        return "onboarding"
    return ctx.pick((("adoption", 0.45), ("growth", 0.55)))


def step_accounts(ctx: DemoContext) -> None:
    names = _company_names(ctx.rng, ctx.scale.accounts)
    items: list[AccountCreate] = []
    parents = names[: ctx.scale.parents]
    for i, name in enumerate(names):
        segment = ctx.pick(vocab.SEGMENTS) if i >= len(parents) else "Strategic"
        region = ctx.pick(vocab.REGIONS)
        renewal = ctx.today + timedelta(days=ctx.rng.randint(1, 365))
        term_start = renewal - timedelta(days=365)
        slug = re.sub(r"[^a-z0-9]+", "", name.lower())
        acc = DemoAccount(
            external_id=f"ACC-{i + 1:05d}", name=name, domain=f"{slug}.{ctx.rng.choice(['com', 'io', 'co'])}",
            segment=segment, region=region, stage=_stage(ctx, term_start, renewal),
            owner_id=ctx.rng.choice(ctx.csm_ids), term_start=term_start,
        )  # fmt: skip
        ctx.accounts.append(acc)
        parent = None
        if i >= len(parents) and i < len(parents) * 5 and ctx.rng.random() < 0.9:
            parent = ctx.accounts[ctx.rng.randrange(len(parents))].external_id
        elif len(parents) * 5 <= i < len(parents) * 5 + 10:
            parent = ctx.accounts[
                ctx.rng.randrange(len(parents), len(parents) * 5)
            ].external_id  # third level
        custom: dict[str, object] = {"strategic": segment in ("Strategic", "Enterprise")}
        if segment != "SMB":
            custom["seats_goal"] = ctx.rng.choice([25, 50, 100, 250, 500])
            custom["kickoff_date"] = term_start.isoformat()
            custom["success_plan_url"] = f"https://plans.example.com/{acc.external_id.lower()}"
        items.append(AccountCreate(
            external_id=acc.external_id, name=name, domain=acc.domain, segment=segment,
            tier=vocab.TIERS[segment], industry=ctx.rng.choice(vocab.INDUSTRIES), region=region,
            lifecycle_stage=acc.stage, owner_id=acc.owner_id, parent_external_id=parent, custom=custom,
        ))  # fmt: skip
    result = accounts_service.bulk_upsert(session=ctx.session, workspace_id=ctx.workspace_id, items=items)
    ctx.account_ids = {r.external_id: r.id for r in result.items}
    ctx.counts["accounts"] = len(items)


def step_contacts(ctx: DemoContext) -> None:
    items: list[ContactCreate] = []
    mean = ctx.scale.contacts_per_account
    for acc in ctx.accounts:
        big = acc.segment in ("Strategic", "Enterprise")
        n = max(1, round(ctx.rng.gauss(mean * (1.6 if big else 0.8), 1.5)))
        for j in range(n):
            lang = ctx.pick(vocab.REGION_LANGUAGES[acc.region])
            fake = ctx.faker(lang)
            role = ctx.pick(vocab.CONTACT_ROLES) if j else "champion"
            handle = re.sub(r"[^a-z0-9]+", ".", ctx.faker("en").user_name().lower()).strip(".")
            items.append(ContactCreate(
                external_id=f"{acc.external_id}-C{j + 1:02d}", account_external_id=acc.external_id,
                email=f"{handle}{j}@{acc.domain}", name=fake.name(), title=ctx.rng.choice(vocab.TITLES[role]),
                role=role, language=lang, time_zone=ctx.rng.choice(vocab.LANGUAGES[lang][1]),
            ))  # fmt: skip
            acc.contact_langs.append(lang)
    ids: dict[str, int] = {}
    for chunk in _chunks(items, 5000):
        result = contacts_service.bulk_upsert(session=ctx.session, workspace_id=ctx.workspace_id, items=chunk)
        ids.update({r.external_id: r.id for r in result.items})
    for acc in ctx.accounts:
        acc.contact_ids = [ids[f"{acc.external_id}-C{j + 1:02d}"] for j in range(len(acc.contact_langs))]
    ctx.counts["contacts"] = len(items)


def step_subscriptions(ctx: DemoContext) -> None:
    items: list[SubscriptionCreate] = []
    for acc in ctx.accounts:
        plan, period, low, high = vocab.PLANS[acc.segment]
        assert acc.term_start is not None
        end = acc.term_start + timedelta(days=365)
        churned = acc.stage == "churned"
        status = "canceled" if churned else ctx.pick((("active", 0.9), ("past_due", 0.07), ("trial", 0.03)))
        if churned:
            end = ctx.today - timedelta(days=ctx.rng.randint(5, 200))
        amount = int(low * (high / low) ** ctx.rng.random())  # log-uniform: heavier at the top
        seats = ctx.rng.choice([5, 10, 25, 50, 100, 250, 500])
        lines = [(plan, "Platform", amount, period, seats)]
        if acc.segment != "SMB" and ctx.rng.random() < 0.35:
            lines.append(("Add-on seats", "Seats", amount // 5, period, seats // 2))
        for k, (name, product, value, per, n) in enumerate(lines):
            items.append(SubscriptionCreate(
                external_id=f"{acc.external_id}-S{k + 1}", account_external_id=acc.external_id, plan=name,
                product=product, amount_minor=value, currency="USD", billing_period=per,
                seats=n, start_date=end - timedelta(days=365), end_date=end,
                auto_renew=ctx.rng.random() < 0.7,
                notice_days=ctx.rng.choice([0, 30, 60, 90]), status=status,
            ))  # fmt: skip
    for chunk in _chunks(items, 5000):
        subscriptions_service.bulk_upsert(session=ctx.session, workspace_id=ctx.workspace_id, items=chunk)
    ctx.counts["subscriptions"] = len(items)


def step_timeline(ctx: DemoContext) -> None:
    per_month = {"Strategic": 6.0, "Enterprise": 4.0, "Mid-Market": 2.0, "SMB": 0.8}
    items: list[tuple[int | None, ActivityCreate]] = []
    start = ctx.today - timedelta(days=365)
    for acc in ctx.accounts:
        account_id = ctx.account_ids[acc.external_id]
        n = max(2, round(ctx.rng.gauss(per_month[acc.segment] * 12, 3)))
        days = sorted(ctx.rng.randint(0, 364) for _ in range(n))
        for k, offset in enumerate(days):
            kind = (
                "milestone"
                if k == 0
                else ctx.pick(
                    (("note", 0.3), ("call", 0.3), ("meeting", 0.15), ("email", 0.2), ("milestone", 0.05))
                )
            )
            subject = "Kickoff" if k == 0 else ctx.rng.choice(vocab.ACTIVITY_SUBJECTS[kind])
            chosen = ctx.rng.sample(
                range(len(acc.contact_ids)), k=min(len(acc.contact_ids), ctx.rng.randint(0, 2))
            )
            lang = acc.contact_langs[chosen[0]] if chosen else "en"
            body = vocab.LOCAL_NOTES[lang] if kind in ("note", "call") and ctx.rng.random() < 0.5 else ""
            when = datetime.combine(
                start + timedelta(days=offset),
                time(ctx.rng.randint(7, 18), ctx.rng.choice([0, 15, 30, 45])),
                UTC,
            )
            items.append((acc.owner_id, ActivityCreate(
                account_id=account_id, kind=kind, subject=subject, body=body, occurred_at=when,
                contact_ids=[acc.contact_ids[c] for c in chosen],
            )))  # fmt: skip
    for chunk in _chunks(items, 5000):
        timeline_service.bulk_log(session=ctx.session, workspace_id=ctx.workspace_id, items=chunk)
    ctx.counts["activities"] = len(items)


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("workspace and users", step_workspace),
    ("accounts", step_accounts),
    ("contacts", step_contacts),
    ("subscriptions", step_subscriptions),
    ("timeline", step_timeline),
]


def build_demo(
    *,
    session: Session,
    scale: DemoScale | None = None,
    seed: int = 7,
    today: date | None = None,
    on_step: Callable[[str], None] | None = None,
) -> DemoContext:
    """Run every step in one transaction owned by the caller; returns the context with ids and counts."""
    ctx = DemoContext(
        session=session, scale=scale or DemoScale(), today=today or date.today(), rng=random.Random(seed)
    )
    for name, step in STEPS:
        if on_step:
            on_step(name)
        step(ctx)
    return ctx
