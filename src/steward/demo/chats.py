"""Demo step: a year of live chats that became tickets on the "chat" channel (through the chat domain's
record_ended_chat, the same rows a live chat's end writes): each a short transcript with an agent, answered in
a few minutes (the first response), solved when the chat ended, and some rated by the customer."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from steward.core.roles import Role
from steward.domains.chat import service as chat_service
from steward.domains.chat.history import PastLine, record_ended_chat
from steward.domains.tickets.models import CsatSurvey, Ticket
from steward.domains.users.models import User

CHATS = 36  # a few dozen over the year
DAYS = 365
RATED = 0.6  # the share of chats the customer rated at the end
SCRIPTS = [
    ("Hi, the CSV export has been spinning for ten minutes.", "Hello! Let me look at your export queue.",
     "It is a big one, about 200k rows.", "Found a stuck job; I restarted it."),
    ("How do I add a new admin to our workspace?", "Hi! Go to Settings, then Users, and press Invite.",
     "Do they need a licence seat?", "Admins use a seat like any user; you have three free."),
    ("Our invoice shows the wrong VAT number.", "Sorry about that. Which invoice number is it?",
     "INV-2291.", "Corrected and re-issued; the new PDF is in Billing."),
    ("SSO login fails with 'audience mismatch'.", "Hi, that is usually the Entity ID. Which IdP do you use?",
     "Okta.", "Set the audience to the Entity ID shown on the SSO page and it will work."),
    ("Can we move our renewal date to January?", "Hi! Yes, we can co-term it. How many seats at renewal?",
     "Same as now.", "Done: your renewal is on 1 January, prorated on the next invoice."),
    ("The dashboard is very slow this morning.", "Hello, we are checking. Which region are you in?",
     "EU.", "A cache node restarted; pages are back to normal speed now."),
]  # fmt: skip
SEED = sum((i + 1) * ord(c) for i, c in enumerate("live chat"))  # its own numbers: other steps unchanged


def step_chats(ctx: Any) -> None:
    """The demo step (generator.DemoContext): CHATS ended chats of current customers' contacts."""
    rng = random.Random(SEED)
    s, ws = ctx.session, ctx.workspace_id
    chat_service.channel(session=s, workspace_id=ws)  # the widget's key, as a live workspace has
    agents = list(s.scalars(select(User.id).where(User.workspace_id == ws, User.role == Role.agent.value)))
    current = [a for a in ctx.accounts if a.churn_date is None and a.external_id in ctx.account_ids]
    people = [(ctx.account_ids[a.external_id], c) for a in current for c in a.contact_ids[:2]]
    if not agents or not people:
        return
    made = rated = 0
    for day in sorted(rng.sample(range(1, DAYS), CHATS), reverse=True):
        account_id, contact_id = rng.choice(people)
        when = ctx.today - timedelta(days=day)
        at = datetime.combine(when, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=UTC)
        lines = []
        for i, body in enumerate(rng.choice(SCRIPTS)):
            at += timedelta(seconds=rng.randint(40, 420) if i % 2 else rng.randint(30, 120))
            lines.append(PastLine("agent" if i % 2 else "customer", body, at))
        ticket_id = record_ended_chat(
            session=s, workspace_id=ws, account_id=account_id, contact_id=contact_id,
            agent_id=rng.choice(agents), lines=lines, ended_at=at + timedelta(minutes=1),
        )  # fmt: skip
        made += 1
        if rng.random() < RATED:
            rated += _rate(s, ws, ticket_id, rng)
    s.flush()
    ctx.counts.update({"chats": made, "chat ratings": rated})


def _rate(session: Any, workspace_id: int, ticket_id: int, rng: random.Random) -> int:
    """The customer's answer to the question that closes a chat (a survey written as the demo's service desk
    writes its old ones: no survey is opened for an old ticket)."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.solved_at is None:
        return 0
    survey = session.scalars(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket_id)).first()
    if survey is None:
        survey = CsatSurvey(
            workspace_id=workspace_id, ticket_id=ticket_id, account_id=ticket.account_id,
            agent_id=ticket.assignee_id, team_id=ticket.team_id, to_address=None, scale="five",
            questions=[], nonce=f"demochat{ticket_id}", created_at=ticket.solved_at,
            sent_at=ticket.solved_at, expires_at=ticket.solved_at + timedelta(days=30), answers={},
        )  # fmt: skip
        session.add(survey)
    survey.rating = rng.choices([5, 4, 3, 2], weights=[6, 3, 1, 0.5])[0]
    survey.responded_at = ticket.solved_at + timedelta(minutes=1)
    return 1
