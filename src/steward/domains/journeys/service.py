"""Journeys: accounts that meet a journey's entry criteria join its first stage; an account moves on when
its stage's exit criteria hold (the same conditions and fields as rules, checked on every change and
daily), reaching a stage can be celebrated (a CTA or an e-mail to the CSM), and every move is kept so
time in stage, stuck accounts and time to value per cohort are measured, not guessed."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics import journeys as maths
from steward.core.clock import today_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.ctas import service as ctas_service
from steward.domains.journeys import queries
from steward.domains.journeys.models import Journey, JourneyMove, JourneyPosition
from steward.domains.journeys.schemas import (
    DONE,
    AdvanceResult,
    CohortRow,
    HistoryImport,
    JourneyCreate,
    JourneyFields,
    JourneyRead,
    JourneyReport,
    JourneyUpdate,
    Stage,
    StageReport,
    StuckAccount,
)
from steward.domains.mail import service as mail_service
from steward.domains.rules import service as rules_service
from steward.domains.users import service as users_service

CELEBRATION_DUE_DAYS = 3


def create_journey(*, session: Session, workspace_id: int, data: JourneyCreate) -> JourneyRead:
    if any(j.name == data.name for j in queries.journeys(session, workspace_id)):
        raise Conflict(f"a journey named {data.name!r} exists", ("body", "name"))
    _check(session, workspace_id, data)
    row = Journey(
        workspace_id=workspace_id,
        name=data.name,
        enabled=data.enabled,
        definition=data.model_dump(include={"enter_when", "stages"}),
    )
    session.add(row)
    session.flush()
    return _read(row)


def _check(session: Session, workspace_id: int, data: JourneyFields) -> None:
    rules_service.check_conditions(data.enter_when, ("body", "enter_when"))
    for i, stage in enumerate(data.stages):
        rules_service.check_conditions(stage.exit_when, ("body", "stages", i, "exit_when"))
        if stage.celebrate == "cta" and "lifecycle" not in ctas_service.cta_types(
            session=session, workspace_id=workspace_id
        ):
            raise Invalid(
                "celebrating with a CTA needs the lifecycle CTA type", ("body", "stages", i, "celebrate")
            )


def list_journeys(*, session: Session, workspace_id: int) -> list[JourneyRead]:
    return [_read(j) for j in queries.journeys(session, workspace_id)]


def get_journey(*, session: Session, workspace_id: int, journey_id: int) -> JourneyRead:
    return _read(_get(session, workspace_id, journey_id))


def update_journey(
    *, session: Session, workspace_id: int, journey_id: int, data: JourneyUpdate
) -> JourneyRead:
    row = _get(session, workspace_id, journey_id)
    for name in data.model_fields_set:
        value = getattr(data, name)
        if value is None:
            raise Invalid(f"{name} cannot be null", ("body", name))
        if name == "name" and any(
            j.name == value and j.id != row.id for j in queries.journeys(session, workspace_id)
        ):
            raise Conflict(f"a journey named {value!r} exists", ("body", "name"))
        setattr(row, name, value)
    session.flush()
    return _read(row)


def advance_all(
    *,
    session: Session,
    workspace_id: int,
    account_ids: Collection[int] | None = None,
    today: date | None = None,
) -> dict[int, AdvanceResult]:
    """Every enabled journey of the workspace over these accounts (all by default), on one shared frame."""
    rows = queries.journeys(session, workspace_id, enabled_only=True)
    if not rows:
        return {}
    specs = [(r, JourneyFields(**r.definition)) for r in rows]
    fields = {
        c.field
        for _, spec in specs
        for c in [*spec.enter_when, *(c for s in spec.stages for c in s.exit_when)]
    }
    frame = rules_service.frame_for(
        session=session, workspace_id=workspace_id, account_ids=account_ids, fields=fields
    )
    return {r.id: _advance(session, r, spec, frame, today or today_utc()) for r, spec in specs}


def advance(
    *, session: Session, workspace_id: int, journey_id: int, today: date | None = None
) -> AdvanceResult:
    row = _get(session, workspace_id, journey_id)
    spec = JourneyFields(**row.definition)
    fields = {c.field for c in [*spec.enter_when, *(c for s in spec.stages for c in s.exit_when)]}
    frame = rules_service.frame_for(session=session, workspace_id=workspace_id, fields=fields)
    return _advance(session, row, spec, frame, today or today_utc())


def _advance(
    session: Session, row: Journey, spec: JourneyFields, frame: pd.DataFrame, today: date
) -> AdvanceResult:
    positions = {p.account_id: p for p in queries.positions(session, row.id)}
    reached: list[tuple[int, Stage]] = []
    entering = rules_service.passes(frame, spec.enter_when) if spec.enter_when else np.ones(len(frame), bool)
    first = spec.stages[0]
    entered = 0
    for account_id in (int(a) for a in frame.index[entering]):
        if account_id in positions:
            continue
        positions[account_id] = p = JourneyPosition(
            workspace_id=row.workspace_id,
            journey_id=row.id,
            account_id=account_id,
            stage=first.key,
            stage_since=today,
            started_on=today,
            value_on=today if first.value else None,
        )
        session.add(p)
        session.add(
            JourneyMove(
                workspace_id=row.workspace_id,
                journey_id=row.id,
                account_id=account_id,
                to_stage=first.key,
                on=today,
            )
        )
        reached.append((account_id, first))
        entered += 1
    moved = completed = 0
    for i, stage in enumerate(spec.stages):  # in order, so an account can pass several stages at once
        here = [
            a
            for a in frame.index
            if a in positions and positions[a].stage == stage.key and positions[a].completed_on is None
        ]
        if not here or not stage.exit_when:
            continue
        going = frame.loc[here].index[rules_service.passes(frame.loc[here], stage.exit_when)]
        for account_id in (int(a) for a in going):
            p = positions[account_id]
            last = i == len(spec.stages) - 1
            nxt = None if last else spec.stages[i + 1]
            session.add(
                JourneyMove(
                    workspace_id=row.workspace_id,
                    journey_id=row.id,
                    account_id=account_id,
                    to_stage=DONE if nxt is None else nxt.key,
                    on=today,
                )
            )
            if nxt is None:
                p.completed_on, completed = today, completed + 1
                continue
            p.stage, p.stage_since, moved = nxt.key, today, moved + 1
            if nxt.value and p.value_on is None:
                p.value_on = today
            reached.append((account_id, nxt))
    session.flush()
    celebrated = _celebrate(session, row, [(a, s) for a, s in reached if s.celebrate != "none"], today)
    return AdvanceResult(entered=entered, moved=moved, completed=completed, celebrated=celebrated)


def _celebrate(session: Session, row: Journey, reached: list[tuple[int, Stage]], today: date) -> int:
    if not reached:
        return 0
    scope: dict[str, Any] = {"session": session, "workspace_id": row.workspace_id}
    names = accounts_service.names(**scope, ids=[a for a, _ in reached])
    ctas = [
        ctas_service.RuleCta(
            account_id=a,
            type="lifecycle",
            reason=f"{row.name}: reached {s.name}"[:200],
            title=f"{names.get(a, '')} reached {s.name}: celebrate it with the customer"[:300],
            priority="low",
            due_date=today + timedelta(days=CELEBRATION_DUE_DAYS),
            rule_id=None,
            source="journey",
        )
        for a, s in reached
        if s.celebrate == "cta"
    ]
    made, _ = ctas_service.upsert_rule_ctas(**scope, items=ctas) if ctas else (0, 0)
    mailed = [(a, s) for a, s in reached if s.celebrate == "email_owner"]
    owners = {a: o for a, o in accounts_service.owners(**scope, ids=[a for a, _ in mailed]).items() if o}
    people = users_service.emails_by_id(**scope, ids=set(owners.values()))
    mails = [
        mail_service.Outgoing(
            to_address=people[owners[a]][1],
            account_id=a,
            subject=f"{names.get(a, '')} reached {s.name}",
            body=f"Hi {people[owners[a]][0]},\n\n{names.get(a, '')} reached {s.name} on the {row.name} "
            f"journey today. A good moment to congratulate them.\n",
        )
        for a, s in mailed
        if a in owners and owners[a] in people
    ]
    queued, _ = mail_service.enqueue(**scope, items=mails) if mails else (0, 0)
    return made + queued


def import_history(*, session: Session, workspace_id: int, journey_id: int, data: HistoryImport) -> int:
    """Stage dates kept elsewhere, for accounts not on the journey yet; all or nothing. Returns how many."""
    row = _get(session, workspace_id, journey_id)
    spec = JourneyFields(**row.definition)
    keys = [s.key for s in spec.stages]
    known = accounts_service.require_ids(
        session=session, workspace_id=workspace_id, ids=list({i.account_id for i in data.items})
    )
    taken = {p.account_id for p in queries.positions(session, row.id)}
    history: dict[int, list[tuple[str, date]]] = {}
    for n, item in enumerate(data.items):
        at = ("body", "items", n)
        if item.account_id not in known:
            raise Invalid(f"no account with id {item.account_id} in this workspace", (*at, "account_id"))
        if item.account_id in taken:
            raise Conflict("this account is on the journey already", (*at, "account_id"))
        if item.stage not in (*keys, DONE):
            raise Invalid(
                f"no stage {item.stage!r}; stages are {', '.join(keys)} (and {DONE})", (*at, "stage")
            )
        before = history.setdefault(item.account_id, [])
        if before and (item.on < before[-1][1] or keys.index(before[-1][0]) >= _rank(item.stage, keys)):
            raise Invalid("an account's moves go forward in stage order and in date order", (*at, "on"))
        if before and before[-1][0] == DONE:
            raise Invalid("nothing follows done", (*at, "stage"))
        if not before and item.stage == DONE:
            raise Invalid("an account's first move is into a stage, not done", (*at, "stage"))
        before.append((item.stage, item.on))
    value = next((s.key for s in spec.stages if s.value), None)
    for account_id, moves in history.items():
        stays = [(k, on) for k, on in moves if k != DONE]
        session.add(
            JourneyPosition(
                workspace_id=workspace_id,
                journey_id=row.id,
                account_id=account_id,
                stage=stays[-1][0],
                stage_since=stays[-1][1],
                started_on=moves[0][1],
                value_on=next((on for k, on in moves if k == value), None),
                completed_on=moves[-1][1] if moves[-1][0] == DONE else None,
            )
        )
        session.add_all(
            JourneyMove(
                workspace_id=workspace_id, journey_id=row.id, account_id=account_id, to_stage=k, on=on
            )
            for k, on in moves
        )
    session.flush()
    return len(history)


def _rank(stage: str, keys: list[str]) -> int:
    return len(keys) if stage == DONE else keys.index(stage)


def report(
    *, session: Session, workspace_id: int, journey_id: int, today: date | None = None
) -> JourneyReport:
    today = today or today_utc()
    row = _get(session, workspace_id, journey_id)
    spec = JourneyFields(**row.definition)
    positions = queries.positions(session, row.id)
    stays = maths.days_in_stage(
        [maths.Move(m.account_id, m.to_stage, m.on) for m in queries.moves(session, row.id)]
    )
    names = accounts_service.names(
        session=session, workspace_id=workspace_id, ids=[p.account_id for p in positions]
    )
    stages = []
    for s in spec.stages:
        here = [p for p in positions if p.stage == s.key and p.completed_on is None]
        late = [p for p in here if s.expected_days and (today - p.stage_since).days > s.expected_days]
        stages.append(
            StageReport(
                key=s.key,
                name=s.name,
                accounts=len(here),
                median_days=maths.median_days(stays.get(s.key, [])),
                expected_days=s.expected_days,
                stuck=sorted(
                    (
                        StuckAccount(
                            account_id=p.account_id,
                            name=names.get(p.account_id, ""),
                            days=(today - p.stage_since).days,
                        )
                        for p in late
                    ),
                    key=lambda x: -x.days,
                ),
            )
        )
    cohorts = maths.time_to_value([(p.started_on, p.value_on) for p in positions])
    return JourneyReport(
        journey=_read(row),
        accounts=len(positions),
        completed=sum(p.completed_on is not None for p in positions),
        stages=stages,
        time_to_value=[CohortRow(**c.__dict__) for c in cohorts],
    )


def _get(session: Session, workspace_id: int, journey_id: int) -> Journey:
    row = queries.journey(session, workspace_id, journey_id)
    if row is None:
        raise NotFound("journey", journey_id)
    return row


def _read(row: Journey) -> JourneyRead:
    return JourneyRead(
        id=row.id, name=row.name, enabled=row.enabled, created_at=row.created_at, **row.definition
    )
