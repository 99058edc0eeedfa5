"""The demo's work surface: playbooks, switched-on rules run once over every account (so the cockpit is
full of rule-made CTAs with tasks), and a few CTAs already worked on."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.domains.advocacy import service as advocacy_service
from steward.domains.advocacy.schemas import RequestCreate
from steward.domains.advocacy.schemas import RequestUpdate as AdvocacyUpdate
from steward.domains.ctas import service as ctas_service
from steward.domains.ctas.schemas import CommentCreate, CtaUpdate, PlaybookCreate, TaskUpdate
from steward.domains.journeys import service as journeys_service
from steward.domains.journeys.schemas import HistoryImport, HistoryItem, JourneyCreate
from steward.domains.plans import service as plans_service
from steward.domains.plans.schemas import ItemUpdate, PlanCreate, ShareCreate, TemplateCreate
from steward.domains.renewals import service as renewals_service
from steward.domains.renewals.schemas import RenewalUpdate
from steward.domains.reviews import service as reviews_service
from steward.domains.reviews.schemas import Cadence, ReviewCreate, ReviewUpdate
from steward.domains.rules import service as rules_service
from steward.domains.rules.schemas import RuleCreate

PLAYBOOKS: list[dict[str, Any]] = [
    {"name": "Risk rescue", "cta_type": "risk", "tasks": [
        {"key": "call", "title": "Call the executive sponsor", "offset_days": 1},
        {"key": "plan", "title": "Agree a recovery plan with success criteria", "offset_days": 7,
         "depends_on": ["call"]},
        {"key": "check", "title": "Check progress against the plan", "offset_days": 30,
         "owner": "account_owner", "depends_on": ["plan"]},
    ]},
    {"name": "Renewal preparation", "cta_type": "lifecycle", "tasks": [
        {"key": "usage", "title": "Review usage and outcomes since the last renewal", "offset_days": 0},
        {"key": "qbr", "title": "Hold a business review", "offset_days": 14, "depends_on": ["usage"]},
        {"key": "proposal", "title": "Send the renewal proposal", "offset_days": 30, "depends_on": ["qbr"]},
    ]},
    {"name": "Expansion conversation", "cta_type": "opportunity", "tasks": [
        {"key": "map", "title": "Map teams that could adopt next", "offset_days": 7},
        {"key": "pitch", "title": "Present the expansion case", "offset_days": 21, "depends_on": ["map"]},
    ]},
]  # fmt: skip


HEALTH_FELL = (
    "Hi {owner_name},\n\n{account_name}'s health fell {health_change_7d} points this week to {health} "
    "({grade}). A CTA is waiting in your cockpit.\n"
)


def _mail_owner(subject: str, body: str) -> dict[str, Any]:
    return {"kind": "send_email", "to": "account_owner", "subject": subject, "body": body, "once_per_days": 7}


def _cta(type_: str, reason: str, priority: str, due: int, playbook: int | None = None) -> dict[str, Any]:
    return {"kind": "create_cta", "type": type_, "reason": reason, "priority": priority, "due_in_days": due,
            "playbook_id": playbook}  # fmt: skip


def rules(books: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"name": "Health turned red", "trigger": {"kind": "health_grade", "grades": ["red", "D"]},
         "actions": [_cta("risk", "Health is red", "high", 5, books["Risk rescue"])]},
        {"name": "Health fell 10 points in a week", "trigger": {"kind": "health_drop", "points": 10},
         "actions": [_cta("risk", "Health fell sharply", "urgent", 2),
                     _mail_owner("{account_name}: health fell", HEALTH_FELL)]},
        {"name": "Renewal in 90 days", "trigger": {"kind": "renewal_due", "days": 90},
         "actions": [_cta("lifecycle", "Renewal coming up", "medium", 14, books["Renewal preparation"])]},
        {"name": "High churn risk on a large account", "trigger": {"kind": "churn_risk", "above": 0.5},
         "conditions": [{"field": "arr", "op": "gte", "value": 20000}],
         "actions": [_cta("risk", "High churn risk", "high", 7, books["Risk rescue"])]},
        {"name": "Healthy enterprise account", "trigger": {"kind": "schedule"},
         "conditions": [{"field": "segment", "op": "in", "value": ["Strategic", "Enterprise"]},
                        {"field": "grade", "op": "eq", "value": "green"},
                        {"field": "days_to_renewal", "op": "gt", "value": 120}],
         "actions": [_cta("opportunity", "Expansion candidate", "low", 30, books["Expansion conversation"])]},
    ]  # fmt: skip


def set_up(session: Session, workspace_id: int, rng: random.Random) -> dict[str, int]:
    """Playbooks, rules switched on and run once, and some of the resulting CTAs worked on."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    books = {b["name"]: ctas_service.create_playbook(**scope, data=PlaybookCreate(**b)).id for b in PLAYBOOKS}
    made = [rules_service.create_rule(**scope, data=RuleCreate(**r, enabled=True)) for r in rules(books)]
    for rule in made:
        rules_service.run_now(**scope, rule_id=rule.id)
    page = ctas_service.list_ctas(**scope, limit=200)
    for cta in page.items[: max(3, len(page.items) // 6)]:
        detail = ctas_service.get_cta(**scope, cta_id=cta.id)
        if detail.tasks:
            ctas_service.update_task(
                **scope, cta_id=cta.id, task_id=detail.tasks[0].id, data=TaskUpdate(done=True)
            )
        note = rng.choice(["Left a voicemail; email sent.", "Sponsor agreed to a call next week.",
                           "Usage report shared with the admin."])  # fmt: skip
        ctas_service.add_comment(
            **scope, cta_id=cta.id, author_id=cta.owner_id, data=CommentCreate(body=note)
        )
        if rng.random() < 0.3:
            ctas_service.update_cta(**scope, cta_id=cta.id, data=CtaUpdate(status="in_progress"))
    return {"playbooks": len(books), "rules": len(made), "ctas": page.total}


CHURN_REASONS = [("low_adoption", 5), ("champion_left", 3), ("competitor", 3), ("budget", 2), ("price", 2),
                 ("product_gap", 2), ("acquired", 1)]  # fmt: skip


def renewals(session: Session, workspace_id: int, rng: random.Random, today: date) -> dict[str, int]:
    """The last year's renewals read back from the term history (churns given a reason), then the
    opportunities for the terms ending in the next lead days, a few with a forecast a CSM set."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    names, weights = zip(*CHURN_REASONS, strict=True)
    past = renewals_service.backfill(
        **scope, start=today - timedelta(days=365), end=today,
        churn_reason=lambda _: rng.choices(names, weights)[0],
    )  # fmt: skip
    opened = renewals_service.open_due(**scope, today=today).opened
    for r in renewals_service.list_renewals(**scope, limit=500).items[::5]:
        call = "at_risk" if r.forecast == "best_case" and rng.random() < 0.4 else r.forecast
        renewals_service.update_renewal(**scope, renewal_id=r.id, data=RenewalUpdate(forecast=call))
    return {"renewals_closed": past, "renewals_open": opened}


PLAN_TEMPLATES: list[dict[str, Any]] = [
    {"name": "Enterprise value plan", "segment": "Enterprise", "objectives": [
        {"title": "Roll out to the first business unit", "due_offset_days": 45, "items": [
            {"kind": "task", "title": "Connect single sign-on", "offset_days": 10},
            {"kind": "task", "title": "Import historical data", "offset_days": 20},
            {"kind": "milestone", "title": "First business unit live", "offset_days": 45}]},
        {"title": "Prove the business case", "start_offset_days": 45, "due_offset_days": 150, "items": [
            {"kind": "task", "title": "Agree the baseline metrics", "offset_days": 60},
            {"kind": "milestone", "title": "Report time saved to the sponsor", "offset_days": 120},
            {"kind": "milestone", "title": "Executive business review", "offset_days": 150}]},
        {"title": "Expand to a second team", "start_offset_days": 120, "due_offset_days": 240, "items": [
            {"kind": "task", "title": "Identify the next team with the champion", "offset_days": 140},
            {"kind": "milestone", "title": "Second team onboarded", "offset_days": 240}]},
    ]},
    {"name": "Strategic partnership plan", "segment": "Strategic", "objectives": [
        {"title": "Executive alignment", "due_offset_days": 30, "items": [
            {"kind": "milestone", "title": "Joint success criteria signed off", "offset_days": 30}]},
        {"title": "Global rollout", "start_offset_days": 30, "due_offset_days": 180, "items": [
            {"kind": "task", "title": "Regional admin training", "offset_days": 60},
            {"kind": "milestone", "title": "All regions live", "offset_days": 180}]},
    ]},
    {"name": "Mid-market adoption plan", "segment": "Mid-Market", "objectives": [
        {"title": "Adoption", "due_offset_days": 60, "items": [
            {"kind": "task", "title": "Admin training", "offset_days": 7},
            {"kind": "milestone", "title": "Weekly active use by every seat", "offset_days": 60}]},
    ]},
]  # fmt: skip


def plans(
    session: Session, workspace_id: int, rng: random.Random, today: date, accounts: list[tuple[int, str, str]]
) -> dict[str, int]:
    """Segment templates and a plan for most larger customers (id, name, segment), started weeks to months
    ago, with the items due by now mostly done, so some plans are on track and some behind or stuck."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    for t in PLAN_TEMPLATES:
        plans_service.create_template(**scope, data=TemplateCreate(**t))
    made = shared = 0
    for account_id, name, segment in accounts:
        if segment == "SMB" or rng.random() < 0.25:
            continue
        start = today - timedelta(days=rng.randint(10, 200))
        plan = plans_service.create_plan(**scope, data=PlanCreate(
            account_id=account_id, title=f"{name}: {today.year} success plan", start_date=start))  # fmt: skip
        diligence = rng.choice([0.98, 0.9, 0.9, 0.6])
        for item in (i for o in plan.objectives for i in o.items):
            if item.due_date and item.due_date <= today + timedelta(days=7) and rng.random() < diligence:
                plans_service.update_item(
                    **scope, plan_id=plan.id, item_id=item.id, data=ItemUpdate(done=True)
                )
        if made % 2 == 0:  # every other plan shared with the customer: its contacts read it in the portal
            # The link itself is not kept (the portal needs only the plan marked shared): any secret signs it.
            plans_service.share(**scope, plan_id=plan.id, data=ShareCreate(expires_in_days=730),
                                secret=secrets.token_hex(16))  # fmt: skip
            shared += 1
        made += 1
    return {"success_plans": made, "shared_plans": shared}


def advocacy(
    session: Session, workspace_id: int, rng: random.Random, champions: list[tuple[int, int]]
) -> dict[str, int]:
    """Referral, review and reference requests of the healthiest customers' champions (user id asking),
    most of them done, so the points ledger has advocates on it."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    kinds = ["referral", "review", "case_study", "reference_call", "testimonial", "speaking"]
    made = 0
    for contact_id, owner_id in champions:
        for kind in rng.sample(kinds, rng.choice([1, 1, 2])):
            req = advocacy_service.create_request(
                **scope, data=RequestCreate(contact_id=contact_id, kind=kind), asked_by=owner_id
            )
            status = rng.choices(["completed", "agreed", "declined", "asked"], [6, 2, 1, 1])[0]
            if status != "asked":
                advocacy_service.update_request(
                    **scope, request_id=req.id, data=AdvocacyUpdate(status=status)
                )
            made += 1
    return {"advocacy_requests": made}


REVIEW_NOTES = [
    "Sponsor happy with rollout; wants SSO for the EU team before renewal.",
    "Adoption flat in finance; agreed a training session and a usage target.",
    "New VP of operations; re-pitch the value case next quarter.",
]


def reviews(
    session: Session, workspace_id: int, rng: random.Random, today: date, accounts: list[tuple[int, str]]
) -> dict[str, int]:
    """A review cadence per segment, last quarter's reviews held with notes for about half the larger
    accounts (id, segment), and the next ones scheduled from there."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    cadence = {"Strategic": 90, "Enterprise": 90, "Mid-Market": 180}
    present = {segment for _, segment in accounts}
    reviews_service.set_cadence(
        **scope, data=Cadence(every_days={k: v for k, v in cadence.items() if k in present})
    )
    held = 0
    for account_id, segment in accounts:
        if segment in cadence and rng.random() < 0.5:
            day = today - timedelta(days=rng.randint(20, cadence[segment] + 30))
            review = reviews_service.create_review(
                **scope, data=ReviewCreate(account_id=account_id, due_date=day)
            )
            note = rng.choice(REVIEW_NOTES)
            reviews_service.update_review(
                **scope, review_id=review.id, data=ReviewUpdate(status="held", held_on=day, notes=note)
            )
            held += 1
    scheduled = reviews_service.schedule_due(**scope, today=today).scheduled
    return {"reviews_held": held, "reviews_scheduled": scheduled + held}


ONBOARDING: dict[str, Any] = {
    "name": "Onboarding",
    "enter_when": [{"field": "tenure_days", "op": "lte", "value": 365}],
    "stages": [
        {"key": "kickoff", "name": "Kick-off", "expected_days": 21,
         "exit_when": [{"field": "contacts", "op": "gte", "value": 3}]},
        {"key": "adoption", "name": "Adoption", "expected_days": 60,
         "exit_when": [{"field": "activities_30d", "op": "gte", "value": 3}]},
        {"key": "live", "name": "Live", "value": True, "celebrate": "cta", "expected_days": 90,
         "exit_when": [{"field": "health", "op": "gte", "value": 70}]},
        {"key": "healthy", "name": "Healthy"},
    ],
}  # fmt: skip


def journeys(
    session: Session,
    workspace_id: int,
    rng: random.Random,
    today: date,
    accounts: list[tuple[int, date, float]],
) -> dict[str, int]:
    """The onboarding journey, with the stage history of customers (id, first day, latent health) who
    started in the last year (healthier ones move faster), then advanced on today's data."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    journey = journeys_service.create_journey(**scope, data=JourneyCreate(**ONBOARDING))
    items: list[HistoryItem] = []
    for account_id, start, health in accounts:
        if (today - start).days > 365:
            continue
        day, pace = start, 1.6 if health < -0.5 else 1.0 if health < 0.5 else 0.7
        for key, low, high in (("kickoff", 0, 0), ("adoption", 4, 25), ("live", 15, 80)):
            day += timedelta(days=round(rng.randint(low, high) * pace))
            if day > today:
                break
            items.append(HistoryItem(account_id=account_id, stage=key, on=day))
    placed = journeys_service.import_history(**scope, journey_id=journey.id, data=HistoryImport(items=items))
    moved = journeys_service.advance(**scope, journey_id=journey.id, today=today)
    return {"journey_accounts": placed + moved.entered}
