"""Reads for the ideal customer profile: the workspace's accounts and subscription history through their
domains' services into analytics.icp, computed on demand (nothing stored)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics import icp, icp_fit
from steward.analytics.icp_fit import Fit, IcpModel, RowIssue
from steward.core.clock import today_utc
from steward.core.errors import ErrorItem, Invalid
from steward.domains.accounts import service as accounts_service
from steward.domains.health import service as health_service
from steward.domains.icp.schemas import (
    AccountFitRead,
    GroupRead,
    IcpProfile,
    NotReadyRead,
    ProspectFitRead,
    ProspectScoreRead,
    ReasonRead,
    RowIssueRead,
    ValueRead,
)
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.workspaces import service as workspaces_service

LABELS = {"segment": "Segment", "tier": "Tier", "industry": "Industry", "region": "Region",
          "plan": "Plan", "seats": "Seats"}  # fmt: skip
CUSTOM_KINDS = ("text", "bool", "number")  # dates and URLs are not firmographics


def _history(
    session: Session, workspace_id: int, today: date
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """(raw attributes per account, outcomes per account, attribute labels)."""
    rows = subscriptions_service.model_terms(session=session, workspace_id=workspace_id)
    cols = ["account_id", "start_date", "end_date", "amount_minor", "billing_period", "seats", "auto_renew",
            "notice_days", "plan"]  # fmt: skip
    terms = pd.DataFrame(rows, columns=cols)
    for column in ("start_date", "end_date"):
        terms[column] = pd.to_datetime(terms[column]).astype("datetime64[s]")
    outcome = icp.outcomes(terms, today)
    accounts = accounts_service.model_attributes(session=session, workspace_id=workspace_id)
    attrs = pd.DataFrame(
        [r[:5] for r in accounts], columns=["id", "segment", "tier", "industry", "region"], dtype=object
    ).set_index("id")
    # What the customer first bought: the plan and seats of its largest first term.
    first = terms.sort_values(["account_id", "start_date", "amount_minor"], ascending=[True, True, False])
    first = first.drop_duplicates("account_id").set_index("account_id")
    attrs["plan"] = first["plan"].reindex(attrs.index).astype(object)
    attrs["seats"] = pd.to_numeric(first["seats"].reindex(attrs.index), errors="coerce").astype(object)
    attrs["seats"] = attrs["seats"].map(lambda v: None if pd.isna(v) else float(v))
    labels = dict(LABELS)
    kinds = workspaces_service.custom_field_types(
        session=session, workspace_id=workspace_id, entity="account"
    )
    custom = accounts_service.custom_values(session=session, workspace_id=workspace_id)
    for key, kind in sorted(kinds.items()):
        if kind not in CUSTOM_KINDS:
            continue
        name = key if key not in attrs.columns else f"custom.{key}"
        values = [custom.get(int(i), {}).get(key) for i in attrs.index]
        if kind == "number":
            values = [
                float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None for v in values
            ]
        attrs[name] = pd.Series(values, index=attrs.index, dtype=object)
        labels[name] = key.replace("_", " ").capitalize()
    return attrs, outcome, labels


# Fitted models by a digest of the very data they were fitted on: a page view after nothing changed reuses
# the fit (about 1.5 s at 20,000 accounts), and any change of data misses the cache, so it is never stale.
_MODELS: OrderedDict[tuple[Any, ...], IcpModel] = OrderedDict()
_MODELS_LOCK = threading.Lock()
MAX_CACHED_MODELS = 8


def _digest(frame: pd.DataFrame) -> int:
    return int(pd.util.hash_pandas_object(frame.astype(str), index=True).sum())


def _fit_model(session: Session, workspace_id: int, today: date | None) -> tuple[IcpModel, pd.DataFrame]:
    attrs, outcome, labels = _history(session, workspace_id, today or today_utc())
    key = (workspace_id, _digest(attrs), _digest(outcome), tuple(sorted(labels.items())))
    with _MODELS_LOCK:
        cached = _MODELS.get(key)
        if cached is not None:
            _MODELS.move_to_end(key)
            return cached, attrs
    fitted = IcpModel().fit(attrs, outcome, labels)
    with _MODELS_LOCK:
        _MODELS[key] = fitted
        while len(_MODELS) > MAX_CACHED_MODELS:
            _MODELS.popitem(last=False)
    return fitted, attrs


def model(*, session: Session, workspace_id: int, today: date | None = None) -> IcpModel:
    """The workspace's fitted ICP model; Invalid (saying how much history it needs) when it has too little."""
    try:
        return _fit_model(session, workspace_id, today)[0]
    except icp.NotEnoughHistory as exc:
        raise Invalid(f"too little history for an ideal customer profile: {exc}", ("workspace",)) from exc


def _group(g: icp.GroupStats) -> dict[str, Any]:
    return {
        "accounts": g.accounts, "retained": g.retained, "retention": g.retention,
        "retention_low": g.retention_low, "retention_high": g.retention_high, "nrr_accounts": g.nrr_accounts,
        "nrr": g.nrr, "nrr_low": g.nrr_low, "nrr_high": g.nrr_high,
        "ltv_minor": None if g.ltv_minor is None else round(g.ltv_minor),
    }  # fmt: skip


def _reasons(fit: Fit) -> list[ReasonRead]:
    return [_reason(r) for r in fit.reasons]


def _reason(r: icp_fit.Reason) -> ReasonRead:
    said = ReasonRead(
        attribute=r.attribute, value=r.value, points=r.points, text=r.text, kind=r.kind, label=r.label
    )
    if r.stats is None or r.overall is None:
        return said
    s, o = r.stats.stats, r.overall
    return said.model_copy(update={
        "accounts": s.accounts, "retention": s.retention, "retention_low": s.retention_low,
        "retention_high": s.retention_high, "workspace_retention": o.retention, "effect": r.stats.effect,
        "nrr": s.nrr, "workspace_nrr": o.nrr, "nrr_effect": r.stats.nrr_effect,
    })  # fmt: skip


def _not_ready(exc: icp.NotEnoughHistory) -> NotReadyRead:
    why = "no varying attribute" if isinstance(exc, icp.NoAttributes) else "too little history"
    return NotReadyRead(
        why=why, needed=icp.MIN_OUTCOMES, needed_each=icp.MIN_EACH, has=exc.has, left=exc.churned
    )


def profile(*, session: Session, workspace_id: int, today: date | None = None, best: int = 20) -> IcpProfile:
    """The profile (every value's outcomes beside the workspace's, best first) and the best-fitting current
    customers; without enough history, `ready` is false and `message` says what is missing."""
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    try:
        fitted, attrs = _fit_model(session, workspace_id, today)
    except icp.NotEnoughHistory as exc:
        return IcpProfile(
            ready=False, message=str(exc), not_ready=_not_ready(exc), needed=icp.MIN_OUTCOMES, has=exc.has,
            currency=currency, overall=None, attributes=[], values=[], best_fit=[],
        )  # fmt: skip
    p = fitted.profile_
    values = [
        ValueRead(attribute=v.attribute, label=v.label, value=v.value, lift=round(v.lift, 4), effect=v.effect,
                  nrr_effect=v.nrr_effect, small=v.stats.accounts < icp.SMALL_GROUP, **_group(v.stats))
        for v in p.values
    ]  # fmt: skip
    return IcpProfile(
        ready=True, needed=icp.MIN_OUTCOMES, has=p.overall.accounts, currency=currency,
        overall=GroupRead(**_group(p.overall)), attributes=[s.name for s in fitted.specs_], values=values,
        best_fit=_best_fit(session, workspace_id, fitted, attrs, best),
    )  # fmt: skip


def _best_fit(
    session: Session, workspace_id: int, fitted: IcpModel, attrs: pd.DataFrame, n: int
) -> list[AccountFitRead]:
    """Current customers (ARR today) who fit best."""
    current = [
        int(r[0])
        for r in accounts_service.model_attributes(session=session, workspace_id=workspace_id)
        if r[5] > 0
    ]
    frame = fitted.rank(fitted.levels_of(attrs.loc[[i for i in current if i in attrs.index]]), n)
    fits = fitted.score(frame)
    ranked = sorted(
        zip(frame.index, fits, strict=True), key=lambda t: (-t[1].score, -t[1].retention_probability)
    )[:n]
    names = accounts_service.names(
        session=session, workspace_id=workspace_id, ids=[int(i) for i, _ in ranked]
    )
    return [_account_fit(int(i), names.get(int(i), ""), f) for i, f in ranked]


def _account_fit(account_id: int, name: str, fit: Fit) -> AccountFitRead:
    return AccountFitRead(
        account_id=account_id, name=name, basis="icp", score=fit.score,
        retention_probability=fit.retention_probability, expected_nrr=fit.expected_nrr, reasons=_reasons(fit),
    )  # fmt: skip


def account_fit(
    *, session: Session, workspace_id: int, account_id: int, today: date | None = None
) -> AccountFitRead:
    """One account's fit; with too little history, its health score instead, labelled as such."""
    account = accounts_service.get_account(session=session, workspace_id=workspace_id, account_id=account_id)
    try:
        fitted, attrs = _fit_model(session, workspace_id, today)
    except icp.NotEnoughHistory as exc:
        health = health_service.current_scores(session=session, workspace_id=workspace_id, accounts=[account])
        score = health.get(account.id)
        message, not_ready = f"no ideal customer profile yet: {exc}", _not_ready(exc)
        if score is None or score.overall is None:
            return AccountFitRead(account_id=account.id, name=account.name, basis="none", score=None,
                                  message=message, not_ready=not_ready)  # fmt: skip
        return AccountFitRead(
            account_id=account.id, name=account.name, basis="health score", score=round(score.overall),
            message=f"{message}; showing the health score ({score.scorecard})", not_ready=not_ready,
            scorecard=score.scorecard,
        )  # fmt: skip
    row = attrs.loc[[account.id]] if account.id in attrs.index else pd.DataFrame(index=[account.id])
    return _account_fit(account.id, account.name, fitted.score(fitted.levels_of(row))[0])


def _error_item(e: RowIssue, first_row: int) -> ErrorItem:
    where: tuple[str | int, ...] = ("body", "prospects", (e.row or first_row) - first_row)
    return ErrorItem((*where, e.column) if e.column else where, e.msg, "invalid")


def score_prospects(
    *,
    session: Session,
    workspace_id: int,
    rows: Sequence[Mapping[str, Any]],
    today: date | None = None,
    first_row: int = 1,
) -> ProspectScoreRead:
    """Score prospects (column -> value): bad rows are reported, the rest scored; Invalid when none is."""
    fitted = model(session=session, workspace_id=workspace_id, today=today)
    columns = list(dict.fromkeys(c for r in rows for c in r))
    warnings = [RowIssue(None, c, "not an attribute of the profile; ignored "
                         f"(known: {', '.join(s.name for s in fitted.specs_)})")
                for c in icp_fit.unknown_columns(fitted, columns)]  # fmt: skip
    good, errors = [], []
    for i, values in enumerate(rows):
        parsed, issues = icp_fit.parse_row(fitted, first_row + i, dict(values))
        errors.extend(issues)
        if parsed is not None:
            good.append(parsed)
            unseen = [(a, v) for a, v in parsed.levels.items() if (a, v) not in fitted.stats_]
            warnings.extend(RowIssue(parsed.row, a, f"{a} {v!r} is not in the history: counted as average")
                            for a, v in unseen)  # fmt: skip
    if not good:
        items = [_error_item(e, first_row) for e in errors]
        raise Invalid("no prospect could be scored", ("body", "prospects"), items)
    fits = icp_fit.score_rows(fitted, good)
    results = [
        ProspectFitRead(row=r.row, name=r.name, score=f.score, retention_probability=f.retention_probability,
                        expected_nrr=f.expected_nrr, reasons=_reasons(f))
        for r, f in zip(good, fits, strict=True)
    ]  # fmt: skip
    return ProspectScoreRead(
        scored=len(results), rejected=len({e.row for e in errors}), results=results,
        errors=[RowIssueRead(row=e.row, column=e.column, msg=e.msg) for e in errors],
        warnings=[RowIssueRead(row=w.row, column=w.column, msg=w.msg) for w in warnings],
    )  # fmt: skip
