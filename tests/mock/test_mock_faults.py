"""Each fault, switched on alone, announces itself and breaks the one rule it claims."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from mock_support import VIEWS, Api, MockServer, Oracle, image_content, valid, video_entry

from commerce_mock.faults import REGISTRY

Check = Callable[[MockServer, Api, Oracle], None]
SKU = "faulty"


def add(api: Api, store: str, name: str, **fields: object) -> httpx.Response:
    entry = {"media_type": "image", "label": "new", "position": 9, "disabled": False,
             "types": [], "content": image_content(name), **fields}
    return api.add_media(store, SKU, entry)


def roundtrip(api: Api, store: str) -> list[dict]:
    entries = api.entries(store, SKU)
    api.save(store, {"sku": SKU, "media_gallery_entries": entries})
    return entries


def save_omit(server: MockServer, api: Api, oracle: Oracle) -> None:
    api.save("second", {"sku": SKU, "name": "x"})
    assert oracle.value_rows(SKU, "second") != {}


def save_null(server: MockServer, api: Api, oracle: Oracle) -> None:
    api.save("second", {"sku": SKU, "media_gallery_entries": None})
    assert api.entries("default", SKU) == []


def save_empty(server: MockServer, api: Api, oracle: Oracle) -> None:
    api.save("second", {"sku": SKU, "media_gallery_entries": []})
    assert api.entries("default", SKU) != []


def save_roundtrip(server: MockServer, api: Api, oracle: Oracle) -> None:
    roundtrip(api, "second")
    assert not oracle.sort_order_overridden(SKU, "second")


def field_null(column: str) -> Check:
    def check(server: MockServer, api: Api, oracle: Oracle) -> None:
        entries = roundtrip(api, "second")
        for entry in entries:
            entry[column] = None
        api.save("second", {"sku": SKU, "media_gallery_entries": entries})
        assert oracle.overridden(SKU, "second", column) != set()
    return check


def video_null(key: str) -> Check:
    def check(server: MockServer, api: Api, oracle: Oracle) -> None:
        video_id = api.add_media("all", SKU, video_entry("video.png")).json()
        entries = api.entries("second", SKU)
        video = next(e for e in entries if e["id"] == video_id)
        video["extension_attributes"]["video_content"][key] = "own"
        api.save("second", {"sku": SKU, "media_gallery_entries": entries})
        video["extension_attributes"]["video_content"][key] = None
        api.save("second", {"sku": SKU, "media_gallery_entries": entries})
        effective = next(e for e in api.entries("second", SKU) if e["id"] == video_id)
        assert effective["extension_attributes"]["video_content"][key] == "own"
    return check


def media_add_global(server: MockServer, api: Api, oracle: Oracle) -> None:
    add(api, "second", "n.png")
    assert not oracle.sort_order_overridden(SKU, "second")


def media_add_other_views(server: MockServer, api: Api, oracle: Oracle) -> None:
    add(api, "second", "n.png")
    assert oracle.value_rows(SKU, "third") != {}


def media_add_id_string(server: MockServer, api: Api, oracle: Oracle) -> None:
    assert isinstance(add(api, "second", "n.png").json(), str)


def media_get_wrong(server: MockServer, api: Api, oracle: Oracle) -> None:
    wanted = api.entries("second", SKU)[1]["id"]
    assert api.get("second", f"/products/{SKU}/media/{wanted}").json()["id"] != wanted


def entry_missing_types(server: MockServer, api: Api, oracle: Oracle) -> None:
    assert not valid("product", api.product("second", SKU))


def media_update_global(server: MockServer, api: Api, oracle: Oracle) -> None:
    entry = api.entries("second", SKU)[1]
    entry["label"] = "changed in second"
    api.call("PUT", "second", f"/products/{SKU}/media/{entry['id']}", {"entry": entry})
    assert api.entries("third", SKU)[1]["label"] == "changed in second"


def media_delete_view_only(server: MockServer, api: Api, oracle: Oracle) -> None:
    gone = api.entries("second", SKU)[1]["id"]
    api.call("DELETE", "second", f"/products/{SKU}/media/{gone}")
    assert gone in {e["id"] for e in api.entries("third", SKU)}


def media_delete_sort_kept(server: MockServer, api: Api, oracle: Oracle) -> None:
    roundtrip(api, "second")
    new_id = add(api, "second", "n.png").json()
    api.call("DELETE", "second", f"/products/{SKU}/media/{new_id}")
    assert oracle.sort_order_overridden(SKU, "second")


def save_omit_clears(server: MockServer, api: Api, oracle: Oracle) -> None:
    roundtrip(api, "third")
    api.save("second", {"sku": SKU, "name": "x"})
    assert oracle.value_rows(SKU, "third") == {}


def roundtrip_clears_others(server: MockServer, api: Api, oracle: Oracle) -> None:
    roundtrip(api, "third")
    roundtrip(api, "second")
    assert oracle.value_rows(SKU, "third") == {}


def null_in_second(api: Api, column: str) -> None:
    entries = roundtrip(api, "second")
    api.save("second", {"sku": SKU, "media_gallery_entries": [
        {**entry, column: None} for entry in entries]})


def field_null_every_view(server: MockServer, api: Api, oracle: Oracle) -> None:
    roundtrip(api, "third")
    null_in_second(api, "label")
    assert oracle.overridden(SKU, "third", "label") == set()


def field_null_siblings(server: MockServer, api: Api, oracle: Oracle) -> None:
    null_in_second(api, "position")
    assert oracle.overridden(SKU, "second", "label") == set()


def field_null_global(server: MockServer, api: Api, oracle: Oracle) -> None:
    entries = api.entries("second", SKU)
    api.save("second", {"sku": SKU, "media_gallery_entries": [
        {**entry, "label": f"second {entry['id']}", "disabled": None} for entry in entries]})
    assert api.entries("third", SKU)[0]["label"] == f"second {entries[0]['id']}"


def media_add_hidden(server: MockServer, api: Api, oracle: Oracle) -> None:
    new_id = add(api, "second", "n.png").json()
    assert next(e for e in api.entries("third", SKU) if e["id"] == new_id)["disabled"] is True


def media_add_clears_others(server: MockServer, api: Api, oracle: Oracle) -> None:
    roundtrip(api, "third")
    add(api, "second", "n.png")
    assert oracle.value_rows(SKU, "third") == {}


def media_update_clears_others(server: MockServer, api: Api, oracle: Oracle) -> None:
    entries = roundtrip(api, "third")
    entry = api.entries("second", SKU)[0]
    api.call("PUT", "second", f"/products/{SKU}/media/{entry['id']}", {"entry": entry})
    assert entries[0]["id"] not in oracle.value_rows(SKU, "third")


def media_delete_sort_every_view(server: MockServer, api: Api, oracle: Oracle) -> None:
    roundtrip(api, "third")
    new_id = add(api, "second", "n.png").json()
    api.call("DELETE", "second", f"/products/{SKU}/media/{new_id}")
    assert not oracle.sort_order_overridden(SKU, "third")


def field_null_first_only(server: MockServer, api: Api, oracle: Oracle) -> None:
    entries = roundtrip(api, "second")
    api.save("second", {"sku": SKU, "media_gallery_entries": [
        {**entry, "label": None, "position": None, "disabled": None} for entry in entries]})
    assert oracle.overridden(SKU, "second", "label") == set()
    assert oracle.overridden(SKU, "second", "position") != set()


def default_route_as_all(server: MockServer, api: Api, oracle: Oracle) -> None:
    response = api.get(None, f"/products/{SKU}")
    assert response.status_code == 400


def video_of(api: Api, store: str, video_id: int) -> dict:
    entry = next(e for e in api.entries(store, SKU) if e["id"] == video_id)
    return entry["extension_attributes"]["video_content"]


def null_disabled_visible(server: MockServer, api: Api, oracle: Oracle) -> None:
    hidden = api.entries("second", SKU)[2]
    api.call("PUT", "all", f"/products/{SKU}/media/{hidden['id']}",
             {"entry": {**hidden, "disabled": True}})
    entries = api.entries("second", SKU)
    api.save("second", {"sku": SKU, "media_gallery_entries": [
        {**entry, "label": "own", "disabled": None} for entry in entries]})
    assert api.entries("second", SKU)[2]["disabled"] is False


def media_add_video_every_view(server: MockServer, api: Api, oracle: Oracle) -> None:
    video_id = api.add_media("second", SKU, video_entry("video.png")).json()
    api.call("PUT", "all", f"/products/{SKU}/media/{video_id}", {"entry": {
        "id": video_id, "media_type": "external-video", "label": "video", "position": 10,
        "disabled": False, "types": [], "extension_attributes": {"video_content": {
            **video_entry("v.png")["extension_attributes"]["video_content"],
            "video_title": "new global title"}}}})
    assert video_of(api, "third", video_id)["video_title"] == "global title"


def media_update_video_global(server: MockServer, api: Api, oracle: Oracle) -> None:
    video_id = api.add_media("all", SKU, video_entry("video.png")).json()
    entry = next(e for e in api.entries("second", SKU) if e["id"] == video_id)
    api.call("PUT", "second", f"/products/{SKU}/media/{video_id}", {"entry": entry})
    assert video_of(api, "third", video_id)["video_title"] == "global title (updated)"


def media_update_roles_global(server: MockServer, api: Api, oracle: Oracle) -> None:
    entry = api.entries("second", SKU)[1]
    api.call("PUT", "second", f"/products/{SKU}/media/{entry['id']}",
             {"entry": {**entry, "types": ["image"]}})
    assert "image" in api.entries("third", SKU)[1]["types"]


def auth_reads_only(server: MockServer, api: Api, oracle: Oracle) -> None:
    anonymous = httpx.post(f"{server.base_url}/rest/second/V1/products",
                           json={"product": {"sku": SKU, "name": "anonymous"}})
    assert anonymous.status_code == 200


def get_media_at_all(server: MockServer, api: Api, oracle: Oracle) -> None:
    assert api.get("all", f"/products/{SKU}/media").status_code == 200


def unknown_store_writes(server: MockServer, api: Api, oracle: Oracle) -> None:
    assert api.save("no_such_view", {"sku": SKU, "name": "x"}).status_code == 200


def forbidden_name_partial(server: MockServer, api: Api, oracle: Oracle) -> None:
    assert add(api, "second", "bad|name.png").status_code == 200


def error_without_message(server: MockServer, api: Api, oracle: Oracle) -> None:
    body = api.get("second", "/products/no-such-sku").json()
    assert "message" not in body and not valid("error", body)


def role_not_exclusive(server: MockServer, api: Api, oracle: Oracle) -> None:
    entry = api.entries("second", SKU)[1]
    entry["types"] = ["image"]
    api.call("PUT", "second", f"/products/{SKU}/media/{entry['id']}", {"entry": entry})
    assert "image" in api.entries("second", SKU)[0]["types"]
    assert "image" not in api.entries("second", SKU)[1]["types"]


def unlisted_kept(server: MockServer, api: Api, oracle: Oracle) -> None:
    api.save("second", {"sku": SKU, "media_gallery_entries": api.entries("second", SKU)[:1]})
    assert len(api.entries("default", SKU)) == 3


def gallery_absent(server: MockServer, api: Api, oracle: Oracle) -> None:
    response = api.save("all", {"sku": "empty-one", "name": "n"})
    assert "media_gallery_entries" not in response.json()


def all_writes_view_rows(server: MockServer, api: Api, oracle: Oracle) -> None:
    entries = api.entries("default", SKU)
    entries[0]["label"] = "sentinel"
    api.save("all", {"sku": SKU, "media_gallery_entries": entries})
    assert oracle.value_rows(SKU, "default") != {}


def get_at_all(server: MockServer, api: Api, oracle: Oracle) -> None:
    assert api.get("all", f"/products/{SKU}").status_code == 200


def unknown_store(server: MockServer, api: Api, oracle: Oracle) -> None:
    assert api.get("nowhere", f"/products/{SKU}").status_code == 200


def auth_not_enforced(server: MockServer, api: Api, oracle: Oracle) -> None:
    anonymous = server.api(token=None)
    assert anonymous.get("second", f"/products/{SKU}").status_code == 200
    anonymous.close()


def mime_trusted(server: MockServer, api: Api, oracle: Oracle) -> None:
    response = api.add_media("all", SKU, {"content": image_content("a.png", mime="image/gif")})
    assert response.status_code == 200


def name_not_deduplicated(server: MockServer, api: Api, oracle: Oracle) -> None:
    add(api, "all", "same.png")
    add(api, "all", "same.png")
    files = [e["file"] for e in api.entries("default", SKU)]
    assert files.count("/s/a/same.png") == 2


def unknown_entry_accepted(server: MockServer, api: Api, oracle: Oracle) -> None:
    response = api.call("DELETE", "second", f"/products/{SKU}/media/999999")
    assert response.status_code == 200 and response.json() is True


CHECKS: dict[str, Check] = {
    "save-omit-overrides": save_omit,
    "save-null-as-empty": save_null,
    "save-empty-ignored": save_empty,
    "save-roundtrip-global": save_roundtrip,
    "field-null-label-kept": field_null("label"),
    "field-null-position-kept": field_null("position"),
    "field-null-disabled-kept": field_null("disabled"),
    "field-null-video-title-kept": video_null("video_title"),
    "field-null-video-description-kept": video_null("video_description"),
    "media-add-global": media_add_global,
    "media-add-other-views": media_add_other_views,
    "media-add-id-string": media_add_id_string,
    "media-get-wrong-entry": media_get_wrong,
    "entry-missing-types": entry_missing_types,
    "media-update-global": media_update_global,
    "media-delete-view-only": media_delete_view_only,
    "media-delete-sort-kept": media_delete_sort_kept,
    "save-omit-clears-overrides": save_omit_clears,
    "roundtrip-clears-other-views": roundtrip_clears_others,
    "field-null-every-view": field_null_every_view,
    "field-null-resets-siblings": field_null_siblings,
    "field-null-writes-global": field_null_global,
    "media-add-hidden-elsewhere": media_add_hidden,
    "media-add-clears-other-views": media_add_clears_others,
    "media-update-clears-other-views": media_update_clears_others,
    "media-delete-sort-every-view": media_delete_sort_every_view,
    "field-null-first-only": field_null_first_only,
    "default-route-as-all": default_route_as_all,
    "null-disabled-reads-visible": null_disabled_visible,
    "media-add-video-every-view": media_add_video_every_view,
    "media-update-video-global": media_update_video_global,
    "media-update-roles-global": media_update_roles_global,
    "auth-reads-only": auth_reads_only,
    "get-media-at-all-allowed": get_media_at_all,
    "unknown-store-writes": unknown_store_writes,
    "forbidden-name-partial": forbidden_name_partial,
    "error-body-without-message": error_without_message,
    "role-not-exclusive": role_not_exclusive,
    "save-unlisted-kept": unlisted_kept,
    "product-gallery-absent-when-empty": gallery_absent,
    "all-writes-view-rows": all_writes_view_rows,
    "get-at-all-allowed": get_at_all,
    "unknown-store-as-default": unknown_store,
    "auth-not-enforced": auth_not_enforced,
    "content-mime-trusted": mime_trusted,
    "file-name-not-deduplicated": name_not_deduplicated,
    "unknown-entry-accepted": unknown_entry_accepted,
}


def test_every_registered_fault_has_a_check() -> None:
    assert set(CHECKS) == set(REGISTRY)


@pytest.fixture(params=sorted(REGISTRY), ids=lambda name: f"fault={name}")
def faulty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, MockServer]]:
    server = MockServer("--fault", request.param, db=tmp_path / "faulty.sqlite")
    yield request.param, server
    server.stop()


def test_fault_is_announced_and_observable(faulty: tuple[str, MockServer]) -> None:
    name, server = faulty
    api = server.api()
    oracle = Oracle(server.db)
    created = api.save("all", {"sku": SKU, "name": "n", "media_gallery_entries": [
        {"media_type": "image", "label": f"l{n}", "position": n, "disabled": False,
         "types": ["image"] if n == 1 else [], "content": image_content(f"f{n}.png")}
        for n in (1, 2, 3)]})
    assert created.status_code == 200

    CHECKS[name](server, api, oracle)

    assert api.get("second", f"/products/{SKU}").headers["X-Commerce-Mock-Faults"] == name
    assert f"FAULTS ON (deliberately broken rules): {name}" in server.stderr()
    assert all(view for view in VIEWS)
    api.close()


def test_no_fault_header_without_faults(server: MockServer) -> None:
    response = httpx.get(f"{server.base_url}/rest/V1/store/storeViews")
    assert "X-Commerce-Mock-Faults" not in response.headers
