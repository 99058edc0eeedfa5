"""Search by meaning: the background job embeds published articles with the text-analytics encoder, search
then also takes the workspace's published articles nearest to the query (a paraphrase sharing no word),
merged with the word matches; an edit drops the stale vector; emoji-only and 10,000-character queries
answer, and a failing encoder leaves words alone; a hit found in another language (by its vector or its
words) is answered in the reader's when the article is published there, once per article."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from steward.core.db import unit_of_work
from steward.domains.helpcenter import finder, jobs
from steward.domains.helpcenter.models import HelpSearchDoc
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant, make_tenant


def test_embeddings_in_search(api: ApiClient) -> None:
    section_id = shelf(api)
    close = published(api, section_id, "Close your account", "To delete your account for good, ask an admin.")
    published(api, section_id, "Account colours", "Your account page can use a dark or a light theme.")
    before = api.get("/help/search", params={"q": "account", "lang": "en"}).json()
    assert before["semantic"] is False and len(before["hits"]) == 2

    assert jobs.embed_published() == 2
    assert jobs.embed_published() == 0
    after = api.get("/help/search", params={"q": "remove my account permanently", "lang": "en"}).json()
    assert after["semantic"] is True and after["hits"][0]["article_id"] == close["id"]

    api.patch(f"/help/articles/{close['id']}", json={"body": "Ask an admin to delete your account."})
    assert jobs.embed_published() == 1  # the edited article only


def test_meaning_finds_a_paraphrase_sharing_no_word(api: ApiClient, tenant: Tenant) -> None:
    section_id = shelf(api)
    invite = published(api, section_id, "Invite teammates", "Open **Team** and choose **Invite**. Each "
                       "teammate gets an e-mail and joins with the role you pick.")  # fmt: skip
    chinese = {"language": "zh-Hans", "title": "邀请团队成员",
               "body": "打开**团队**并选择**邀请**。每位成员都会收到一封邮件，并以您选择的角色加入。"}  # noqa: RUF001  # fmt: skip
    zh = api.post(f"/help/articles/{invite['id']}/translations", json=chinese)
    assert zh.status_code == 201, zh.text
    assert api.post(f"/help/articles/{zh.json()['id']}/publish").status_code == 200
    password = published(api, section_id, "Reset your password",
                         "On the sign-in page choose **Forgot password**. We send a link.")  # fmt: skip
    ours = {invite["id"], password["id"]}
    for title, body in [
        ("Download your invoices", "Open **Settings → Billing** to download every invoice as a PDF."),
        ("Refund policy", "Annual plans can be refunded within 30 days of purchase."),
    ]:
        ours.add(published(api, section_id, title, body)["id"])
    draft = {
        "section_id": section_id,
        "title": "Lost credentials? Add a colleague",
        "body": "Add a colleague.",
    }
    assert api.post("/help/articles", json=draft).status_code == 201
    stranger = api.as_key(make_tenant("Stranger").keys["admin"])
    theirs = published(stranger, shelf(stranger), "Add a colleague", "Add a colleague to your workspace.")
    assert jobs.embed_published() == 6  # the published ones of both workspaces, never the draft
    public = f"/public/help/{tenant.slug}/search"

    for path in ("/help/search", public):
        for query, wanted in (("lost my credentials", password["id"]), ("add a colleague", invite["id"])):
            found = api.get(path, params={"q": query, "lang": "en"}).json()  # no word in common
            assert found["semantic"] is True
            assert found["hits"][0]["source_id"] == wanted, (query, found["hits"])
            assert {h["source_id"] for h in found["hits"]} <= ours  # never the draft nor the other workspace
    assert [h["article_id"] for h in stranger.get("/help/search", params={"q": "colleague", "lang": "en"})
            .json()["hits"]] == [theirs["id"]]  # fmt: skip

    emoji = api.get(public, params={"q": "😀🎉🔥", "lang": "en"})
    assert emoji.status_code == 200 and emoji.json()["semantic"] is False and emoji.json()["hits"] == []
    for q in ("lost my credentials " * 500, "x" * 10_000):  # 10,000 characters: only the opening is embedded
        long = api.get(public, params={"q": q, "lang": "en"})
        assert long.status_code == 200, long.text
        assert {h["source_id"] for h in long.json()["hits"]} <= ours


def test_words_alone_when_the_encoder_fails(api: ApiClient, tenant: Tenant) -> None:
    section_id = shelf(api)
    invite = published(api, section_id, "Invite teammates", "Open **Team** and choose **Invite**.")
    assert jobs.embed_published() == 1

    def broken(texts: Sequence[str]) -> np.ndarray:
        raise ImportError("no encoder here")

    with unit_of_work() as s:
        words = finder.find(session=s, workspace_id=tenant.id, query="invite", language="en", embed=broken)
        meaning = finder.find(session=s, workspace_id=tenant.id, query="add a colleague", language="en",
                              embed=broken)  # fmt: skip
    assert words.semantic is False and [h.article_id for h in words.hits] == [invite["id"]]
    assert meaning.semantic is False and meaning.hits == []


def test_answers_in_the_readers_language(api: ApiClient, tenant: Tenant) -> None:
    section_id = shelf(api)
    invite = published(api, section_id, "Invite teammates", "Open **Team** and choose **Invite**. Each "
                       "teammate gets an e-mail and joins with the role you pick.")  # fmt: skip
    chinese = {"language": "zh-Hans", "title": "邀请团队成员",
               "body": "打开**团队**并选择**邀请**。每位成员都会收到一封邮件，并以您选择的角色加入。"}  # noqa: RUF001  # fmt: skip
    zh = api.post(f"/help/articles/{invite['id']}/translations", json=chinese).json()
    assert api.post(f"/help/articles/{zh['id']}/publish").status_code == 200
    invoices = published(api, section_id, "如何下载发票", "登录后打开设置页面，下载所有的发票。", "zh-Hans")  # noqa: RUF001
    draft = {"language": "en", "title": "Download your invoices", "body": "Open Settings to download them."}
    assert api.post(f"/help/articles/{invoices['id']}/translations", json=draft).status_code == 201  # a draft
    assert jobs.embed_published() == 3
    with (
        unit_of_work() as s
    ):  # the Chinese version takes the English one's vectors, the English their opposite
        en_doc, zh_doc = s.get(HelpSearchDoc, invite["id"]), s.get(HelpSearchDoc, zh["id"])
        assert en_doc is not None and en_doc.vector is not None and zh_doc is not None
        zh_doc.vector = en_doc.vector
        en_doc.vector = (-np.frombuffer(en_doc.vector, dtype=np.float16)).tobytes()
    public = f"/public/help/{tenant.slug}/search"

    def hits(path: str, q: str, lang: str = "en") -> list[tuple[int, str, str]]:
        found = api.get(path, params={"q": q, "lang": lang}).json()["hits"]
        return [(h["article_id"], h["language"], h["title"]) for h in found]

    # the nearest stored vector is the Chinese version's: with no Japanese version, that is the answer
    assert hits(public, "add a colleague", "ja") == [(zh["id"], "zh-Hans", "邀请团队成员")]
    english = (invite["id"], "en", "Invite teammates")
    for path in ("/help/search", public):
        assert hits(path, "add a colleague") == [english]  # by meaning alone
        assert hits(path, "invite a colleague 邀请") == [english]  # by words in both and meaning: once
        assert hits(path, "发票") == [(invoices["id"], "zh-Hans", "如何下载发票")]  # no published English
    page = api.client.get(f"/help/{tenant.slug}/en/search", params={"q": "add a colleague"}).text
    assert "Invite teammates" in page and "邀请团队成员" not in page

    with unit_of_work() as s:  # the portal's and the chat's suggestions (words alone)
        for q, wanted in (("邀请", english), ("发票", (invoices["id"], "zh-Hans", "如何下载发票"))):
            found = finder.suggestions(session=s, workspace_id=tenant.id, query=q, language="en", limit=3)
            assert [(h.article_id, h.language, h.title) for h in found] == [wanted]
    stranger = api.as_key(make_tenant("Stranger").keys["admin"])
    assert stranger.get("/help/search", params={"q": "邀请", "lang": "en"}).json()["hits"] == []
