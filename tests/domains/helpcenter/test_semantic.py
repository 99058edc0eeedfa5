"""Search re-ranked by meaning: the background job embeds published articles with the text-analytics
encoder, search then mixes the cosine of meaning into each score, and an edit drops the stale vector."""

from __future__ import annotations

from steward.domains.helpcenter import jobs
from tests.domains.helpcenter.helpers import published, shelf
from tests.factories import ApiClient


def test_embeddings_rerank_search(api: ApiClient) -> None:
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
