"""Help center articles over the staff API: drafts, review and publish by role, a version per edit,
translations marked out of date when their source changes, safe Markdown and workspace isolation."""

from __future__ import annotations

from steward.domains.helpcenter.markdown import render
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant, assert_error, make_tenant


def test_roles_versions_and_publishing(api: ApiClient, tenant: Tenant) -> None:
    section_id = shelf(api)
    agent = api.as_key(tenant.keys["agent"])
    viewer = api.as_key(tenant.keys["viewer"])
    made = agent.post("/help/articles", json={"section_id": section_id, "title": "Download an invoice",
                                              "body": "Open **Billing**."})  # fmt: skip
    assert made.status_code == 201, made.text
    article = made.json()
    assert article["status"] == "draft" and article["version"] == 1
    assert_error(viewer.post("/help/articles", json={"section_id": section_id, "title": "x"}), 403)
    assert_error(viewer.patch(f"/help/articles/{article['id']}", json={"body": "x"}), 403)

    edited = agent.patch(
        f"/help/articles/{article['id']}", json={"body": "Open **Billing**, then *Invoices*."}
    )
    assert edited.json()["version"] == 2
    assert (
        agent.patch(f"/help/articles/{article['id']}", json={"title": "Download an invoice"}).json()[
            "version"
        ]
        == 2
    )
    versions = viewer.get(f"/help/articles/{article['id']}/versions").json()
    assert [v["version"] for v in versions] == [2, 1] and versions[1]["body"] == "Open **Billing**."
    assert versions[0]["edited_by"] == "agent key"

    assert agent.post(f"/help/articles/{article['id']}/submit").json()["status"] == "review"
    assert_error(agent.post(f"/help/articles/{article['id']}/submit"), 409, "status")
    assert_error(agent.post(f"/help/articles/{article['id']}/publish"), 403)
    assert_error(api.as_key(tenant.keys["csm"]).post(f"/help/articles/{article['id']}/publish"), 403)
    manager = api.as_key(tenant.keys["manager"])
    assert manager.post(f"/help/articles/{article['id']}/publish").json()["status"] == "published"
    assert [a["id"] for a in viewer.get("/help/articles", params={"status": "published"}).json()] == [
        article["id"]
    ]
    assert manager.post(f"/help/articles/{article['id']}/unpublish").json()["status"] == "draft"

    stranger = api.as_key(make_tenant("Stranger").keys["admin"])
    assert_error(stranger.get(f"/help/articles/{article['id']}"), 404)
    assert_error(stranger.patch(f"/help/articles/{article['id']}", json={"title": "mine"}), 404)
    assert_error(
        stranger.post("/help/articles", json={"section_id": section_id, "title": "x"}), 404, "section_id"
    )
    assert_error(stranger.post(f"/help/articles/{article['id']}/publish"), 404)


def test_translations_go_out_of_date(api: ApiClient) -> None:
    section_id = shelf(api)
    source = published(api, section_id, "Reset your password", "Click *Forgot password*.")
    zh = api.post(f"/help/articles/{source['id']}/translations",
                  json={"language": "zh-Hans", "title": "重置密码", "body": "点击“忘记密码”。"})  # fmt: skip
    assert zh.status_code == 201, zh.text
    zh_id = zh.json()["id"]
    assert zh.json()["source_id"] == source["id"] and zh.json()["out_of_date"] is False
    assert_error(api.post(f"/help/articles/{source['id']}/translations",
                          json={"language": "zh-Hans", "title": "again"}), 409, "language")  # fmt: skip
    assert_error(
        api.post(f"/help/articles/{source['id']}/translations", json={"language": "en", "title": "x"}), 409
    )
    assert_error(api.post(f"/help/articles/{zh_id}/translations", json={"language": "ja", "title": "x"}), 422)
    unknown = {"language": "xx", "title": "x"}
    assert_error(api.post(f"/help/articles/{source['id']}/translations", json=unknown), 422, "language")

    api.patch(f"/help/articles/{source['id']}", json={"body": "Click *Forgot password* and check your mail."})
    assert api.get(f"/help/articles/{zh_id}").json()["out_of_date"] is True
    listed = {a["id"]: a for a in api.get("/help/articles").json()}
    assert listed[zh_id]["out_of_date"] is True and listed[source["id"]]["translations"] == ["zh-Hans"]
    fixed = api.patch(
        f"/help/articles/{zh_id}",
        json={"body": "点击“忘记密码”，然后查看邮件。", "up_to_date": True},  # noqa: RUF001
    )
    assert fixed.json()["out_of_date"] is False and fixed.json()["source_version"] == 2
    assert_error(api.patch(f"/help/articles/{source['id']}", json={"up_to_date": True}), 422, "up_to_date")


def test_bad_input_is_refused() -> None:
    assert render("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    hostile = render('<iframe src="https://evil.example"></iframe>\n\n[x](javascript:alert(1)) '
                     "[y](JAVASCRIPT:alert(1)) [z](java\tscript:alert(1)) ![i](data:text/html,x) "
                     "[ok](https://example.com/a)")  # fmt: skip
    assert "<iframe" not in hostile and 'href="javascript' not in hostile.lower() and "<img" not in hostile
    assert '<a href="https://example.com/a">ok</a>' in hostile


def test_bad_bodies_answer_4xx(api: ApiClient) -> None:
    section_id = shelf(api)
    assert_error(api.post("/help/articles", json={"section_id": section_id, "title": ""}), 422, "title")
    assert_error(api.post("/help/articles", json={"section_id": section_id, "title": "x", "colour": 1}), 422)
    assert_error(api.post("/help/articles", json={"section_id": 0, "title": "x"}), 422, "section_id")
    assert_error(api.post("/help/articles", json={"section_id": section_id, "title": "x\u0000"}), 422)
    assert_error(api.post("/help/sections", json={"category_id": 999, "name": "x"}), 404, "category_id")
    draft = api.post("/help/articles", json={"section_id": section_id, "title": "Empty"}).json()
    assert_error(api.post(f"/help/articles/{draft['id']}/publish"), 422, "body")
    assert_error(api.get("/help/articles/99999"), 404)
    assert api.delete(f"/help/articles/{draft['id']}").status_code == 204
    assert_error(api.get(f"/help/articles/{draft['id']}"), 404)
