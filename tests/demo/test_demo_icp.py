"""The demo's planted ideal customer profile (demo/icp.py), as far as the suite's 100-account demo shows
it: some 65 accounts have a renewal outcome, so every value's interval is wide and the test reads the
profile's ranking (shrunken lifts), not its lifts/sinks verdicts. The 500-account demo's figures are in
README."""

from __future__ import annotations

from steward.core.db import unit_of_work
from steward.domains.icp import service as icp_service
from tests.factories.demo_cache import DEMO_100, demo_workspace


def test_the_planted_profile_leads_the_ranking() -> None:
    ctx = demo_workspace(DEMO_100)  # the churn tests' demo, built once per session
    with unit_of_work() as s:
        profile = icp_service.profile(session=s, workspace_id=ctx.workspace_id)
    assert profile.ready
    ranked = [(v.attribute, v.value) for v in profile.values]  # best first
    lift = {(v.attribute, v.value): v.lift for v in profile.values}
    # Retail (planted -1.0, small retail -0.5 more) is the strongest sink of all values.
    assert ranked[-1] == ("industry", "Retail"), ranked[-3:]
    # Financial services (planted +1.2) is the best industry and among the three best values; partner-sourced
    # customers (+0.7) among the five best.
    industries = [value for attribute, value in ranked if attribute == "industry"]
    assert industries[0] == "Financial services" and ranked.index(("industry", "Financial services")) < 3
    assert ranked.index(("channel", "Partner")) < 5 and lift["channel", "Partner"] > 0
    # Not recovered at this scale, so not asserted: EMEA (+0.5) leans up but within chance, and the few
    # paid-ads customers (-0.7) who have a renewal outcome happen to have all stayed.
