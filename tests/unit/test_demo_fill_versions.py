"""A demo fill begun by an earlier Steward (whose first part wrote the whole current picture) goes on with the
older events and later steps; it does not write health, CTAs or renewals a second time."""

from __future__ import annotations

from steward.demo import history


def test_a_version_1_fill_goes_on_with_the_history_only() -> None:
    state = {"usage": {"seed": 1, "before": "2026-10-09"}, "done": ["service desk"]}
    history._from_version_1(state)
    assert state["version"] == 2 and state["usage"]["recent_done"] is True
    assert {"health scores", "rules and calls to action", "renewals", "journeys"} <= set(state["done"])
    assert history._stage(state) == ("product usage", True)  # the older events, behind a ready picture


def test_a_version_2_fill_is_left_as_it_is() -> None:
    state = {"usage": {"seed": 1, "before": "2026-12-08"}, "done": [], "version": 2}
    history._from_version_1(state)
    assert state == {"usage": {"seed": 1, "before": "2026-12-08"}, "done": [], "version": 2}
    assert history._stage(state) == ("product usage", False)
