"""The feedback reader across sources: survey comments (read on arrival), what customers wrote in tickets,
and the team's notes; configured themes match across languages and come with examples in their own
language. Also the widget's CORS: public answers and their errors are readable cross-origin."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import ApiClient


def _setup(api: ApiClient) -> int:
    account = api.post("/accounts", json={"external_id": "acme", "name": "Acme"}).json()["id"]
    api.put(
        "/surveys/settings",
        json={
            "throttle_days": 30,
            "themes": [
                {"name": "Pricing", "examples": ["too expensive", "price increase"]},
                {"name": "Support", "examples": ["slow support replies"]},
            ],
        },
    )
    return int(account)


def test_themes_across_languages_and_sources(app_client: TestClient, api: ApiClient) -> None:
    account = _setup(api)
    survey = api.post("/surveys", json={"name": "In-app NPS", "kind": "nps"}).json()
    url = f"/api/v1/widget/surveys/{survey['public_key']}/responses"
    comments = [
        (2, "Viel zu teuer für das, was es kann."),
        (3, "Beaucoup trop cher depuis la hausse des prix."),
        (1, "太贵了，而且客服回复很慢。"),  # noqa: RUF001
        (10, "Great support team, always quick to help!"),
    ]
    for score, comment in comments:
        assert app_client.post(url, json={"score": score, "comment": comment}).status_code == 201
    report = api.get("/feedback", params={"source": "surveys"}).json()
    assert report["texts"] == 4 and set(report["languages"]) == {"de", "fr", "zh", "en"}
    themes = {t["name"]: t for t in report["themes"] if t["source"] == "configured"}
    assert themes["Pricing"]["responses"] == 3 and themes["Pricing"]["negative"] >= 2
    assert {e["language"] for e in themes["Pricing"]["examples"]} == {"de", "fr", "zh"}
    assert themes["Support"]["responses"] == 2

    api.post(
        "/tickets",
        json={
            "subject": "Preis",
            "body": "Die neue Preiserhöhung ist zu teuer.",
            "account_id": account,
            "requester_email": "x@acme.test",
        },
    )
    api.post(
        "/timeline",
        json={
            "account_id": account,
            "kind": "call",
            "subject": "Renewal call",
            "body": "Customer says the price increase is too expensive.",
        },
    )
    for source in ("tickets", "notes"):
        found = api.get("/feedback", params={"source": source}).json()
        assert found["texts"] == 1 and [t["name"] for t in found["themes"]][:1] == ["Pricing"], found
    bad = api.get("/feedback", params={"source": "tweets"})
    assert bad.status_code == 422


def test_widget_cors_covers_errors_and_preflight(app_client: TestClient, api: ApiClient) -> None:
    survey = api.post("/surveys", json={"name": "In-app NPS", "kind": "nps"}).json()
    url = f"/api/v1/widget/surveys/{survey['public_key']}/responses"
    preflight = app_client.options(url, headers={"Origin": "https://app.customer.test"})
    assert preflight.status_code == 204 and preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    error = app_client.post(url, json={"score": 42})
    assert error.status_code == 422 and error.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in api.get("/surveys").headers  # only the widget is open
    empty = app_client.post(url, json={"score": 5, "comment": ""})
    assert empty.status_code == 201
    too_long = app_client.post(url, json={"score": 5, "comment": "é" * 100_000})
    assert too_long.status_code == 422 and too_long.json()["detail"][0]["loc"][-1] == "comment"


def test_anonymous_answers_are_limited_per_address(app_client: TestClient, api: ApiClient) -> None:
    survey = api.post("/surveys", json={"name": "Public NPS", "kind": "nps"}).json()
    url = f"/api/v1/widget/surveys/{survey['public_key']}/responses"
    codes = [app_client.post(url, json={"score": 10}).status_code for _ in range(21)]
    assert codes[:20] == [201] * 20 and codes[20] == 429
    refused = app_client.post(url, json={"score": 10})
    assert int(refused.headers["retry-after"]) > 0 and refused.json()["detail"][0]["type"] == "too_many"
    page = app_client.post(f"/s/p/{survey['public_key']}", data={"score": "9"})
    assert page.status_code == 429  # the public link shares the limit
    assert len(api.get("/survey-responses", params={"limit": 100}).json()) == 20
