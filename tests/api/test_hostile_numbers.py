"""NaN and Infinity are not JSON numbers, yet Python's parser reads them: every body holding one answers 422
with the field's loc and stores nothing (they were 500s: the error handler could not echo them back)."""

from __future__ import annotations

import pytest

from tests.factories import ApiClient

RULE = (
    '{"name": "Drop", "enabled": true, "trigger": {"kind": "health_drop", "points": %s}, '
    '"conditions": [{"field": "arr", "op": "gt", "value": %s}], '
    '"actions": [{"kind": "create_cta", "type": "risk", "reason": "Drop"}]}'
)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize(
    ("path", "body", "loc"),
    [
        ("/tickets", '{"subject": "Help", "account_id": %s}', ["body", "account_id"]),
        ("/churn/models", '{"horizon_days": %s}', ["body", "horizon_days"]),
        ("/accounts/1/sentiment", '{"score": %s, "comment": "Fine"}', ["body", "score"]),
        ("/rules", RULE % ("%s", "1"), ["body", "trigger", "health_drop", "points"]),
    ],
)
def test_a_non_finite_number_is_a_422_naming_the_field(
    api: ApiClient, number: str, path: str, body: str, loc: list[str]
) -> None:
    response = api.post(path, content=body % number, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert loc in [item["loc"] for item in response.json()["detail"]]


@pytest.mark.parametrize("number", ["NaN", "Infinity"])
def test_a_non_finite_condition_value_is_refused_not_stored(api: ApiClient, number: str) -> None:
    body = RULE % ("10", number)
    response = api.post("/rules", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert "finite" in response.text
    assert api.get("/rules").json() == []


@pytest.mark.parametrize("constant", ["1" + "0" * 309, "1e999", "1e16"])
def test_a_huge_constant_in_a_health_formula_is_a_422(api: ApiClient, constant: str) -> None:
    formula = f"activities_90d * {constant}"
    measures = [
        {"key": "activities_90d", "weight": 50, "mapping": {"poor": 2, "good": 15}},
        {"key": "busy", "weight": 50, "mapping": {"poor": 0, "good": 1}, "formula": formula},
    ]
    card = {"name": "Huge", "groups": [{"key": "g", "weight": 100, "measures": measures}]}
    response = api.post("/health/scorecards", json=card)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "groups", 0, "measures", 1, "formula"]
    assert "at most" in response.json()["detail"][0]["msg"]
