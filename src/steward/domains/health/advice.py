"""Scorecard advice from a workspace's own history: the scorecard's inputs as of each monthly snapshot
day, labelled with whether the account churned within the horizon after it, handed to
analytics.scorecard_advice; and the explicit apply of a suggestion by an admin."""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics import scorecard_advice
from steward.analytics.health import Scorecard, Thresholds
from steward.core.clock import today_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.churn import service as churn_service
from steward.domains.health import queries, service
from steward.domains.health.inputs import gather
from steward.domains.health.models import HealthScorecard
from steward.domains.health.schemas import (
    AdviceApplied,
    AdviceRead,
    AdviceSplit,
    BandRead,
    MeasureAdviceRead,
    ScorecardCreate,
    ScorecardRead,
    ThresholdsIn,
)
from steward.domains.health.scoring import analytics_card

log = logging.getLogger(__name__)


def advise(
    *,
    session: Session,
    workspace_id: int,
    scorecard_id: int,
    horizon_days: int = 90,
    today: date | None = None,
) -> AdviceRead:
    """Per measure, how well it separated later churners and the churn rate in each band; suggested
    thresholds and weights, and both scorecards' ROC AUC on months later than the suggestion was fitted on.
    Computed on demand; nothing is written."""
    row = _scorecard(session, workspace_id, scorecard_id)
    card = analytics_card(row)
    raw, y, days, accounts = _history(session, workspace_id, row, horizon_days, today or today_utc())
    found = scorecard_advice.advise(card, raw, y, days, accounts, horizon_days=horizon_days)
    suggested = None if found.suggested_card is None else _suggested(row, found.suggested_card)
    mapping_of = {m["key"]: m["mapping"] for g in row.definition["groups"] for m in g["measures"]}
    split = found.split
    return AdviceRead(
        scorecard_id=row.id, scorecard=row.name, horizon_days=horizon_days, enough_history=found.enough,
        needs=_scoped(found.needs, row), months=found.months, snapshots=found.snapshots,
        churned_accounts=found.churned_accounts,
        measures=[_measure(card, m, mapping_of[m.key]) for m in found.measures],
        split=None if split is None else AdviceSplit(
            fit_months=split.fit_months, fit_snapshots=split.fit_snapshots, fit_churned=split.fit_churned,
            fit_until=split.fit_until.date(), eval_from=split.eval_from.date(), eval_months=split.eval_months,
            eval_snapshots=split.eval_snapshots, eval_churned=split.eval_churned,
        ),
        current_roc_auc=found.current_auc, suggested_roc_auc=found.suggested_auc, suggested=suggested,
        fingerprint=None if suggested is None else fingerprint(suggested),
        differs=suggested is not None and suggested.model_dump(exclude={"name"}) != _current(row),
    )  # fmt: skip


def apply_advice(
    *,
    session: Session,
    workspace_id: int,
    scorecard_id: int,
    user_id: int | None,
    horizon_days: int = 90,
    expected: str | None = None,
    today: date | None = None,
) -> AdviceApplied:
    """Replace the scorecard's thresholds and weights with the advice computed now (refused when
    `expected`, the fingerprint the admin saw, no longer matches) and score today again. Logged with the
    definitions before and after: scorecard edits keep no audit table of their own."""
    advice = advise(
        session=session, workspace_id=workspace_id, scorecard_id=scorecard_id, horizon_days=horizon_days,
        today=today,
    )  # fmt: skip
    if advice.suggested is None:
        raise Invalid(advice.needs or "there is no suggestion to apply", ("workspace", "history"))
    if not advice.differs:
        raise Conflict("the scorecard already has the suggested thresholds and weights", ("scorecard",))
    if expected is not None and expected != advice.fingerprint:
        raise Conflict("the advice changed since it was shown; read it again", ("body", "fingerprint"))
    row = _scorecard(session, workspace_id, scorecard_id)
    previous = ScorecardRead(id=row.id, name=row.name, **copy.deepcopy(row.definition))
    applied = service.replace_scorecard(
        session=session, workspace_id=workspace_id, scorecard_id=scorecard_id, data=advice.suggested
    )
    log.info(
        "scorecard advice applied",
        extra={
            "workspace_id": workspace_id, "scorecard_id": scorecard_id, "user_id": user_id,
            "fingerprint": advice.fingerprint, "before": previous.model_dump(mode="json"),
            "after": applied.model_dump(mode="json"),
        },
    )  # fmt: skip
    return AdviceApplied(scorecard=applied, previous=previous)


def _scoped(needs: str | None, row: HealthScorecard) -> str | None:
    """Say that the history counted is that of the scorecard's own accounts, when rules narrow them."""
    rules = row.definition.get("rules") or []
    if needs is None or not rules:
        return needs
    which = "; ".join(f"{r['field']} {', '.join(r['values'])}" for r in rules)
    return f"{needs} among the accounts this scorecard scores ({which}, by their current values)"


def _current(row: HealthScorecard) -> dict[str, Any]:
    return ScorecardCreate(name=row.name, **row.definition).model_dump(exclude={"name"})


def fingerprint(data: ScorecardCreate) -> str:
    text = json.dumps(data.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _scorecard(session: Session, workspace_id: int, scorecard_id: int) -> HealthScorecard:
    row = queries.scorecard(session, workspace_id, scorecard_id)
    if row is None:
        raise NotFound("scorecard", scorecard_id)
    return row


def _history(
    session: Session, workspace_id: int, row: HealthScorecard, horizon_days: int, today: date
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """One row per (account, snapshot day) the scorecard scores: its inputs as of that day (the same
    gather that scores it daily, so support, surveys and sentiment count as they stood then), the label,
    the day and the account."""
    snaps = churn_service.labelled_history(
        session=session, workspace_id=workspace_id, horizon_days=horizon_days, today=today
    )
    label = {
        (int(a), pd.Timestamp(d).date()): int(t)
        for a, d, t in zip(snaps.accounts, snaps.days, snaps.y, strict=True)
    }
    days = sorted({d for _, d in label})
    if not days:
        return pd.DataFrame(), *(np.array([], dtype=np.int64) for _ in range(3))  # type: ignore[return-value]
    rules = row.definition.get("rules") or []
    frames, ys, ds, accs = [], [], [], []
    for day, inputs in gather(session, workspace_id, days, today).items():
        frame = inputs.select(rules).values
        known = [(a, label[(int(a), day)]) for a in frame.index if (int(a), day) in label]
        if not known:
            continue
        ids = [a for a, _ in known]
        frames.append(frame.loc[ids])
        ys.append(np.array([t for _, t in known], dtype=np.int64))
        ds.append(np.full(len(ids), np.datetime64(day, "D")))
        accs.append(np.array(ids, dtype=np.int64))
    if not frames:
        return pd.DataFrame(), *(np.array([], dtype=np.int64) for _ in range(3))  # type: ignore[return-value]
    raw = pd.concat(frames).reset_index(drop=True)
    return raw, np.concatenate(ys), np.concatenate(ds), np.concatenate(accs)


def _suggested(row: HealthScorecard, card: Scorecard) -> ScorecardCreate:
    """The stored definition with the suggested weights and thresholds; all else (formulas, staleness,
    grades, rules) as it was."""
    definition: dict[str, Any] = copy.deepcopy(row.definition)
    learned = {g.key: g for g in card.groups}
    for group in definition["groups"]:
        new = learned[group["key"]]
        group["weight"] = new.weight
        by_key = {m.key: m for m in new.measures}
        for measure in group["measures"]:
            m = by_key[measure["key"]]
            measure["weight"] = m.weight
            if isinstance(m.mapping, Thresholds) and _changed(measure["mapping"], m.mapping):
                measure["mapping"] = {"kind": "thresholds", "poor": m.mapping.poor, "good": m.mapping.good}
    return ScorecardCreate(name=row.name, **definition)


def _changed(stored: dict[str, Any], new: Thresholds) -> bool:
    return stored.get("kind", "thresholds") != "thresholds" or (stored["poor"], stored["good"]) != (
        new.poor,
        new.good,
    )


def _bands(bands: list[scorecard_advice.Band]) -> list[BandRead]:
    return [
        BandRead(label=b.label, snapshots=b.snapshots, churned=b.churned, churn_rate=b.churn_rate)
        for b in bands
    ]


def _measure(
    card: Scorecard, m: scorecard_advice.MeasureAdvice, mapping: dict[str, Any]
) -> MeasureAdviceRead:
    now = next(x.mapping for x in card.measures if x.key == m.key)
    cuts, new_cuts = (scorecard_advice.cut_values(card, x) for x in (now, m.suggested or now))
    return MeasureAdviceRead(
        cuts=None if cuts is None else list(cuts),
        suggested_cuts=None if m.suggested is None or new_cuts is None else list(new_cuts),
        key=m.key, group=m.group, coverage=m.coverage, roc_auc=m.auc, direction=m.direction,
        mapping_agrees=m.agrees, mapping=mapping, bands=_bands(m.bands),
        suggested_mapping=None if m.suggested is None
        else ThresholdsIn(poor=m.suggested.poor, good=m.suggested.good),
        current_bands_later=_bands(m.current_bands_later), suggested_bands_later=_bands(m.suggested_bands),
        weight=m.weight, suggested_weight=m.suggested_weight,
    )  # fmt: skip
