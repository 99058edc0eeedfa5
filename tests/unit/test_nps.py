"""Survey score formulas, worked by hand."""

from __future__ import annotations

import pytest

from steward.analytics import nps


def test_nps_is_promoters_minus_detractors() -> None:
    # 4 promoters (9, 10, 9, 10), 2 passives (7, 8), 4 detractors (0, 3, 6, 6): (4 - 4) / 10 -> 0
    assert nps.nps([9, 10, 9, 10, 7, 8, 0, 3, 6, 6]).value == 0.0
    # 3 promoters, 1 passive, 1 detractor: 100 * (3 - 1) / 5 = 40
    score = nps.nps([10, 9, 9, 8, 2])
    assert (score.value, score.good, score.neutral, score.bad) == (40.0, 3, 1, 1)
    assert nps.nps([0, 6]).value == -100.0
    assert nps.nps([]).value is None


def test_csat_is_the_top_two_box_share() -> None:
    # 5-point: 4 and 5 are satisfied; 3 of 6 -> 50 %
    score = nps.csat([5, 4, 5, 3, 2, 1])
    assert (score.value, score.good, score.neutral, score.bad) == (50.0, 3, 1, 2)
    assert nps.csat([7, 6, 5, 1], points=7).value == 50.0
    assert nps.csat([5, 4, 3], top_boxes=1).value == pytest.approx(100 / 3)
    with pytest.raises(ValueError, match="points"):
        nps.csat([1], points=4)


def test_ces_is_the_mean() -> None:
    score = nps.ces([7, 5, 4, 1])
    assert score.value == 4.25
    assert (score.good, score.neutral, score.bad) == (2, 1, 1)


def test_verdicts_band_each_scale() -> None:
    assert [nps.verdict("nps", a) for a in (10, 9, 8, 7, 6, 0)] == [
        "promoter", "promoter", "passive", "passive", "detractor", "detractor",
    ]  # fmt: skip
    assert [nps.verdict("csat", a) for a in (5, 4, 3, 2, 1)] == [
        "promoter", "promoter", "passive", "detractor", "detractor",
    ]  # fmt: skip
    assert [nps.verdict("ces", a) for a in (7, 5, 4, 3)] == ["promoter", "promoter", "passive", "detractor"]
    with pytest.raises(ValueError, match="outside 0-10"):
        nps.verdict("nps", 11)


def test_response_rate() -> None:
    assert nps.response_rate(8, 2) == 0.25
    assert nps.response_rate(0, 0) is None
