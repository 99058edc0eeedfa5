"""Survey analytics: NPS, CSAT and CES over a window or per iteration, by month, segment, tier, plan, account
and CSM; response rates and survey fatigue; themes with their sentiment; and each account's scores over the
last 180 days, which health scorecards read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.analytics import feedback, nps
from steward.core.clock import report_window, start_of_day, today_utc
from steward.core.errors import Invalid
from steward.domains.accounts import service as accounts_service
from steward.domains.reading import service as reading_service
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.surveys import queries
from steward.domains.surveys.measures import said_of, score_row, theme_summary
from steward.domains.surveys.models import SurveyResponse
from steward.domains.surveys.schemas import RateRow, SurveyKind, SurveyReport, SurveySummary, ThemeSummary
from steward.domains.users import service as users_service

GROUPS = ("month", "wave", "segment", "tier", "plan", "account", "csm")
FATIGUE_DAYS = 180


def scored(
    session: Session, workspace_id: int, kind: str, survey_id: int | None, start: date, end: date
) -> list[SurveyResponse]:
    """The scored responses of a survey, or of every survey of this kind, answered in [start, end)."""
    ids = [s.id for s in queries.surveys(session, workspace_id) if s.kind == kind]
    if survey_id is not None:
        ids = [i for i in ids if i == survey_id]
    rows = queries.responses(
        session, workspace_id, survey_ids=ids, start=start_of_day(start), end=start_of_day(end), limit=None
    )
    return [r for r in rows if r.score is not None]


def by_survey(*, session: Session, workspace_id: int, start: date, end: date) -> dict[int, SurveySummary]:
    """Per survey answered in [start, end): answers, the score over the window and in its latest month."""
    kinds = {s.id: s.kind for s in queries.surveys(session, workspace_id)}
    rows = queries.responses(
        session, workspace_id, start=start_of_day(start), end=start_of_day(end), limit=None
    )
    per: dict[int, list[SurveyResponse]] = defaultdict(list)
    for r in rows:
        per[r.survey_id].append(r)
    out = {}
    for survey_id, answers in per.items():
        month = max(a.responded_at for a in answers).strftime("%Y-%m")
        recent = [a for a in answers if a.responded_at.strftime("%Y-%m") == month]
        kind = kinds[survey_id]
        out[survey_id] = SurveySummary(
            responses=len(answers),
            score=score_row(kind, "all", "All", answers).score,
            month=month,
            latest=score_row(kind, month, month, recent).score,
        )
    return out


def report(
    *,
    session: Session,
    workspace_id: int,
    kind: SurveyKind = "nps",
    by: str = "month",
    survey_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> SurveyReport:
    if by not in GROUPS:
        raise Invalid(f"by must be one of {', '.join(GROUPS)}", ("query", "by"))
    start, end = report_window(start, end, 365)
    rows = scored(session, workspace_id, kind, survey_id, start, end)
    key_of, label_of = _grouping(session, workspace_id, by, rows)
    groups: dict[str, list[SurveyResponse]] = defaultdict(list)
    for r in rows:
        groups[key_of(r)].append(r)
    out = [score_row(kind, k, label_of(k), groups[k]) for k in sorted(groups, key=_order(by))]
    return SurveyReport(
        kind=kind,
        by=by,
        start=start.isoformat(),
        end=end.isoformat(),
        overall=score_row(kind, "all", "All", rows),
        rows=out,
    )


def _order(by: str) -> Callable[[str], Any]:
    return (lambda k: (len(k), k)) if by == "wave" else (lambda k: (k == "", k))


def _grouping(
    session: Session, workspace_id: int, by: str, rows: Sequence[SurveyResponse]
) -> tuple[Callable[[SurveyResponse], str], Callable[[str], str]]:
    if by == "month":
        return (lambda r: r.responded_at.strftime("%Y-%m")), (lambda k: k)
    if by == "wave":
        return (lambda r: str(r.wave)), (lambda k: f"Wave {k}")
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    ids = {r.account_id for r in rows if r.account_id is not None}
    accounts = {a.id: a for a in accounts_service.by_ids(**scope, ids=ids)}
    if by == "plan":
        plans = subscriptions_service.main_products(**scope, day=today_utc(), account_ids=ids)
        return (lambda r: plans.get(r.account_id or 0, "")), (lambda k: k or "No plan")
    if by == "account":
        return (lambda r: str(r.account_id or "")), (lambda k: accounts[int(k)].name if k else "No account")
    if by == "csm":
        owners = {a.owner_id for a in accounts.values() if a.owner_id is not None}
        names = users_service.names_by_id(**scope, ids=sorted(owners))
        owner = {a: str(acc.owner_id or "") for a, acc in accounts.items()}
        return (lambda r: owner.get(r.account_id or 0, "")), (
            lambda k: names.get(int(k), k) if k else "No CSM"
        )
    field = "segment" if by == "segment" else "tier"
    value = {a: getattr(acc, field) or "" for a, acc in accounts.items()}
    return (lambda r: value.get(r.account_id or 0, "")), (lambda k: k or f"No {field}")


def distribution(
    *, session: Session, workspace_id: int, kind: str, survey_id: int | None, start: date, end: date
) -> dict[int, int]:
    """How many answers gave each score."""
    counts: dict[int, int] = defaultdict(int)
    for r in scored(session, workspace_id, kind, survey_id, start, end):
        counts[int(r.score or 0)] += 1
    return dict(sorted(counts.items()))


def rates(*, session: Session, workspace_id: int, survey_id: int, start: date, end: date) -> list[RateRow]:
    """Invited, answered and the response rate per iteration of a survey."""
    per: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for _, wave, _, _, responded in queries.invites(
        session, workspace_id, [survey_id], start_of_day(start), start_of_day(end)
    ):
        per[wave][0] += 1
        per[wave][1] += responded is not None
    return [
        RateRow(key=f"Wave {w}", invited=i, answered=a, rate=nps.response_rate(i, a))
        for w, (i, a) in sorted(per.items())
    ]


def fatigue(*, session: Session, workspace_id: int, start: date, end: date) -> list[RateRow]:
    """Response rate by how many surveys the contact had been sent in the 180 days before: falling rates
    with more surveys are fatigue."""
    survey_ids = [s.id for s in queries.surveys(session, workspace_id)]
    lookback = start_of_day(start) - timedelta(days=FATIGUE_DAYS)
    invites = sorted(
        queries.invites(session, workspace_id, survey_ids, lookback, start_of_day(end)), key=lambda i: i[3]
    )
    earlier: dict[int, list[datetime]] = defaultdict(list)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, _, contact, created, responded in invites:
        before = [t for t in earlier[contact] if t >= created - timedelta(days=FATIGUE_DAYS)]
        earlier[contact] = [*before, created]
        if created < start_of_day(start):
            continue
        key = f"{min(len(before), 3)}{'+' if len(before) >= 3 else ''} before"
        per[key][0] += 1
        per[key][1] += responded is not None
    return [
        RateRow(key=k, invited=i, answered=a, rate=nps.response_rate(i, a))
        for k, (i, a) in sorted(per.items())
    ]


def themes(
    *, session: Session, workspace_id: int, survey_id: int | None, start: date, end: date, examples: int = 3
) -> list[ThemeSummary]:
    """Each configured theme the comments touch, then the themes discovered among the comments that match
    none, with how positive they are and a few example comments in their own language."""
    rows = queries.responses(
        session,
        workspace_id,
        survey_id=survey_id,
        start=start_of_day(start),
        end=start_of_day(end),
        limit=None,
    )
    said = [said_of(r) for r in rows if r.comment]
    vectors = reading_service.vectors(
        session=session, workspace_id=workspace_id, texts=[s.text for s in said]
    )
    return [theme_summary(t) for t in feedback.theme_stats(said, vectors=vectors, examples=examples)]
