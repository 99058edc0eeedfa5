"""Builds the demo workspace: a fixed seed gives the same data on every machine (dates move with today)."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from faker import Faker
from sqlalchemy.orm import Session

from steward.core.roles import Role
from steward.demo import churn_signals, icp, late_customers, vocab
from steward.demo import health as demo_health
from steward.demo import surveys as demo_surveys
from steward.demo import tickets as demo_tickets
from steward.demo import usage as demo_usage
from steward.demo import work as demo_work
from steward.demo.chats import step_chats
from steward.demo.help_center import step_help_center
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
    churn_model: bool = True  # train the first churn model (about 15 s at 500 accounts)
    events_per_account_day: float = 15.0  # product events: about 2 million over 400 days at 500 accounts


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
    # The customer's history: a hidden health drives renewals, expansion and engagement, so that the
    # churn model has a real signal to find (and an honest amount of noise around it).
    health: float = 0.0
    terms: list[tuple[date, date]] = field(default_factory=list)  # yearly terms, oldest first
    churn_date: date | None = None  # end of the last term if the customer left at it
    leaves_at_next_renewal: bool = False
    seats: int = 0  # licensed in the current term


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
    people = [
        UserCreate(email=DEMO_EMAIL, name="Demo Admin", role=Role.admin, password=DEMO_PASSWORD,
                   time_zone="Europe/London"),
        UserCreate(email="lead@steward.local", name="Ava Brooks", role=Role.manager,
                   time_zone="America/New_York"),
    ]  # fmt: skip
    for person in people:
        users_service.create_user(session=s, workspace_id=ws, data=person)
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
    for key, label, kind in [*fields, icp.CHANNEL_FIELD]:  # the planted profile's channel: demo/icp.py
        workspaces_service.create_custom_field(
            session=s,
            workspace_id=ws,
            data=CustomFieldCreate(entity="account", key=key, label=label, type=kind),
        )


def _company_names(rng: random.Random, n: int) -> list[str]:
    pairs = [(a, b) for a in vocab.NAME_STEMS for b in vocab.NAME_SUFFIXES]
    rng.shuffle(pairs)
    return [f"{a} {b}" for a, b in pairs[:n]]


def _renewal_churn_chance(segment: str, health: float) -> float:
    bias = {"Strategic": -1.0, "Enterprise": -0.5, "Mid-Market": 0.0, "SMB": 0.4}[segment]
    return 1 / (1 + math.exp(2.0 - bias + 1.4 * health))


def _history(ctx: DemoContext, acc: DemoAccount) -> None:
    """Yearly terms from the customer's start; at each renewal the customer leaves with a chance set by
    health and segment. The decision for the next renewal is drawn too, so engagement can fade before it."""
    start = ctx.today - timedelta(days=ctx.rng.randint(20, 1100))
    while True:
        end = start + timedelta(days=365)
        acc.terms.append((start, end))
        leaves = ctx.rng.random() < _renewal_churn_chance(acc.segment, acc.health)
        if end > ctx.today:
            acc.leaves_at_next_renewal = leaves
            return
        if leaves:
            acc.churn_date = end
            return
        start = end


def _stage(ctx: DemoContext, acc: DemoAccount) -> str:
    renewal = acc.terms[-1][1]
    if acc.churn_date is not None:
        return "churned"
    if renewal - ctx.today <= timedelta(days=90):
        return "renewal"
    if ctx.today - acc.terms[0][0] <= timedelta(days=90):
        return "onboarding"
    return ctx.pick((("adoption", 0.45), ("growth", 0.55)))


def step_accounts(ctx: DemoContext) -> None:
    names = _company_names(ctx.rng, ctx.scale.accounts)
    items: list[AccountCreate] = []
    parents = names[: ctx.scale.parents]
    for i, name in enumerate(names):
        segment = ctx.pick(vocab.SEGMENTS) if i >= len(parents) else "Strategic"
        region, (industry, channel) = ctx.pick(vocab.REGIONS), icp.draw(ctx.rng)  # moves health: demo/icp.py
        slug = re.sub(r"[^a-z0-9]+", "", name.lower())
        acc = DemoAccount(
            external_id=f"ACC-{i + 1:05d}", name=name, domain=f"{slug}.{ctx.rng.choice(['com', 'io', 'co'])}",
            segment=segment, region=region, stage="", owner_id=ctx.rng.choice(ctx.csm_ids),
            health=ctx.rng.gauss(0.0, 1.0) + icp.health_shift(segment, industry, region, channel),
        )  # fmt: skip
        _history(ctx, acc)
        acc.stage = _stage(ctx, acc)
        term_start = acc.terms[0][0]
        ctx.accounts.append(acc)
        parent = None
        if i >= len(parents) and i < len(parents) * 5 and ctx.rng.random() < 0.9:
            parent = ctx.accounts[ctx.rng.randrange(len(parents))].external_id
        elif len(parents) * 5 <= i < len(parents) * 5 + 10:
            parent = ctx.accounts[
                ctx.rng.randrange(len(parents), len(parents) * 5)
            ].external_id  # third level
        custom: dict[str, object] = {"strategic": segment in ("Strategic", "Enterprise"), "channel": channel}
        if segment != "SMB":
            custom["seats_goal"] = ctx.rng.choice([25, 50, 100, 250, 500])
            custom["kickoff_date"] = term_start.isoformat()
            custom["success_plan_url"] = f"https://plans.example.com/{acc.external_id.lower()}"
        items.append(AccountCreate(
            external_id=acc.external_id, name=name, domain=acc.domain, segment=segment,
            tier=vocab.TIERS[segment], industry=industry, region=region,
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
        n = max(1, round(ctx.rng.gauss(mean * (1.6 if big else 0.8) * math.exp(0.2 * acc.health), 1.5)))
        for j in range(n):
            lang = ctx.pick(vocab.REGION_LANGUAGES[acc.region])
            fake = ctx.faker(lang)
            role = ctx.pick(vocab.CONTACT_ROLES) if j else "champion"
            handle = re.sub(r"[^a-z0-9]+", ".", ctx.faker("en").user_name().lower()).strip(".")
            items.append(ContactCreate(
                external_id=f"{acc.external_id}-C{j + 1:02d}", account_external_id=acc.external_id,
                email=f"{handle}{j}@{acc.domain}", name=fake.name(), title=ctx.rng.choice(vocab.TITLES[role]),
                role=role, language=lang, time_zone=ctx.rng.choice(vocab.LANGUAGES[lang][1]),
                portal_access="company" if j == 0 else None,  # the champion sees the account's tickets
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
    """One subscription per yearly term (renewals as new terms), growing or shrinking with health."""
    items: list[SubscriptionCreate] = []
    for acc in ctx.accounts:
        plan, period, low, high = vocab.PLANS[acc.segment]
        amount = int(low * (high / low) ** ctx.rng.random())  # log-uniform: heavier at the top
        seats = ctx.rng.choice([5, 10, 25, 50, 100, 250, 500])
        add_on = acc.segment != "SMB" and ctx.rng.random() < 0.35
        auto_renew, notice = ctx.rng.random() < 0.7, ctx.rng.choice([0, 30, 60, 90])
        for k, (start, end) in enumerate(acc.terms):
            last = k == len(acc.terms) - 1
            if not last:
                status = "expired"  # renewed into the next term
            elif acc.churn_date is not None:
                status = "canceled"
            else:
                late = 0.15 if acc.health < -1 else 0.03
                status = ctx.pick((("active", 1 - late - 0.03), ("past_due", late), ("trial", 0.03)))
            lines = [(f"{acc.external_id}-S{k + 1}", plan, "Platform", amount, seats)]
            if add_on:
                lines.append(
                    (f"{acc.external_id}-A{k + 1}", "Add-on seats", "Seats", amount // 5, seats // 2)
                )
            for ext, name, product, value, n in lines:
                items.append(SubscriptionCreate(
                    external_id=ext, account_external_id=acc.external_id, plan=name, product=product,
                    amount_minor=value, currency="USD", billing_period=period, seats=n, start_date=start,
                    end_date=end, auto_renew=auto_renew, notice_days=notice, status=status,
                ))  # fmt: skip
            acc.seats = seats
            growth = math.exp(0.12 * acc.health + ctx.rng.gauss(0.02, 0.08))
            amount, seats = max(low // 2, int(amount * growth)), max(1, round(seats * growth))
    for chunk in _chunks(items, 5000):
        subscriptions_service.bulk_upsert(session=ctx.session, workspace_id=ctx.workspace_id, items=chunk)
    ctx.counts["subscriptions"] = len(items)


def _activity_days(ctx: DemoContext, acc: DemoAccount, per_month: float) -> list[date]:
    """Engagement over the customer's life: busier for healthy customers, fading in the five months
    before they leave (including a departure still to come at the next renewal)."""
    first = acc.terms[0][0]
    last = min(acc.churn_date or ctx.today, ctx.today)
    leaving = acc.churn_date or (acc.terms[-1][1] if acc.leaves_at_next_renewal else None)
    rate = per_month * math.exp(0.45 * acc.health) / 30.0
    days: list[date] = []
    for offset in range((last - first).days):
        day = first + timedelta(days=offset)
        fading = leaving is not None and (leaving - day).days <= 150 and churn_signals.warns(acc, "activity")
        if ctx.rng.random() < rate * (0.3 if fading else 1.0):
            days.append(day)
    return days or [first]


def step_timeline(ctx: DemoContext) -> None:
    per_month = {"Strategic": 6.0, "Enterprise": 4.0, "Mid-Market": 2.0, "SMB": 0.8}
    items: list[tuple[int | None, ActivityCreate]] = []
    for acc in ctx.accounts:
        account_id = ctx.account_ids[acc.external_id]
        for k, day in enumerate(_activity_days(ctx, acc, per_month[acc.segment])):
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
                day,
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


def step_usage(ctx: DemoContext) -> None:
    """400 days of product events for every customer, a few malformed bursts, and the rollups."""
    customers, seed = usage_customers(ctx), ctx.rng.randint(0, 2**31)
    per_day = ctx.scale.events_per_account_day
    ctx.counts.update(demo_usage.load(ctx.session, ctx.workspace_id, customers, ctx.today, per_day, seed))


def usage_customers(ctx: DemoContext) -> list[demo_usage.Customer]:
    return [
        demo_usage.Customer(
            external_id=a.external_id,
            health=a.health,
            started=a.terms[0][0],
            users=demo_usage.users_of(a.external_id, len(a.contact_ids), a.seats),
            leaves_on=a.churn_date or (a.terms[-1][1] if a.leaves_at_next_renewal else None),
            left=a.churn_date is not None,
            fades=churn_signals.warns(a, "usage"),
        )
        for a in ctx.accounts
        if a.terms
    ]


def step_health(ctx: DemoContext) -> None:
    """CSM sentiment and three scorecards over engagement, revenue, relationship and churn risk, with four
    weeks of history for trends."""
    late_customers.in_one_pass(demo_health.load_batch, ctx, health_customers(ctx))


def health_customers(ctx: DemoContext) -> list[tuple[int, int, float]]:
    """(account id, owner id, hidden health) of the current customers."""
    return [
        (ctx.account_ids[a.external_id], a.owner_id, a.health) for a in ctx.accounts if a.churn_date is None
    ]


def step_work(ctx: DemoContext) -> None:
    """Playbooks and rules, run once, so the cockpit has realistic work."""
    ctx.counts.update(demo_work.set_up(ctx.session, ctx.workspace_id, ctx.rng))


def step_renewals(ctx: DemoContext) -> None:
    """Last year's renewal outcomes and the open renewal pipeline."""
    ctx.counts.update(demo_work.renewals(ctx.session, ctx.workspace_id, ctx.rng, ctx.today))


def step_plans(ctx: DemoContext) -> None:
    """Success plan templates per segment and plans in every state."""
    customers = [
        (ctx.account_ids[a.external_id], a.name, a.segment) for a in ctx.accounts if a.churn_date is None
    ]
    ctx.counts.update(demo_work.plans(ctx.session, ctx.workspace_id, ctx.rng, ctx.today, customers))


def step_advocacy(ctx: DemoContext) -> None:
    """Advocacy requests of the healthiest customers' first contacts."""
    happy = [a for a in ctx.accounts if a.churn_date is None and a.health > 0.8 and a.contact_ids]
    champions = [(a.contact_ids[0], a.owner_id) for a in happy[: max(3, len(happy) // 3)]]
    ctx.counts.update(demo_work.advocacy(ctx.session, ctx.workspace_id, ctx.rng, champions))


def step_reviews(ctx: DemoContext) -> None:
    """Business review cadences, last quarter's reviews held and the next ones scheduled."""
    customers = [(ctx.account_ids[a.external_id], a.segment) for a in ctx.accounts if a.churn_date is None]
    ctx.counts.update(demo_work.reviews(ctx.session, ctx.workspace_id, ctx.rng, ctx.today, customers))


def step_journeys(ctx: DemoContext) -> None:
    """The onboarding journey with the last year's customers on it."""
    young = [(ctx.account_ids[a.external_id], a.terms[0][0], a.health) for a in ctx.accounts
             if a.churn_date is None and a.terms]  # fmt: skip
    ctx.counts.update(demo_work.journeys(ctx.session, ctx.workspace_id, ctx.rng, ctx.today, young))


def step_tickets(ctx: DemoContext) -> None:
    """400 days of support tickets with SLAs, CSAT and two recurring issues planted across accounts."""
    late_customers.in_one_pass(demo_tickets.load_batch, ctx, late_customers.for_tickets(ctx))


def step_surveys(ctx: DemoContext) -> None:
    """A year of NPS and CSAT answers in the contacts' languages (after the service desk: the accounts hit
    by its planted CRM incident complain about it)."""
    late_customers.in_one_pass(demo_surveys.load_batch, ctx, late_customers.for_surveys(ctx))
    demo_health.rescore_late_inputs(ctx.session, ctx.workspace_id, ctx.today)  # now with tickets and answers


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


Step = Callable[[DemoContext], None]
STEPS: list[tuple[str, Step]] = [
    ("workspace and users", step_workspace),
    ("accounts", step_accounts),
    ("contacts", step_contacts),
    ("subscriptions", step_subscriptions),
    ("timeline", step_timeline),
    ("product usage", step_usage),
    ("health scores", step_health),
    ("rules and calls to action", step_work),
    ("renewals", step_renewals),
    ("success plans", step_plans),
    ("advocacy", step_advocacy),
    ("business reviews", step_reviews),
    ("journeys", step_journeys),
    ("service desk", step_tickets),
    ("surveys", step_surveys),
    ("churn model", churn_signals.step_churn_model),  # it learns from every signal
    ("help center", step_help_center),  # after: its own random numbers, no signal
    ("live chats", step_chats),  # its own random numbers too
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
