"""The portfolio draws one chart per scorecard: Red/Yellow/Green and A-D grades never share a chart, and each
grade is coloured by its rank in its own scorecard (lowest bad, highest good), not by its name."""

from __future__ import annotations

from steward.domains.health.portfolio import grade_charts
from steward.domains.health.schemas import PortfolioAccount

COLOURS = [{"label": "red", "low": 0, "high": 50}, {"label": "yellow", "low": 50, "high": 75},
           {"label": "green", "low": 75, "high": 100}]  # fmt: skip
LETTERS = [
    {"label": g, "low": low, "high": low + 25} for g, low in (("A", 75), ("B", 50), ("C", 25), ("D", 0))
]


def _row(n: int, scorecard: str | None, grade: str | None, arr: int) -> PortfolioAccount:
    return PortfolioAccount(account_id=n, name=f"A{n}", owner_id=None, arr_minor=arr, renewal_date=None,
                            scorecard=scorecard, overall=None, grade=grade, week_ago=None, change=None,
                            churn_probability=None)  # fmt: skip


def test_one_chart_per_scorecard_toned_by_rank() -> None:
    rows = [_row(1, "SMB", "red", 100), _row(2, "SMB", "green", 300), _row(3, "Enterprise", "D", 1000),
            _row(4, "Enterprise", "A", 50), _row(5, "Enterprise", "A", 50),
            _row(6, None, None, 7)]  # fmt: skip
    charts = grade_charts(rows, {"SMB": COLOURS, "Enterprise": LETTERS, "Unused": COLOURS})
    assert [c.scorecard for c in charts] == ["SMB", "Enterprise"]  # a scorecard without accounts: no chart
    smb, ent = charts
    assert [(g.label, g.accounts, g.arr_minor, g.tone) for g in smb.grades] == [
        ("red", 1, 100, "bad"), ("yellow", 0, 0, "mid"), ("green", 1, 300, "good")]  # fmt: skip
    assert [(g.label, g.accounts, g.arr_minor, g.tone) for g in ent.grades] == [
        ("A", 2, 100, "good"), ("B", 0, 0, "mid"), ("C", 0, 0, "mid"), ("D", 1, 1000, "bad")]  # fmt: skip
