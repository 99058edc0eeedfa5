"""Survey analytics: NPS, CSAT and CES over a window or per iteration, by month, segment, tier, plan, account
and CSM; response rates and survey fatigue; themes with their sentiment; and each account's scores over the
last 180 days, which health scorecards read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.analytics import feedback, nps
from steward.core.clock import report_window, start_of_day, today_utc
from steward.core.errors import Invalid
from steward.domains.accounts import service as accounts_service
from steward.domains.reading import service as reading_service
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.surveys import answer_counts, queries
from steward.domains.surveys.answer_counts import Answer, Tally
from steward.domains.surveys.measures import said_of, score_row, theme_summary
from steward.domains.surveys.schemas import RateRow, SurveyKind, SurveyReport, SurveySummary, ThemeSummary
from steward.domains.users import service as users_service

GROUPS = ("month", "wave", "segment", "tier", "plan", "account", "csm")
FATIGUE_DAYS = answer_counts.FATIGUE_DAYS


def scored(
    session: Session, workspace_id: int, kind: str, survey_id: int | None, start: date, end: date
) -> list[Answer]:
    """The scored responses of a survey, or of every survey of this kind, answered in [start, end)."""
    ids = [s.id for s in queries.surveys(session, workspace_id) if s.kind == kind]
    if survey_id is not None:
        ids = [i for i in ids if i == survey_id]
    return answer_counts.scored(session, workspace_id, ids, start_of_day(start), start_of_day(end))


def by_survey(*, session: Session, workspace_id: int, start: date, end: date) -> dict[int, SurveySummary]:
    """Per survey answered in [start, end): answers, the score over the window and in its latest month
    (from answers counted in SQL by survey, month, score and verdict)."""
    kinds = {s.id: s.kind for s in queries.surveys(session, workspace_id)}
    per: dict[int, list[Tally]] = defaultdict(list)
    for t in answer_counts.by_survey_month(session, workspace_id, start_of_day(start), start_of_day(end)):
        per[t.survey_id].append(t)
    out = {}
    for survey_id, tallies in per.items():
        month = max(t.month for t in tallies)
        kind = kinds[survey_id]
        out[survey_id] = SurveySummary(
            responses=sum(t.answers for t in tallies),
            score=score_row(kind, "all", "All", _spread(tallies)).score,
            month=month,
            latest=score_row(kind, month, month, _spread([t for t in tallies if t.month == month])).score,
        )
    return out


def _spread(tallies: Sequence[Tally]) -> list[Tally]:
    """Each tally repeated once per answer it counts, as score_row reads answers."""
    return [t for t in tallies for _ in range(t.answers)]


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
    if by == "month":
        return _by_month(session, workspace_id, kind, survey_id, start, end)
    rows = scored(session, workspace_id, kind, survey_id, start, end)
    key_of, label_of = _grouping(session, workspace_id, by, rows)
    groups: dict[str, list[Answer]] = defaultdict(list)
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


def _by_month(
    session: Session, workspace_id: int, kind: SurveyKind, survey_id: int | None, start: date, end: date
) -> SurveyReport:
    """The report by month from scored answers counted in SQL by month, score and verdict."""
    ids = [s.id for s in queries.surveys(session, workspace_id) if s.kind == kind]
    if survey_id is not None:
        ids = [i for i in ids if i == survey_id]
    tallies = answer_counts.by_survey_month(
        session, workspace_id, start_of_day(start), start_of_day(end), survey_ids=ids, scored_only=True
    )
    months: dict[str, list[Tally]] = defaultdict(list)
    for t in tallies:
        months[t.month].append(t)
    return SurveyReport(
        kind=kind,
        by="month",
        start=start.isoformat(),
        end=end.isoformat(),
        overall=score_row(kind, "all", "All", _spread(tallies)),
        rows=[score_row(kind, m, m, _spread(months[m])) for m in sorted(months, key=_order("month"))],
    )


def _order(by: str) -> Callable[[str], Any]:
    return (lambda k: (len(k), k)) if by == "wave" else (lambda k: (k == "", k))


def _grouping(
    session: Session, workspace_id: int, by: str, rows: Sequence[Answer]
) -> tuple[Callable[[Answer], str], Callable[[str], str]]:
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
    per = answer_counts.invites_by_prior(
        session, workspace_id, survey_ids, lookback, start_of_day(start), start_of_day(end)
    )
    return [RateRow(key=k, invited=i, answered=a, rate=nps.response_rate(i, a)) for k, i, a in sorted(per)]


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
