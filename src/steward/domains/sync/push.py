"""Health pushed back to the CRM: each linked account's health score, grade, churn risk and NPS written to
the HubSpot company properties (100 companies per batch update) or Salesforce Account fields (200 records per
sObject Collections update) a push source names, values unchanged since the last push skipped; every push is
a run of its source (read, updated, unchanged, refused with the CRM's reason)."""

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
from steward.domains.sync import frame, hubspot_source, queries, salesforce_source
from steward.domains.sync.inputs import ReadSpec
from steward.domains.sync.models import SyncRecord
from steward.domains.sync.runs import MAX_PROBLEMS, RunStart

BATCH = 100  # HubSpot's batch update takes at most 100 inputs
LINKED_BY = {"hubspot": "companies", "salesforce": "accounts"}  # the source object whose ids a push writes


def measures(
    session: Session, workspace_id: int, today: date, kind: str = "hubspot"
) -> list[tuple[str, dict[str, Any]]]:
    """(CRM id, {measure: value}) of every account linked to that CRM with at least one value."""
    externals = queries.linked_ids(session, workspace_id, kind, LINKED_BY[kind])
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
    the CRM does not have, a bad token) fails the run; a record the CRM does not take is refused alone."""
    with unit_of_work() as s:
        src = queries.source(s, workspace_id, source_id)
        if src is None:
            raise NotFound("sync source", source_id)
        properties = dict(src.mapping)  # measure -> HubSpot property
        rows = measures(s, workspace_id, today, spec.kind)
        stored = queries.digests(s, workspace_id, source_id, [e for e, _ in rows])
    pending = []
    unchanged = 0
    for external, values in rows:
        if spec.kind == "salesforce":  # typed JSON: numbers for number fields, null clears a field
            body = {properties[m]: v for m, v in values.items() if m in properties}
        else:  # HubSpot takes every property value as text, "" clearing it
            body = {
                properties[m]: ("" if v is None else str(v)) for m, v in values.items() if m in properties
            }
        digest = frame.digest(body)
        if stored.get(external) == digest:
            unchanged += 1
        else:
            pending.append((external, body, digest))
    _record(workspace_id, start.run_id, read=len(rows), unchanged=unchanged)
    size = salesforce_source.BATCH if spec.kind == "salesforce" else BATCH
    for at in range(0, len(pending), size):
        chunk = pending[at : at + size]
        if spec.kind == "salesforce":
            missing = salesforce_source.update_accounts(spec, [(e, body) for e, body, _ in chunk])
        else:
            missing = _hubspot_update(spec, [(e, body) for e, body, _ in chunk])
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


def _hubspot_update(spec: ReadSpec, chunk: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """One batch update of company properties; {company id: HubSpot's reason} for those it refused."""
    hub = hubspot_source.client(spec)
    inputs = {"inputs": [{"id": e, "properties": body} for e, body in chunk]}
    answer = hubspot_source.call(
        partial(hub.crm.companies.batch_api.update, batch_input_simple_public_object_batch_input=inputs)
    )
    missing: dict[str, str] = {}
    for error in getattr(answer, "errors", None) or []:
        for company in (getattr(error, "context", None) or {}).get("ids", []):
            missing[str(company)] = f"HubSpot: {error.message}"
    return missing


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
