"""A year of surveys for the demo: a quarterly NPS to every contact and a transactional CSAT, answered in the
contacts' own languages. Scores follow each customer's hidden health; answer rates fall for contacts asked
often (fatigue); and the accounts hit by the planted CRM sync incident turn detractor in the last weeks,
complaining about the integration, so the Integrations theme rises with the recurring issue."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.demo import survey_vocab as vocab
from steward.domains.surveys import respond
from steward.domains.surveys import service as surveys_service
from steward.domains.surveys.models import Survey, SurveyInvite
from steward.domains.surveys.schemas import Answer, SurveyCreate, SurveySettings, ThemeConfig
from steward.domains.tickets.models import Ticket

DAYS = 365
RECENT_DAYS = 21  # answers this recent go on the owners' work lists; older ones are history
NEGATIVE = ("support", "pricing", "export", "usability", "performance")
POSITIVE = ("support", "usability", "onboarding", "product", "product")


@dataclass(frozen=True)
class _Answer:
    survey: Survey
    invite: SurveyInvite
    account_id: int
    contact_id: int
    score: int
    comment: str | None
    at: datetime


@dataclass(frozen=True)
class Customer:
    account_id: int
    health: float
    contacts: list[tuple[int, str]]  # (contact id, language)
    left_on: date | None = None  # a churned customer answers nothing after it left
    sours_from: date | None = None  # before it leaves: lower scores, fewer answers


CUSTOMERS_PER_BATCH = 50  # a batch is one short transaction of the background fill (demo/history.py)
ANSWERS_PER_BATCH = 300
WAVES = DAYS // 90 + 1


def load_batch(
    session: Session,
    workspace_id: int,
    rng: random.Random,
    today: date,
    customers: Sequence[Customer],
    state: dict[str, Any],
) -> float:
    """One short piece: the surveys, then a wave's (or a month's) invitations to some customers, then the
    answers in time order in runs. `state` (JSON, updated) is where the next piece starts, so a caller may
    commit and save it after each piece; returns the share done, 1.0 with state['counts'] at the end. The
    random stream is drawn as one pass would draw it."""
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    start = datetime.combine(today - timedelta(days=DAYS), time(9), tzinfo=UTC)
    now = datetime.combine(today, time(8), tzinfo=UTC)
    if "phase" not in state:
        state.update(_create_surveys(scope, start), phase="nps", round=1, sent=None, next=0)
        state.update(hit=sorted(_crm_incident_accounts(session, workspace_id, now)), asked={}, answers=[])
        return 0.02
    if state["phase"] in ("nps", "csat"):
        _invite_batch(session, rng, customers, state, start, now)
        rounds = int(state["round"]) + (WAVES if state["phase"] == "csat" else 0)
        return 0.02 + 0.5 * min(1.0, rounds / (WAVES + 12))
    answers = state["answers"]
    if state["phase"] == "sort":
        answers.sort(key=lambda a: datetime.fromisoformat(a["at"]))
        state.update(phase="record", next=0)
    run = answers[state["next"] : state["next"] + ANSWERS_PER_BATCH]
    if run:
        _record(session, [_answer(session, a) for a in run], now)
    state["next"] += ANSWERS_PER_BATCH
    if state["next"] < len(answers):
        return 0.55 + 0.45 * int(state["next"]) / len(answers)
    invites = session.scalar(
        select(func.count()).select_from(SurveyInvite).where(SurveyInvite.workspace_id == workspace_id)
    )
    state.update(phase="done", answers=[])
    state["counts"] = {"survey_invites": int(invites or 0), "survey_responses": len(answers)}
    return 1.0


def _create_surveys(scope: dict[str, Any], start: datetime) -> dict[str, int]:
    themes = [ThemeConfig(name=n, examples=list(e)) for n, e in vocab.THEMES.items()]
    surveys_service.set_settings(**scope, data=SurveySettings(throttle_days=30, themes=themes))
    nps = surveys_service.create_survey(
        **scope,
        data=SurveyCreate(
            name="Relationship NPS",
            kind="nps",
            recurrence_days=90,
            questions=[
                {
                    "key": "improve",
                    "type": "text",
                    "prompt": "What one thing should we improve first?",
                    "prompts": {
                        "de": "Was sollten wir zuerst verbessern?",
                        "fr": "Que devrions-nous améliorer en premier ?",
                        "es": "¿Qué deberíamos mejorar primero?",
                    },
                    "show_if": {"score_max": 8},
                },
            ],
        ),
    )
    csat = surveys_service.create_survey(
        **scope,
        data=SurveyCreate(name="Support & onboarding CSAT", kind="csat", purpose="transactional", points=5),
    )
    for survey in (nps, csat):
        survey.created_at = start
    return {"nps": nps.id, "csat": csat.id}


def _invite_batch(
    session: Session,
    rng: random.Random,
    customers: Sequence[Customer],
    state: dict[str, Any],
    start: datetime,
    now: datetime,
) -> None:
    """Some customers' invitations of one NPS wave (every 90 days, to 55% of contacts) or one month's CSAT
    (6%), drawing each round's send time before its first customer; moves state on."""
    nps = state["phase"] == "nps"
    if state["sent"] is None:  # a new round: its send time
        if nps and state["round"] > WAVES:
            state.update(phase="csat", round=1)
        if not nps and state["round"] > 12:
            state.update(phase="sort")
            return
        if state["phase"] == "nps":
            sent = start + timedelta(days=90 * (state["round"] - 1), hours=rng.uniform(0, 48))
            if sent >= now:
                state.update(phase="csat", round=1)
                return
        else:
            sent = start + timedelta(days=30 * (state["round"] - 1) + rng.uniform(0, 28))
        state.update(sent=sent.isoformat(), next=0)
    nps = state["phase"] == "nps"
    survey = session.get(Survey, state["nps" if nps else "csat"])
    assert survey is not None
    sent, hit = datetime.fromisoformat(state["sent"]), set(state["hit"])
    asked = {int(k): [datetime.fromisoformat(t) for t in v] for k, v in state["asked"].items()}
    answers: list[_Answer] = []
    wave = state["round"]
    for c in customers[state["next"] : state["next"] + CUSTOMERS_PER_BATCH]:
        for contact_id, lang in c.contacts:
            if nps and rng.random() < 0.55:
                _ask(session, rng, survey, wave, c, contact_id, lang, sent, now, hit, asked, answers)
            if not nps and rng.random() < 0.06 and sent < now:
                _ask(session, rng, survey, wave, c, contact_id, lang, sent, now, hit, asked, answers)
    session.flush()  # the invitations' ids
    state["answers"] += [_answer_json(a) for a in answers]
    state["asked"] = {str(k): [t.isoformat() for t in v] for k, v in asked.items()}
    state["next"] += CUSTOMERS_PER_BATCH
    if state["next"] >= len(customers):
        state.update(round=state["round"] + 1, sent=None, next=0)


def _answer_json(a: _Answer) -> dict[str, Any]:
    return {
        "survey": a.survey.id, "invite": a.invite.id, "account": a.account_id, "contact": a.contact_id,
        "score": a.score, "comment": a.comment, "at": a.at.isoformat(),
    }  # fmt: skip


def _answer(session: Session, data: dict[str, Any]) -> _Answer:
    survey, invite = session.get(Survey, data["survey"]), session.get(SurveyInvite, data["invite"])
    assert survey is not None and invite is not None
    at = datetime.fromisoformat(data["at"])
    return _Answer(survey, invite, data["account"], data["contact"], data["score"], data["comment"], at)


def _crm_incident_accounts(session: Session, workspace_id: int, now: datetime) -> set[int]:
    """The accounts that opened the planted CRM sync tickets (category integrations) in the last weeks."""
    query = select(Ticket.account_id).where(
        Ticket.workspace_id == workspace_id,
        Ticket.category == "integrations",
        Ticket.created_at >= now - timedelta(days=RECENT_DAYS),
    )
    return {int(a) for a in session.scalars(query) if a is not None}


def _ask(
    session: Session,
    rng: random.Random,
    survey: Survey,
    wave: int,
    c: Customer,
    contact_id: int,
    lang: str,
    sent: datetime,
    now: datetime,
    hit: set[int],
    asked: dict[int, list[datetime]],
    answers: list[_Answer],
) -> None:
    if c.left_on is not None and sent.date() >= c.left_on:
        return
    before = [t for t in asked.get(contact_id, []) if t > sent - timedelta(days=180)]
    asked[contact_id] = [*before, sent]
    invite = SurveyInvite(
        workspace_id=survey.workspace_id,
        survey_id=survey.id,
        contact_id=contact_id,
        account_id=c.account_id,
        wave=wave,
        to_address=f"contact{contact_id}@demo.invalid",
        language=lang,
        nonce=f"demo{contact_id}w{wave}",
        created_at=sent,
        sent_at=sent,
        expires_at=sent + timedelta(days=survey.expires_days),
    )
    session.add(invite)
    at = sent + timedelta(hours=rng.uniform(1, 24 * 6))
    incident = c.account_id in hit and at >= now - timedelta(days=RECENT_DAYS)
    # Fatigue: fewer answers from the often asked; customers in the middle of an incident answer more.
    rate = 0.42 + 0.06 * c.health - 0.08 * len(before) + (0.3 if incident else 0.0)
    souring = c.sours_from is not None and at.date() >= c.sours_from
    if rng.random() > rate - (0.15 if souring else 0.0) or at >= now:
        return
    score = _score(rng, survey.kind, c.health - (2.5 if souring else 0.0), incident)
    comment = _comment(rng, survey.kind, score, lang, incident) if rng.random() < 0.6 else None
    answers.append(_Answer(survey, invite, c.account_id, contact_id, score, comment, at))


def _record(session: Session, answers: list[_Answer], now: datetime) -> None:
    """Store the answers in time order, their comments read in one batch (30x faster than one by one)."""
    session.flush()
    answers.sort(key=lambda a: a.at)
    said = [a.comment for a in answers if a.comment]
    readings = iter(respond.read_comments(session, answers[0].survey.workspace_id, said) if said else [])
    for a in answers:
        row = respond.record(
            session, a.survey, Answer(score=a.score, comment=a.comment), channel="email",
            contact_id=a.contact_id, account_id=a.account_id, wave=a.invite.wave, invite_id=a.invite.id,
            at=a.at, work_list=a.at >= now - timedelta(days=RECENT_DAYS),
            reading=next(readings) if a.comment else None,
        )  # fmt: skip
        a.invite.responded_at = row.responded_at


def _score(rng: random.Random, kind: str, health: float, incident: bool) -> int:
    if kind == "nps":
        raw = 7.4 + 1.5 * health + rng.gauss(0, 1.7) - (4.0 if incident else 0.0)
        return max(0, min(10, round(raw)))
    return max(1, min(5, round(4.0 + 0.6 * health + rng.gauss(0, 0.9))))


def _comment(rng: random.Random, kind: str, score: int, lang: str, incident: bool) -> str:
    good = score >= 9 if kind == "nps" else score >= 4
    bad = score <= 6 if kind == "nps" else score <= 2
    if incident and rng.random() < 0.85:
        key = ("integrations", "negative")
    elif bad:
        key = ("integrations", "negative") if rng.random() < 0.06 else (rng.choice(NEGATIVE), "negative")
    elif good:
        key = (rng.choice(POSITIVE), "positive")
    else:
        key = ("product", "neutral") if rng.random() < 0.6 else (rng.choice(NEGATIVE), "negative")
    texts = vocab.COMMENTS[key]
    return str(rng.choice(texts.get(lang) or texts["en"]))
