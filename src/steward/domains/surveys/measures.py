"""Survey scores as health measures: each account's NPS and CSAT over the last 180 days, as of a day's end.
Also the one place a group of responses becomes a score row, and theme statistics a theme summary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import Protocol

import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics import feedback, nps
from steward.core.clock import start_of_day
from steward.domains.surveys import answer_counts, queries
from steward.domains.surveys.answer_counts import AccountAnswer
from steward.domains.surveys.models import SurveyResponse
from steward.domains.surveys.schemas import SURVEY_INPUTS, ScoreRow, ThemeExample, ThemeSummary

ACCOUNT_WINDOW_DAYS = 180


class Scored(Protocol):
    """What a score row reads of an answer (a response, or a row of one's columns)."""

    @property
    def score(self) -> int | None: ...

    @property
    def verdict(self) -> str | None: ...


def score_row(kind: str, key: str, label: str, rows: Sequence[Scored]) -> ScoreRow:
    """NPS and CES from the scores; CSAT as the share of top-box verdicts, so scales can be mixed."""
    if kind in ("nps", "ces"):
        scores = [r.score for r in rows if r.score is not None]
        s = nps.nps(scores) if kind == "nps" else nps.ces(scores)
    else:
        verdicts = [r.verdict for r in rows if r.verdict]
        good, bad = verdicts.count("promoter"), verdicts.count("detractor")
        value = 100.0 * good / len(verdicts) if verdicts else None
        s = nps.Score(value, len(verdicts), good, len(verdicts) - good - bad, bad)
    return ScoreRow(
        key=key, label=label, responses=s.responses, score=s.value, good=s.good, neutral=s.neutral, bad=s.bad
    )


def account_measures(
    session: Session, workspace_id: int, days: Sequence[date], account_ids: Collection[int] | None
) -> dict[date, pd.DataFrame]:
    """Per day and account (as of the day's end): NPS and CSAT over the previous 180 days and the number
    of responses, for health scorecards. Accounts with no answers are left out (missing, not zero)."""
    if not days:
        return {}
    first = min(days) - timedelta(days=ACCOUNT_WINDOW_DAYS)
    kinds = {s.id: s.kind for s in queries.surveys(session, workspace_id)}
    end = start_of_day(max(days) + timedelta(days=1))
    rows = answer_counts.scored_by_account(session, workspace_id, start_of_day(first), end, account_ids)
    out: dict[date, pd.DataFrame] = {}
    for day in days:
        since, until = (
            start_of_day(day - timedelta(days=ACCOUNT_WINDOW_DAYS - 1)),
            start_of_day(day + timedelta(days=1)),
        )
        per: dict[int, dict[str, list[AccountAnswer]]] = defaultdict(lambda: defaultdict(list))
        for r in rows:
            if since <= r.responded_at < until and kinds.get(r.survey_id) in ("nps", "csat"):
                per[r.account_id][kinds[r.survey_id]].append(r)
        out[day] = (
            pd.DataFrame(
                [
                    {
                        "account_id": a,
                        "nps_180d": score_row("nps", "", "", k["nps"]).score,
                        "csat_180d": score_row("csat", "", "", k["csat"]).score,
                        "survey_responses_180d": float(len(k["nps"]) + len(k["csat"])),
                    }
                    for a, k in per.items()
                ],
                columns=["account_id", *SURVEY_INPUTS],
            )
            .set_index("account_id")
            .astype(float)
        )
    return out


def theme_summary(t: feedback.ThemeStats) -> ThemeSummary:
    return ThemeSummary(
        name=t.name,
        source=t.source,
        responses=t.count,
        positive=t.positive,
        neutral=t.neutral,
        negative=t.negative,
        mean_sentiment=t.mean_sentiment,
        examples=[
            ThemeExample(
                comment=e.text,
                language=e.language,
                sentiment=e.sentiment,
                score=e.rating,
                ref=e.ref,
                themes=list(e.themes),
            )
            for e in t.examples
        ],
    )


def said_of(r: SurveyResponse) -> feedback.Said:
    """A response's comment as feedback text, read when it arrived."""
    return feedback.Said(
        ref=f"response:{r.id}",
        text=r.comment or "",
        language=r.language,
        sentiment=r.sentiment,
        score=r.sentiment_score,
        themes=tuple(r.themes or ()),
        rating=r.score,
        aspects={a["theme"]: (a.get("sentiment"), a.get("score")) for a in r.aspects or () if "theme" in a},
    )
