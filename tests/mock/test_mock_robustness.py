"""Malformed requests of every kind never get a 500; parallel writers lose nothing."""

from __future__ import annotations

import base64
import itertools
import threading

import httpx
from mock_support import Api, MockServer, image_bytes, image_content, valid

PNG = base64.b64encode(image_bytes()).decode()
BODIES: list[object] = [
    b"", b"{", b"not json", b"[]", b"null", b"42", b'"text"', b"{}", b"\xff\xfe\x00",
    b"[" * 5000 + b"]" * 5000, b'{"product": 1}', b'{"entry": []}', b'{"product": "x"}',
    b'{"product": {"sku": ["a"]}}', b'{"product": {"sku": "' + b"s" * 70 + b'"}}',
    b'{"product": {"sku": "' + b"\\u0000" * 3 + b'"}}',
]
PRODUCT_BODIES = [
    {"product": {"sku": "{sku}", "media_gallery_entries": "nope"}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [1, "x", None]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [{"id": "abc"}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [{"id": 10 ** 30}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [{"id": 99999999}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [{"position": "first"}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [{"disabled": "maybe"}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [{"types": "image"}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [{"label": {"a": 1}}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [{"content": "x"}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [
        {"content": {"base64_encoded_data": PNG, "type": "image/png", "name": "../../x.png"}}]}},
    {"product": {"sku": "{sku}", "media_gallery_entries": [
        {"extension_attributes": {"video_content": 3}, "content": None}]}},
    {"product": {"sku": "{sku}", "price": "cheap"}},
    {"product": {"sku": "{sku}", "status": [1]}},
    {"product": {"sku": "{sku}", "unknown_field": {"deep": [1, 2]}, "name": "n"}},
    {"product": {"name": "no sku"}},
    {"product": {"sku": ""}},
    {"product": {"sku": "{sku}-new"}},
    {"saveOptions": True},
]
ENTRY_BODIES = [
    {"entry": {"content": {"base64_encoded_data": "@@@", "type": "image/png", "name": "a.png"}}},
    {"entry": {"content": {"base64_encoded_data": PNG, "type": "text/html", "name": "a.png"}}},
    {"entry": {"content": {"base64_encoded_data": PNG, "type": "image/png", "name": "a/../b"}}},
    {"entry": {"content": {"base64_encoded_data": PNG, "type": "image/png", "name": None}}},
    {"entry": {"content": {"base64_encoded_data": 12, "type": 5, "name": 7}}},
    {"entry": {"content": {}}},
    {"entry": {"media_type": "external-video", "content": image_content("v.png")}},
    {"entry": {"position": 1.5, "content": image_content("p.png")}},
    {"entry": {"label": "x" * 100000, "content": image_content("big-label.png")}},
    {"entry": {"id": "x", "types": [None]}},
    {"entry": {"types": ["image", {"a": 1}]}},
    {"entry": None},
]
PATHS = ["/products", "/products/{sku}", "/products/{sku}/media", "/products/{sku}/media/abc",
         "/products/{sku}/media/-1", "/products/{sku}/media/99999999",
         "/products/no-such/media/1", "/products/%2e%2e%2f%2e%2e/media",
         "/products/{sku}/media/1/extra", "/products?searchCriteria[pageSize]=x",
         "/products?searchCriteria[filterGroups][0][filters][0][field]=evil",
         "/products?searchCriteria[filterGroups][0][filters][0][value]=1",
         "/store/storeViews", "/integration/admin/token"]


def test_malformed_requests_never_get_a_500(server: MockServer, api: Api, sku: str) -> None:
    api.create_product(sku, images=2)
    entry_id = api.entries("default", sku)[0]["id"]
    paths = [p.replace("{sku}", sku) for p in PATHS] + [f"/products/{sku}/media/{entry_id}"]
    statuses: list[int] = []
    bad_shapes = 0
    http = api.http
    for store, path, method in itertools.product(
            ["default", "all", "second"], paths, ["GET", "POST", "PUT", "DELETE"]):
        for body in BODIES[:4]:
            response = http.request(method, api.url(store, path), content=body,
                                    headers={"Content-Type": "application/json"})
            statuses.append(response.status_code)
            if response.status_code >= 400 and not valid("error", response.json()):
                bad_shapes += 1
    for body in PRODUCT_BODIES + BODIES:
        for store, method, path in (("default", "POST", "/products"),
                                    ("all", "PUT", f"/products/{sku}")):
            response = send(http, api.url(store, path), method, body, sku)
            statuses.append(response.status_code)
    for body in ENTRY_BODIES + BODIES:
        for method, path in (("POST", f"/products/{sku}/media"),
                             ("PUT", f"/products/{sku}/media/{entry_id}")):
            response = send(http, api.url("second", path), method, body, sku)
            statuses.append(response.status_code)
    huge = http.post(api.url("default", "/products"), content=b"{" + b" " * (33 * 2 ** 20),
                     headers={"Content-Type": "application/json"})
    statuses.append(huge.status_code)

    server_errors = [status for status in statuses if status >= 500]
    print(f"\nmalformed requests: {len(statuses)}, 500s: {len(server_errors)}")
    assert len(statuses) >= 300
    assert server_errors == []
    assert bad_shapes == 0
    assert huge.status_code == 400
    assert "Traceback" not in server.stderr()


def send(http: httpx.Client, url: str, method: str, body: object, sku: str) -> httpx.Response:
    if isinstance(body, bytes):
        return http.request(method, url, content=body,
                            headers={"Content-Type": "application/json"})
    text = httpx.Request("POST", "http://x", json=body).content.decode()
    return http.request(method, url, content=text.replace("{sku}", sku).encode(),
                        headers={"Content-Type": "application/json"})


def test_parallel_writers_lose_nothing(server: MockServer, api: Api, sku: str) -> None:
    api.save("all", {"sku": sku, "name": "n"})
    per_writer = 15
    failures: list[str] = []

    def writer(number: int) -> None:
        client = server.api()
        for n in range(per_writer):
            response = client.add_media(["default", "second"][number], sku, {
                "label": f"w{number}-{n}", "content": image_content(f"w{number}-{n}.png")})
            if response.status_code != 200:
                failures.append(response.text)
        client.close()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    entries = api.entries("third", sku)
    assert len(entries) == 2 * per_writer
    assert len({e["file"] for e in entries}) == 2 * per_writer
