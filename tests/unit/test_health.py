"""Health scorecard maths on hand-worked examples: thresholds, inversion, grids, weights, missing data,
formulas, grades, trends and roll-ups; and the refusals of a malformed scorecard."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from steward.analytics.health import (
    Grade,
    Group,
    Measure,
    PointGrid,
    Scorecard,
    ScorecardError,
    Thresholds,
    compute,
    roll_up,
    trend,
    validate,
)

CARD = Scorecard(groups=(
    Group("adoption", 60, (
        Measure("usage", 50, Thresholds(poor=10, good=50)),
        Measure("open_tickets", 50, Thresholds(poor=10, good=0)),  # more is worse
    )),
    Group("sentiment", 40, (Measure("nps", 100, PointGrid((-100, 0, 30, 50), (0, 40, 70, 100))),)),
))  # fmt: skip


def test_weights_thresholds_inversion_grid_and_contributions() -> None:
    validate(CARD)
    raw = pd.DataFrame(
        {
            "usage": [30, np.nan, np.nan, 60],
            "open_tickets": [2, 0, np.nan, 20],
            "nps": [40, np.nan, np.nan, -50],
        },
        index=[11, 12, 13, 14],
    )
    s = compute(CARD, raw)
    # Row 11: usage (30-10)/40 = 50; tickets (2-10)/(0-10) = 80; adoption 65; nps 40 falls in [30, 50): 70.
    assert s.measures["usage"][0] == 50 and s.measures["open_tickets"][0] == 80 and s.measures["nps"][0] == 70
    assert s.groups["adoption"][0] == 65 and s.overall[0] == pytest.approx(0.6 * 65 + 0.4 * 70)  # 67
    assert [s.contributions[k][0] for k in ("usage", "open_tickets", "nps")] == pytest.approx([15, 24, 28])
    assert s.grade[0] == "yellow"
    # Row 12: usage and nps missing: left out, not zero; tickets 0 is the best score; overall 100.
    assert s.missing["usage"][1] and s.missing["nps"][1] and not s.missing["open_tickets"][1]
    assert s.groups["adoption"][1] == 100 and np.isnan(s.groups["sentiment"][1]) and s.overall[1] == 100
    assert s.contributions["open_tickets"][1] == 100 and s.grade[1] == "green"
    # Row 13: nothing known: no score and no grade.
    assert np.isnan(s.overall[2]) and s.grade[2] is None
    # Row 14: clipped at both ends: usage 100, tickets 0, nps 0: adoption 50, overall 30, red.
    assert s.overall[3] == pytest.approx(30) and s.grade[3] == "red"
    total = sum(s.contributions.values())
    assert np.allclose(total[[0, 1, 3]], s.overall[[0, 1, 3]])


def test_formula_measures_and_division_by_zero() -> None:
    card = Scorecard(groups=(Group("licences", 100, (
        Measure("seats_used", 0.0001, Thresholds(poor=0, good=1)),
        Measure("seats", 0.0001, Thresholds(poor=0, good=1)),
        Measure("utilisation", 99.9998, Thresholds(poor=20, good=80), formula="seats_used / seats * 100"),
    )),))  # fmt: skip
    validate(card)
    s = compute(card, pd.DataFrame({"seats_used": [30.0, 5.0], "seats": [50.0, 0.0]}))
    assert s.measures["utilisation"][0] == pytest.approx((60 - 20) / 60 * 100)
    assert s.missing["utilisation"][1]  # 5 / 0 is missing, not infinite


def _card(*measures: Measure, weight: float = 100, grades: tuple[Grade, ...] | None = None) -> Scorecard:
    group = Group("a", weight, measures)
    return Scorecard(groups=(group,), grades=grades) if grades else Scorecard(groups=(group,))


def _m(key: str, weight: float = 100, formula: str | None = None, mapping: object = None) -> Measure:
    return Measure(key, weight, mapping or Thresholds(0, 1), formula=formula)  # type: ignore[arg-type]


MALFORMED = [
    (_card(_m("x"), weight=90), "groups", "sum to 100"),
    (_card(_m("x", 60), _m("y", 60)), "groups.0.measures", "they sum to 120"),
    (_card(_m("x", mapping=Thresholds(1, 1))), "mapping", "must differ"),
    (_card(_m("x", mapping=PointGrid((0, 0), (1, 2)))), "bounds", "rise"),
    (_card(_m("x", formula="y * 2")), "formula", "unknown measure 'y'"),
    (_card(_m("x", 50, formula="y + 1"), _m("y", 50, formula="x + 1")), "groups", "cycle"),
    (_card(_m("x", formula="__import__('os')")), "formula", "not Call"),
    (_card(_m("x"), grades=(Grade("red", 0, 60), Grade("green", 50, 100))), "grades.1.low", "overlaps"),
    (_card(_m("x"), grades=(Grade("red", 0, 40), Grade("green", 50, 100))), "grades.1.low", "uncovered"),
    (_card(_m("x"), grades=(Grade("red", 0, 40), Grade("green", 40, 90))), "grades", "reach 100"),
]


@pytest.mark.parametrize(("card", "loc", "message"), MALFORMED)
def test_malformed_scorecards_are_refused_with_the_field(card: Scorecard, loc: str, message: str) -> None:
    with pytest.raises(ScorecardError, match=message) as caught:
        validate(card)
    where = ".".join(str(p) for p in caught.value.loc)
    assert where.endswith(loc) or where.startswith(loc), where


def test_letter_grades_trend_and_roll_up() -> None:
    letters = Scorecard(groups=CARD.groups, grades=(Grade("F", 0, 60), Grade("C", 60, 70), Grade("B", 70, 85),
                                                      Grade("A", 85, 100)))  # fmt: skip
    validate(letters)
    s = compute(
        letters, pd.DataFrame({"usage": [50.0, 30.0], "open_tickets": [0.0, 2.0], "nps": [60.0, 40.0]})
    )
    assert s.grade.tolist() == ["A", "C"]  # 100 is inside the top grade; 67 is a C
    assert trend(np.array([70.0, 50, np.nan]), np.array([60.0, 51, 40])).tolist() == ["up", "same", None]
    parents = {2: 1, 3: 1, 4: 9}
    overall, arr = {2: 80.0, 3: 40.0, 4: np.nan}, {2: 100.0, 3: 300.0}
    assert roll_up(parents, overall, arr, weighted=False) == {1: 60.0}
    assert roll_up(parents, overall, arr, weighted=True) == {1: 50.0}


def test_daily_usage_chart_fills_missing_days_with_zero() -> None:
    from datetime import date
    from types import SimpleNamespace

    from steward.web.ui.charts import daily_usage

    day = SimpleNamespace(day=date(2026, 3, 2), events=7, active_users=2)
    spec = daily_usage(date(2026, 3, 3), [day], days=3)
    assert spec["labels"] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert [s["values"] for s in spec["series"]] == [[0, 7, 0], [0, 2, 0]]
    assert spec["series"][1]["axis"] == "right" and spec["kind"] == "line"
