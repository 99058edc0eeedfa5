"""The ideal customer profile over the API and on its page: the planted profile is recovered (the planted
values on top and at the bottom, their intervals clear of the workspace's rate), fits and their reasons,
prospects with per-row errors, too little history, roles and workspace isolation."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.domains.icp.planted import plant
from tests.factories import ApiClient, Tenant, assert_error, make_tenant
from tests.factories.charts import chart_spec
from tests.web.test_ui import login


def test_planted_profile_is_recovered(api: ApiClient, app_client: TestClient, tenant: Tenant) -> None:
    ids = plant(tenant.id)
    r = api.get("/icp/profile")
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["ready"] and data["overall"]["accounts"] >= 150
    overall, values = data["overall"], data["values"]
    top, bottom = values[0], values[-1]
    assert (top["attribute"], top["value"], top["effect"]) == ("industry", "Fintech", "lifts")
    assert top["retention_low"] > overall["retention"] and top["nrr_effect"] == "lifts"
    assert (bottom["attribute"], bottom["value"], bottom["effect"]) == ("industry", "Retail", "sinks")
    assert bottom["retention_high"] < overall["retention"] and bottom["nrr_high"] < overall["nrr"]
    assert top["ltv_minor"] > overall["ltv_minor"] > bottom["ltv_minor"]
    noise = [v for v in values if v["attribute"] in ("region", "segment", "channel", "referred")]
    assert noise and all(v["effect"] in ("no clear difference", "too few to tell") for v in noise)
    assert {"industry", "channel", "segment", "region", "referred"} <= set(data["attributes"])
    assert all(v["accounts"] == v["retained"] + (v["accounts"] - v["retained"]) for v in values)

    # Fits: a fintech customer fits better than a retail one, and the reasons say why in words.
    fintech = api.get(f"/icp/accounts/{ids['P0000']}").json()
    retail = api.get(f"/icp/accounts/{ids['P0001']}").json()
    assert fintech["basis"] == retail["basis"] == "icp"
    assert fintech["score"] > 60 > 40 > retail["score"]
    assert (
        fintech["reasons"][0]["text"].startswith("Industry Fintech:")
        and "stayed (95% CI" in fintech["reasons"][0]["text"]
    )
    assert retail["reasons"][0]["points"] < 0
    # Beside the English text, the parts a page words in its reader's language.
    reason = fintech["reasons"][0]
    assert (reason["kind"], reason["attribute"], reason["label"], reason["effect"]) == (
        "outcomes", "industry", "Industry", "lifts"
    )  # fmt: skip
    assert (
        reason["retention_low"] <= reason["retention"] <= reason["retention_high"]
        and reason["accounts"] >= 20
    )
    assert reason["retention"] > reason["workspace_retention"] and reason["nrr"] > reason["workspace_nrr"]
    assert data["best_fit"] and all(b["basis"] == "icp" for b in data["best_fit"])

    # Prospects: good rows scored, bad rows named; none good is a 422 naming each row.
    prospects = [
        {"name": "Good fintech", "industry": "fintech", "segment": "SMB", "seats": 50, "referred": "TRUE"},
        {"name": "Good retail", "Industry": "Retail", "region": "EMEA"},
        {"name": "", "industry": "", "segment": None},
        {"name": "Bad seats", "industry": "Media", "seats": "lots"},
        {"name": "Bad segment", "industry": "Media", "segment": "Galactic"},
        {"name": "New industry", "industry": "Mining", "colour": "blue"},
        {"name": "Huge", "industry": "Media", "seats": 10**400},
    ]
    r = api.post("/icp/score", json={"prospects": prospects})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["scored"] == 3 and out["rejected"] == 4
    scores = {x["name"]: x for x in out["results"]}
    assert scores["Good fintech"]["score"] > scores["New industry"]["score"] > scores["Good retail"]["score"]
    errors = {(e["row"], e["column"]) for e in out["errors"]}
    assert errors == {(3, None), (4, "seats"), (5, "segment"), (7, "seats")}
    assert any(w["column"] == "colour" for w in out["warnings"])
    assert not any(w["row"] == 1 or w["column"] == "referred" for w in out["warnings"])  # "TRUE" is a yes
    assert any(w["row"] == 6 and "Mining" in w["msg"] for w in out["warnings"])
    mining = next(r for r in scores["New industry"]["reasons"] if r["attribute"] == "industry")
    assert (mining["kind"], mining["value"], mining["points"]) == ("unseen", "Mining", 0.0)
    assert mining["text"] == "Industry Mining: not in this workspace's history, counted as average"
    body = assert_error(
        api.post("/icp/score", json={"prospects": [{"seats": "x"}, {}]}), 422, "prospects.0.seats"
    )
    assert any(d["loc"][:3] == ["body", "prospects", 1] for d in body["detail"])
    assert_error(api.post("/icp/score", json={"prospects": []}), 422, "prospects")
    assert_error(api.post("/icp/score", json={"prospects": [{"industry": "x"}], "extra": 1}), 422, "extra")

    page = login(TestClient(app_client.app), tenant.user_emails["admin"]).get("/icp")
    assert page.status_code == 200 and 'id="icp-chart"' in page.text
    intervals = chart_spec(page.text, "icp-intervals")
    assert intervals["unit"] == "percent" and intervals["horizontal"] and intervals["labels"]
    assert all(low <= high for low, high in intervals["series"][0]["values"])  # the 95% intervals
    assert "Industry: Fintech" in page.text and 'href="/icp"' in page.text and 'id="icp-best"' in page.text
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    fit_page = browser.get(f"/icp/accounts/{ids['P0000']}")
    assert (
        fit_page.status_code == 200
        and 'id="icp-fit"' in fit_page.text
        and "Industry Fintech:" in fit_page.text
    )
    assert 'id="icp-fit-link"' in browser.get(f"/accounts/{ids['P0000']}").text
    evil = api.post("/accounts", json={"external_id": "E1", "name": "<i>Evil</i>", "industry": "<b>Fintech"})
    evil_page = browser.get(f"/icp/accounts/{evil.json()['id']}").text
    assert (
        "&lt;i&gt;Evil&lt;/i&gt;" in evil_page
        and "<i>Evil" not in evil_page
        and "&lt;b&gt;Fintech" in evil_page
    )

    # In German and Hebrew the reasons are the reader's words, numbers as the locale writes them, and no
    # English left marked lang="en"; Steward's attribute names are translated, the values are data.
    for language, industry, unseen in (
        ("de", "Branche Fintech: ", "Branche &lt;b&gt;Fintech: nicht im Verlauf dieses Arbeitsbereichs"),
        ("he", "תעשייה Fintech: ", "תעשייה &lt;b&gt;Fintech: לא מופיע בהיסטוריה"),
    ):
        paths = {"profile": "/icp", "fit": f"/icp/accounts/{ids['P0000']}",
                 "unseen": f"/icp/accounts/{evil.json()['id']}"}  # fmt: skip
        shown = {k: browser.get(v, headers={"Accept-Language": language}).text for k, v in paths.items()}
        assert all('lang="en"' not in html and f'<html lang="{language}"' in html for html in shown.values())
        assert industry in shown["profile"] and industry in shown["fit"] and unseen in shown["unseen"]
    german = browser.get(f"/icp/accounts/{ids['P0000']}", headers={"Accept-Language": "de"}).text
    assert "geblieben (95-%-KI" in german and "gegenüber" in german and "stayed" not in german


def test_roles_isolation_and_too_little_history(app_client: TestClient, tenant: Tenant) -> None:
    ids = plant(tenant.id, accounts=24)  # 21 renewal outcomes: under the minimum
    viewer = ApiClient(app_client, tenant.keys["viewer"])
    data = viewer.get("/icp/profile").json()
    assert data["ready"] is False and data["needed"] == 30 and data["has"] < 30
    assert f"has {data['has']}" in data["message"] and "needs at least 30 accounts" in data["message"]
    fit = viewer.get(f"/icp/accounts/{ids['P0000']}").json()
    assert fit["basis"] == "none" and fit["score"] is None and "needs at least 30" in fit["message"]
    reader = login(TestClient(app_client.app), tenant.user_emails["admin"])
    bare = reader.get(f"/icp/accounts/{ids['P0000']}", headers={"Accept-Language": "he"}).text
    assert "ואין ללקוח הזה ציון בריאות" in bare and "לפחות 30 לקוחות" in bare and 'lang="en"' not in bare
    # With a scorecard, the fallback is the account's health score, labelled as such.
    card = {"name": "Simple", "groups": [{"key": "commercial", "weight": 100, "measures": [
        {"key": "arr_change_1y", "weight": 100, "mapping": {"poor": 0.9, "good": 1.1}}]}]}  # fmt: skip
    admin = ApiClient(app_client, tenant.keys["admin"])
    assert admin.post("/health/scorecards", json=card).status_code == 201
    fit = viewer.get(f"/icp/accounts/{ids['P0000']}").json()
    assert fit["basis"] == "health score" and 0 <= fit["score"] <= 100 and "(Simple)" in fit["message"]
    assert_error(viewer.post("/icp/score", json={"prospects": [{"industry": "Retail"}]}), 422, "workspace")
    assert app_client.get("/api/v1/icp/profile").status_code == 401

    other = make_tenant("Other")
    stranger = ApiClient(app_client, other.keys["admin"])
    assert_error(stranger.get(f"/icp/accounts/{ids['P0000']}"), 404)
    assert stranger.get("/icp/profile").json()["has"] == 0
    assert_error(viewer.get("/icp/accounts/0"), 422)

    missing = data["not_ready"]
    assert (missing["why"], missing["needed"], missing["needed_each"]) == ("too little history", 30, 5)
    assert missing["has"] == data["has"] and 0 <= missing["left"] <= data["has"]
    assert fit["not_ready"]["has"] == data["has"] and fit["scorecard"] == "Simple"
    page = login(TestClient(app_client.app), tenant.user_emails["admin"]).get("/icp")
    assert page.status_code == 200 and 'id="icp-empty"' in page.text and "needs at least 30" in page.text
    browser = login(TestClient(app_client.app), tenant.user_emails["admin"])
    fit_page = browser.get(f"/icp/accounts/{ids['P0000']}")
    assert (
        fit_page.status_code == 200
        and "needs at least 30" in fit_page.text
        and "(scorecard Simple)" in fit_page.text
    )
    # Not ready yet, said from the counts in the reader's language.
    for language, needs, so_far in (
        ("de", "mindestens 30 Kunden mit Verlängerungsergebnis", f"Bisher: {data['has']} Kunden"),
        ("he", "לפחות 30 לקוחות עם תוצאת חידוש", f"עד כה: {data['has']} לקוחות"),
    ):
        for path in ("/icp", f"/icp/accounts/{ids['P0000']}"):
            html = browser.get(path, headers={"Accept-Language": language}).text
            assert needs in html and so_far in html and 'lang="en"' not in html, (language, path)
    assert browser.get("/icp/accounts/999999").status_code == 404
