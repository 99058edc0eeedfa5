"""Contacts API: CRUD, upsert, bulk with account references, filters, isolation and bad input."""

from __future__ import annotations

from tests.factories import ApiClient, assert_error, make_tenant


def _account(api: ApiClient, ext: str = "acme") -> int:
    r = api.post("/accounts", json={"external_id": ext, "name": ext.title()})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_crud_and_upsert(api: ApiClient) -> None:
    account_id = _account(api)
    r = api.post(
        "/contacts",
        json={
            "external_id": "u1",
            "account_external_id": "acme",
            "email": "Li.Wei@Acme.com",
            "name": "李伟",
            "language": "zh-Hans",
            "time_zone": "Asia/Shanghai",
            "role": "champion",
        },
    )
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["account_id"] == account_id and c["email"] == "li.wei@acme.com" and c["name"] == "李伟"
    r = api.patch(f"/contacts/{c['id']}", json={"title": "CTO", "role": None})
    assert r.json()["title"] == "CTO" and r.json()["role"] is None and r.json()["language"] == "zh-Hans"
    r = api.put("/contacts/by-external-id/u2", json={"email": "noa@acme.com", "account_id": account_id})
    assert r.status_code == 201
    r = api.put("/contacts/by-external-id/u2", json={"language": "he"})
    assert r.status_code == 200 and r.json()["email"] == "noa@acme.com" and r.json()["language"] == "he"
    assert api.get(f"/contacts?account_id={account_id}").json()["total"] == 2
    assert api.delete(f"/contacts/{c['id']}").status_code == 204
    assert_error(api.get(f"/contacts/{c['id']}"), 404)
    assert_error(api.post("/contacts", json={"external_id": "u2"}), 409, "external_id")


def test_bad_input_is_precise_and_writes_nothing(api: ApiClient) -> None:
    _account(api)
    items = [
        {"external_id": "ok", "account_external_id": "acme"},
        {"external_id": "bad-acc", "account_external_id": "nope"},
        {"external_id": "bad-tz", "time_zone": "Mars/Base"},
        {"external_id": "bad-mail", "email": "not-an-email"},
    ]
    body = assert_error(api.post("/contacts/bulk", json={"items": items}), 422)
    locs = {".".join(map(str, d["loc"])) for d in body["detail"]}
    assert {"body.items.2.time_zone", "body.items.3.email"} <= locs
    body = assert_error(
        api.post("/contacts/bulk", json={"items": items[:2]}), 422, "items.1.account_external_id"
    )
    assert api.get("/contacts").json()["total"] == 0
    assert_error(
        api.post("/contacts", json={"external_id": "x", "account_id": 1, "account_external_id": "acme"}), 422
    )


def test_bulk_pagination_and_search(api: ApiClient) -> None:
    _account(api)
    items = [
        {
            "external_id": f"c{i:02}",
            "name": f"Person {i:02}",
            "account_external_id": "acme",
            "language": "pl" if i % 3 == 0 else "en",
        }
        for i in range(30)
    ]
    r = api.post("/contacts/bulk", json={"items": items})
    assert r.status_code == 200 and r.json()["created"] == 30
    r = api.post("/contacts/bulk", json={"items": items[:5]})
    assert r.json()["updated"] == 5
    names, cursor = [], None
    while True:
        page = api.get(
            "/contacts", params={"limit": 8, "sort": "-name", **({"cursor": cursor} if cursor else {})}
        ).json()
        names += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert names == sorted(names, reverse=True) and len(names) == 30
    assert api.get("/contacts", params={"language": "pl"}).json()["total"] == 10
    assert api.get("/contacts", params={"q": "person 2"}).json()["total"] == 10


def test_isolation(api: ApiClient) -> None:
    account_id = _account(api)
    c = api.post("/contacts", json={"external_id": "u1", "account_id": account_id}).json()
    other = api.as_key(make_tenant("Other").keys["admin"])
    assert_error(other.get(f"/contacts/{c['id']}"), 404)
    assert_error(
        other.post("/contacts", json={"external_id": "z", "account_id": account_id}), 422, "account_id"
    )
    assert other.get("/contacts").json()["total"] == 0
