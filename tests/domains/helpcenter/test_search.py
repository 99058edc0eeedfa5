"""Help center search in every language, on SQLite FTS5 and PostgreSQL tsvector alike: Chinese and Japanese
(no spaces) from a two-character query inside a sentence, Hebrew with its prefixes, English in another word
form; drafts never found; hostile queries answer cleanly; empty searches become content gaps."""

from __future__ import annotations

from typing import Any

from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient, Tenant, assert_error, make_tenant

ARTICLES = [
    ("zh-Hans", "如何下载发票", "登录后打开设置页面，您可以在这里下载所有的账单和发票。"),  # noqa: RUF001
    ("ja", "パスワードの変更", "アカウント設定の画面からパスワードを変更できます。"),
    ("he", "איך משנים את הסיסמה", "פותחים את ההגדרות בחשבון ובוחרים סיסמה חדשה."),
    ("en", "Exporting reports", "You can export every report to CSV from the Reports page."),
    ("en", "Inviting teammates", "Invite a teammate by e-mail from the Team page."),
]


def _hits(client: ApiClient, q: str, lang: str, path: str = "/help/search") -> list[dict[str, Any]]:
    answer = client.get(path, params={"q": q, "lang": lang})
    assert answer.status_code == 200, answer.text
    return list(answer.json()["hits"])


def test_search_in_every_language(api: ApiClient, tenant: Tenant) -> None:
    section_id = shelf(api)
    ids = {title: published(api, section_id, title, body, lang)["id"] for lang, title, body in ARTICLES}
    api.post("/help/articles", json={"section_id": section_id, "title": "Secret roadmap: export to PDF",
                                     "body": "Unreleased export plans."})  # fmt: skip

    zh = _hits(api, "账单", "zh-Hans")  # two characters from the middle of the sentence
    assert [h["article_id"] for h in zh] == [ids["如何下载发票"]]
    assert "<mark>账单</mark>" in zh[0]["snippet_html"]
    assert [h["article_id"] for h in _hits(api, "变更パスワード", "ja")][:1] != []  # mixed scripts answer
    assert [h["article_id"] for h in _hits(api, "パスワード", "ja")] == [ids["パスワードの変更"]]
    assert [h["article_id"] for h in _hits(api, "変更", "ja")] == [ids["パスワードの変更"]]
    he = _hits(api, "חשבון", "he")  # the article says בחשבון ("in the account")
    assert [h["article_id"] for h in he] == [ids["איך משנים את הסיסמה"]]
    assert "<mark>בחשבון</mark>" in he[0]["snippet_html"]
    en = _hits(api, "exported report", "en")  # other forms of "export" and "reports"
    assert [h["article_id"] for h in en] == [ids["Exporting reports"]]  # never the draft
    assert "<mark>export</mark>" in en[0]["snippet_html"]

    stranger = api.as_key(make_tenant("Stranger").keys["admin"])
    assert _hits(stranger, "账单", "zh-Hans") == []


def test_hostile_queries_and_content_gaps(api: ApiClient, tenant: Tenant) -> None:
    section_id = shelf(api)
    published(api, section_id, "Exporting reports", "Export <b>reports</b> & more.")
    public = f"/public/help/{tenant.slug}/search"
    assert _hits(api, "x" * 10_000, "en", public) == []
    assert _hits(api, "report " * 1_400, "en", public)[0]["title"] == "Exporting reports"
    assert _hits(api, "😀🎉🔥", "en", public) == []
    assert _hits(api, '"report" OR NOT * ( \' \\', "en", public)[0]["title"] == "Exporting reports"
    snippet = _hits(api, "reports", "en", public)[0]["snippet_html"]
    assert "&lt;b&gt;<mark>reports</mark>&lt;/b&gt; &amp; more" in snippet
    assert_error(api.get(public, params={"q": "x" * 10_001, "lang": "en"}), 422, "q")
    assert_error(api.get(public, params={"q": "x", "lang": "klingon"}), 422, "lang")
    assert_error(api.get("/public/help/no-such-workspace/search", params={"q": "x"}), 404)

    for _ in range(2):
        _hits(api, "refund policy", "en", public)
    _hits(api, "退款", "zh-Hans", public)
    _hits(api, "refund", "en")  # staff searches are not recorded
    gaps = api.get("/help/report").json()["content_gaps"]
    assert [(g["query"], g["language"], g["searches"]) for g in gaps][:2] == [
        ("refund policy", "en", 2), ("退款", "zh-Hans", 1),
    ]  # fmt: skip
    assert all(g["query"] != "😀🎉🔥" for g in gaps)
