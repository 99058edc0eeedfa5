"""The rule preview builds only the frame columns the rule reads: its answer (counts, accounts, the why of
each) is the same as over the full frame of every field, for the demo's rules and for rules that read the
engagement, usage and survey fields."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from steward.core.db import unit_of_work
from steward.domains.rules import evaluate
from steward.domains.rules import service as rules_service
from steward.domains.rules.frame import account_frame
from steward.domains.rules.schemas import Preview, RuleFields
from steward.domains.workspaces.models import Workspace
from tests.factories import ApiClient

CTA = [{"kind": "create_cta", "type": "risk", "reason": "check"}]
ENGAGED: list[dict[str, Any]] = [
    {"trigger": {"kind": "schedule"},
     "conditions": [{"field": "contacts", "op": "gte", "value": 1},
                    {"field": "nps_180d", "op": "not_empty"}]},
    {"trigger": {"kind": "usage_drop", "share": 0.05}, "conditions": []},
    {"trigger": {"kind": "seat_utilisation", "above": 0.2}, "conditions": []},
    {"trigger": {"kind": "activity_logged", "kinds": ["meeting", "call"], "within_days": 60},
     "conditions": []},
    {"trigger": {"kind": "schedule"},
     "conditions": [{"field": "days_since_activity", "op": "lte", "value": 30},
                    {"field": "product", "op": "not_empty"}]},
    {"trigger": {"kind": "churn_risk", "above": 0.01},
     "conditions": [{"field": "arr", "op": "gte", "value": 1}]},
]  # fmt: skip


def _full_frame_preview(ws: int, data: RuleFields) -> Preview:
    """The preview as it was computed before: over the frame of every field."""
    with unit_of_work() as s:
        frame = account_frame(s, ws)
    matched = evaluate.matches(data, frame)
    return Preview(
        accounts_checked=len(frame), matched=len(matched),
        accounts=evaluate.why(data, matched, rules_service.PREVIEW_LIMIT),
    )  # fmt: skip


def test_preview_over_the_columns_read_equals_the_full_frame(demo: ApiClient) -> None:
    with unit_of_work() as s:
        ws = s.execute(select(Workspace.id)).scalar_one()
    demo_rules = [{k: r[k] for k in ("trigger", "conditions", "actions")} for r in demo.get("/rules").json()]
    matched = []
    for definition in [*demo_rules, *({**d, "actions": CTA} for d in ENGAGED)]:
        data = RuleFields.model_validate(definition)
        with unit_of_work() as s:
            quick = rules_service.preview(session=s, workspace_id=ws, data=data)
        assert quick.model_dump() == _full_frame_preview(ws, data).model_dump(), definition
        matched.append(quick.matched)
    assert sum(1 for m in matched if m > 0) >= 6, matched  # the comparison is not over empty answers
