"""Routing, store scopes, tokens, store lists, product endpoints and response shapes."""

from __future__ import annotations

import httpx
import pytest
from mock_support import ADMIN_TOKEN, Api, MockServer, Oracle, image_content, validate

UNAUTHORIZED = {"message": "The consumer isn't authorized to access %resources.",
                "parameters": {"resources": "Magento_Catalog::products"}}
PRODUCT_MISSING = "The product that was requested doesn't exist. Verify the product and try again."
NO_IMAGE = "No image with the provided ID was found. Verify the ID and try again."


def test_store_views_include_admin_and_every_view(server: MockServer) -> None:
    response = httpx.get(f"{server.base_url}/rest/V1/store/storeViews")

    assert response.status_code == 200
    views = response.json()
    for view in views:
        validate("store-view", view)
    assert [(v["id"], v["code"]) for v in views] == [
        (0, "admin"), (1, "default"), (2, "second"), (3, "third")]


@pytest.mark.parametrize("path,keys", [
    ("/store/storeGroups", {"id", "website_id", "root_category_id", "default_store_id", "name",
                            "code"}),
    ("/store/websites", {"id", "code", "name", "default_group_id"}),
    ("/store/storeConfigs", {"id", "code", "website_id", "locale", "base_url",
                             "base_media_url", "base_currency_code", "timezone"}),
])
def test_store_lists_need_no_token(server: MockServer, path: str, keys: set[str]) -> None:
    response = httpx.get(f"{server.base_url}/rest/default/V1{path}")

    assert response.status_code == 200
    assert all(keys <= set(item) for item in response.json())
    if path.endswith("storeConfigs"):
        assert [c["code"] for c in response.json()] == ["default", "second", "third"]


def test_magento_version_at_site_root(server: MockServer) -> None:
    response = httpx.get(f"{server.base_url}/magento_version")

    assert response.status_code == 200
    assert response.text == "Magento/2.4 (Community)"


@pytest.mark.parametrize("path", ["/rest/nowhere/V1/store/storeViews",
                                  "/rest/admin/V1/products/x", "/rest/V1/nothing",
                                  "/rest/V2/products", "/elsewhere"])
def test_unknown_store_or_route_is_404(server: MockServer, path: str) -> None:
    response = httpx.get(f"{server.base_url}{path}",
                         headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})

    assert response.status_code == 404
    assert response.json() == {"message": "Request does not match any route."}


@pytest.mark.parametrize("path", ["/store/storeViews", "/products/x", "/products/x/media"])
def test_get_at_all_is_400(api: Api, path: str) -> None:
    response = api.get("all", path)

    assert response.status_code == 400
    assert response.json() == {"message": "Cannot perform GET operation with store code 'all'"}


def test_admin_token_is_issued_and_accepted(server: MockServer, sku: str) -> None:
    response = httpx.post(f"{server.base_url}/rest/V1/integration/admin/token",
                          json={"username": "admin", "password": "commerce-mock-123"})

    assert response.status_code == 200
    token = response.json()
    assert isinstance(token, str) and token != ADMIN_TOKEN
    client = server.api(token)
    assert client.get("default", f"/products/{sku}").status_code == 404
    client.close()


@pytest.mark.parametrize("body,status", [
    ({"username": "admin", "password": "wrong"}, 401),
    ({"username": "nobody", "password": "commerce-mock-123"}, 401),
    ({"username": "admin"}, 400),
    ({}, 400),
])
def test_bad_credentials(server: MockServer, body: dict, status: int) -> None:
    response = httpx.post(f"{server.base_url}/rest/V1/integration/admin/token", json=body)

    assert response.status_code == status
    validate("error", response.json())
    if status == 401:
        assert response.json()["message"].startswith("The account sign-in was incorrect")


@pytest.mark.parametrize("token", [None, "wrong-token"])
@pytest.mark.parametrize("method,path", [
    ("GET", "/products/x"), ("POST", "/products"), ("PUT", "/products/x"),
    ("DELETE", "/products/x"), ("GET", "/products/x/media"), ("POST", "/products/x/media"),
    ("GET", "/products/x/media/1"), ("PUT", "/products/x/media/1"),
    ("DELETE", "/products/x/media/1"),
    ("GET", "/products?searchCriteria[pageSize]=1"),
])
def test_product_endpoints_need_a_token(
    server: MockServer, token: str | None, method: str, path: str
) -> None:
    client = server.api(token)
    response = client.call(method, "default", path, {})
    client.close()

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_product_roundtrip_shape_and_file_naming(api: Api, oracle: Oracle, sku: str) -> None:
    created = api.create_product(sku, images=2)

    validate("product", created)
    assert created["sku"] == sku and created["name"] == f"name {sku}"
    assert created["price"] == 10 and created["type_id"] == "simple"
    files = [e["file"] for e in created["media_gallery_entries"]]
    lowered = sku.lower()
    assert files == [f"/{lowered[0]}/{lowered[1]}/{lowered}-1.png",
                     f"/{lowered[0]}/{lowered[1]}/{lowered}-2.png"]
    assert created["media_gallery_entries"][0]["types"] == ["image", "small_image", "thumbnail"]
    assert {"attribute_code": "image", "value": files[0]} in created["custom_attributes"]
    assert oracle.all_view_rows() == oracle.all_view_rows()  # readable while served


def test_product_without_images_has_empty_gallery(api: Api, sku: str) -> None:
    response = api.save("all", {"sku": sku, "name": "plain"})

    assert response.status_code == 200
    assert response.json()["media_gallery_entries"] == []
    validate("product", api.product("second", sku))


def test_put_product_and_delete(api: Api, sku: str) -> None:
    response = api.call("PUT", "all", f"/products/{sku}", {"product": {"name": "by put"}})
    assert response.status_code == 200
    assert api.product("default", sku)["name"] == "by put"

    deleted = api.call("DELETE", "all", f"/products/{sku}")

    assert deleted.status_code == 200 and deleted.json() is True
    missing = api.get("default", f"/products/{sku}")
    assert missing.status_code == 404 and missing.json()["message"] == PRODUCT_MISSING


def test_search_by_sku_eq_like_and_pages(api: Api, sku: str) -> None:
    for n in range(3):
        api.save("all", {"sku": f"{sku}-{n}", "name": f"n{n}"})
    base = "searchCriteria[filterGroups][0][filters][0]"

    eq = api.get("default", "/products", params={
        f"{base}[field]": "sku", f"{base}[value]": f"{sku}-1",
        f"{base}[conditionType]": "eq"}).json()
    like = api.get("default", "/products", params={
        f"{base}[field]": "sku", f"{base}[value]": f"{sku}-%", f"{base}[conditionType]": "like",
        "searchCriteria[pageSize]": "2", "searchCriteria[currentPage]": "2"}).json()

    validate("product-search-results", eq)
    validate("product-search-results", like)
    assert [p["sku"] for p in eq["items"]] == [f"{sku}-1"] and eq["total_count"] == 1
    assert like["total_count"] == 3 and [p["sku"] for p in like["items"]] == [f"{sku}-2"]
    assert like["search_criteria"]["page_size"] == 2
    assert api.get("default", "/products").status_code == 400


@pytest.mark.parametrize("method,path,body,status,message", [
    ("GET", "/products/{sku}/media/999999", None, 404,
     "The image doesn't exist. Verify and try again."),
    ("PUT", "/products/{sku}/media/999999", {"entry": {"label": "x"}}, 404, NO_IMAGE),
    ("DELETE", "/products/{sku}/media/999999", None, 404, NO_IMAGE),
    ("GET", "/products/no-such-sku/media", None, 404, PRODUCT_MISSING),
    ("DELETE", "/products/no-such-sku", None, 404, PRODUCT_MISSING),
    ("PUT", "/products/no-such-sku/media/1", {"entry": {"label": "x"}}, 404, PRODUCT_MISSING),
])
def test_unknown_product_or_entry(
    api: Api, sku: str, method: str, path: str, body: dict | None, status: int, message: str
) -> None:
    api.create_product(sku, images=1)

    response = api.call(method, "default", path.format(sku=sku), body)

    assert response.status_code == status
    validate("error", response.json())
    assert response.json()["message"] == message


def test_saved_entries_not_listed_are_removed(api: Api, oracle: Oracle, sku: str) -> None:
    api.create_product(sku)
    entries = api.entries("default", sku)

    api.save("default", {"sku": sku, "media_gallery_entries": entries[:1]})

    assert oracle.entry_ids(sku) == {entries[0]["id"]}
    assert [e["id"] for e in api.entries("second", sku)] == [entries[0]["id"]]


def test_save_adds_entries_with_content_and_no_id(api: Api, sku: str) -> None:
    api.create_product(sku, images=1)
    entries = api.entries("all" if False else "default", sku)
    entries.append({"media_type": "image", "label": "added", "position": 9, "disabled": False,
                    "types": [], "content": image_content("added.gif", kind="GIF")})

    response = api.save("default", {"sku": sku, "media_gallery_entries": entries})

    assert response.status_code == 200
    files = [e["file"] for e in api.entries("second", sku)]
    assert len(files) == 2 and files[1].startswith("/a/d/added")
