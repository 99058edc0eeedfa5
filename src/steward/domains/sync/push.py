"""Health pushed back to HubSpot: each linked account's health score, grade, churn risk and NPS written to
the company properties a push source names, 100 companies per batch update, values unchanged since the last
push skipped; every push is a run of its source (read, updated, unchanged, refused with HubSpot's reason)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from steward.core.bulk import upsert_rows
from steward.core.db import unit_of_work
from steward.core.errors import NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.churn import service as churn_service
from steward.domains.health import service as health_service
from steward.domains.surveys import service as surveys_service
from steward.domains.sync import frame, hubspot_source, queries
from steward.domains.sync.inputs import ReadSpec
from steward.domains.sync.models import SyncRecord
from steward.domains.sync.runs import MAX_PROBLEMS, RunStart

BATCH = 100  # HubSpot's batch update takes at most 100 inputs


def measures(session: Session, workspace_id: int, today: date) -> list[tuple[str, dict[str, Any]]]:
    """(HubSpot company id, {measure: value}) of every linked account with at least one value."""
    externals = queries.hubspot_company_ids(session, workspace_id)
    ids = accounts_service.ids_by_external_id(
        session=session, workspace_id=workspace_id, external_ids=externals
    )
    accounts = accounts_service.by_ids(session=session, workspace_id=workspace_id, ids=list(ids.values()))
    health = health_service.current_scores(session=session, workspace_id=workspace_id, accounts=accounts)
    risk = churn_service.probabilities(
        session=session, workspace_id=workspace_id, account_ids=list(ids.values())
    )
    nps_frame = surveys_service.account_measures(
        session=session, workspace_id=workspace_id, days=[today], account_ids=list(ids.values())
    ).get(today)
    nps: dict[int, Any] = {}
    if nps_frame is not None and not nps_frame.empty:
        column = nps_frame["nps_180d"]  # indexed by account id; NaN: no NPS answers
        nps = {int(str(a)): v for a, v in column.items() if v == v}
    out = []
    for external in sorted(ids):
        account_id = ids[external]
        score = health.get(account_id)
        values = {
            "health_score": round(score.overall, 1) if score and score.overall is not None else None,
            "health_grade": score.grade if score else None,
            "churn_risk": round(risk[account_id], 3) if account_id in risk else None,
            "nps": round(float(nps[account_id]), 1) if nps.get(account_id) is not None else None,
        }
        if any(v is not None for v in values.values()):
            out.append((external, values))
    return out


def push(workspace_id: int, source_id: int, start: RunStart, spec: ReadSpec, today: date) -> None:
    """One push run's work; the caller records its start and its end. A whole-batch refusal (a property
    HubSpot does not have, a bad token) fails the run; a company HubSpot does not know is refused alone."""
    with unit_of_work() as s:
        src = queries.source(s, workspace_id, source_id)
        if src is None:
            raise NotFound("sync source", source_id)
        properties = dict(src.mapping)  # measure -> HubSpot property
        rows = measures(s, workspace_id, today)
        stored = queries.digests(s, workspace_id, source_id, [e for e, _ in rows])
    pending = []
    unchanged = 0
    for external, values in rows:
        body = {properties[m]: ("" if v is None else str(v)) for m, v in values.items() if m in properties}
        digest = frame.digest(body)
        if stored.get(external) == digest:
            unchanged += 1
        else:
            pending.append((external, body, digest))
    _record(workspace_id, start.run_id, read=len(rows), unchanged=unchanged)
    hub = hubspot_source.client(spec)
    for at in range(0, len(pending), BATCH):
        chunk = pending[at : at + BATCH]
        inputs = {"inputs": [{"id": e, "properties": body} for e, body, _ in chunk]}
        answer = hubspot_source.call(
            partial(hub.crm.companies.batch_api.update, batch_input_simple_public_object_batch_input=inputs)
        )
        missing: dict[str, str] = {}
        for error in getattr(answer, "errors", None) or []:
            for company in (getattr(error, "context", None) or {}).get("ids", []):
                missing[str(company)] = f"HubSpot: {error.message}"
        with unit_of_work() as s:
            written = [(e, d) for e, _, d in chunk if e not in missing]
            upsert_rows(
                s, SyncRecord.__table__,  # type: ignore[arg-type]
                [{"source_id": source_id, "external_id": e, "workspace_id": workspace_id, "digest": d}
                 for e, d in written],
                ("source_id", "external_id"), ["digest"],
            )  # fmt: skip
            problems = [{"row": None, "external_id": e, "column": None, "msg": m} for e, m in missing.items()]
            _add(s, workspace_id, start.run_id, updated=len(written), problems=problems)


def _record(workspace_id: int, run_id: int, *, read: int, unchanged: int) -> None:
    with unit_of_work() as s:
        run = queries.run(s, workspace_id, run_id)
        if run is not None:
            run.rows_read, run.unchanged = read, unchanged


def _add(s: Session, workspace_id: int, run_id: int, *, updated: int, problems: list[dict[str, Any]]) -> None:
    run = queries.run(s, workspace_id, run_id)
    if run is None:
        return
    run.batches += 1
    run.updated += updated
    run.refused += len(problems)
    if problems and len(run.problems) < MAX_PROBLEMS:
        run.problems = [*run.problems, *problems][:MAX_PROBLEMS]
