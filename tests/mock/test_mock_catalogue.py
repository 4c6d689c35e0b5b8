"""Every catalogue statement, in more than one calling view, checked over REST and in the
SQLite rows that hold the inheritance state (the storage contract)."""

from __future__ import annotations

import pytest
from mock_support import VIEWS, Api, Oracle, image_content, validate, video_entry

CALLING_VIEWS = [pytest.param(view, id=f"view={view}") for view in ("default", "second")]


def others(view: str) -> list[str]:
    return [other for other in VIEWS if other != view]


def assert_all_inherit(oracle: Oracle, sku: str, views: list[str]) -> None:
    for view in views:
        assert oracle.value_rows(sku, view) == {}, view
        assert oracle.roles(sku, view) == {}, view


def roundtrip(api: Api, view: str, sku: str) -> None:
    product = api.product(view, sku)
    response = api.save(view, {"sku": sku, "media_gallery_entries":
                               product["media_gallery_entries"]})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("view", CALLING_VIEWS)
def test_save_omit_changes_nothing(api: Api, oracle: Oracle, sku: str, view: str) -> None:
    api.create_product(sku)
    before = api.entries(view, sku)

    response = api.save(view, {"sku": sku, "name": "renamed in view"})

    assert response.status_code == 200
    validate("product", response.json())
    assert response.json()["media_gallery_entries"] == before
    assert_all_inherit(oracle, sku, list(VIEWS))
    assert api.product(view, sku)["name"] == "renamed in view"
    assert api.product(others(view)[0], sku)["name"] == f"name {sku}"


@pytest.mark.parametrize("view", CALLING_VIEWS)
def test_save_null_is_save_omit(api: Api, oracle: Oracle, sku: str, view: str) -> None:
    api.create_product(sku)
    roundtrip(api, "third" if view != "third" else "default", sku)  # some overrides elsewhere
    state = oracle.view_state(sku)
    before = {v: api.entries(v, sku) for v in VIEWS}

    response = api.save(view, {"sku": sku, "name": "n", "media_gallery_entries": None})

    assert response.status_code == 200
    assert response.json()["media_gallery_entries"] == before[view]
    assert oracle.view_state(sku) == state
    assert {v: api.entries(v, sku) for v in VIEWS} == before


@pytest.mark.parametrize("view", [*CALLING_VIEWS, pytest.param("all", id="view=all")])
def test_save_empty_removes_everything(api: Api, oracle: Oracle, sku: str, view: str) -> None:
    api.create_product(sku)
    roundtrip(api, "second", sku)

    response = api.save(view, {"sku": sku, "media_gallery_entries": []})

    assert response.status_code == 200
    assert response.json()["media_gallery_entries"] == []
    assert oracle.entry_ids(sku) == set()
    for each in VIEWS:
        assert api.entries(each, sku) == []
        assert set(oracle.roles(sku, each).values()) <= {"no_selection"}
    assert set(oracle.roles(sku, "all").values()) == {"no_selection"}
    assert oracle.query("SELECT COUNT(*) FROM media_file WHERE path LIKE ?",
                        f"%{sku.lower()[:10]}%")[0][0] == 0


@pytest.mark.parametrize("view", CALLING_VIEWS)
def test_save_roundtrip_overrides_calling_view_only(
    api: Api, oracle: Oracle, sku: str, view: str
) -> None:
    api.create_product(sku)
    before = api.entries(view, sku)

    roundtrip(api, view, sku)

    ids = oracle.entry_ids(sku)
    for column in ("label", "position", "disabled"):
        assert oracle.overridden(sku, view, column) == ids, column
    assert set(oracle.roles(sku, view)) == {"image", "small_image", "thumbnail", "swatch_image"}
    assert api.entries(view, sku) == before
    assert_all_inherit(oracle, sku, others(view))


def test_save_roundtrip_at_default_url_acts_in_default_view(
    api: Api, oracle: Oracle, sku: str
) -> None:
    api.create_product(sku)

    roundtrip(api, None, sku)

    assert oracle.sort_order_overridden(sku, "default")
    assert_all_inherit(oracle, sku, ["second", "third"])


@pytest.mark.parametrize("view", CALLING_VIEWS)
@pytest.mark.parametrize("column", ["label", "position", "disabled"])
def test_field_null_restores_inheritance(
    api: Api, oracle: Oracle, sku: str, view: str, column: str
) -> None:
    api.create_product(sku)
    roundtrip(api, "third", sku)
    entries = api.entries(view, sku)
    for entry in entries:
        entry.update(label=f"own {entry['id']}", position=entry["position"] + 100,
                     disabled=True)
    api.save(view, {"sku": sku, "media_gallery_entries": entries})
    other_state = {v: oracle.value_rows(sku, v) for v in others(view)}
    for entry in entries:
        entry[column] = None

    response = api.save(view, {"sku": sku, "media_gallery_entries": entries})

    assert response.status_code == 200
    assert oracle.overridden(sku, view, column) == set()
    global_rows = oracle.value_rows(sku, "all")
    effective = {entry["id"]: entry for entry in api.entries(view, sku)}
    for value_id, row in global_rows.items():
        expected = bool(row[column]) if column == "disabled" else row[column]
        assert effective[value_id][column] == expected
    assert {v: oracle.value_rows(sku, v) for v in others(view)} == other_state


@pytest.mark.parametrize("view", CALLING_VIEWS)
@pytest.mark.parametrize("key", ["video_title", "video_description"])
def test_field_null_video_restores_inheritance(
    api: Api, oracle: Oracle, sku: str, view: str, key: str
) -> None:
    api.create_product(sku, images=1)
    assert api.add_media("all", sku, video_entry(f"{sku}-video.png")).status_code == 200
    entries = api.entries(view, sku)
    video = next(e for e in entries if e["media_type"] == "external-video")
    validate("media-entry", video)
    video["extension_attributes"]["video_content"][key] = "own in view"
    api.save(view, {"sku": sku, "media_gallery_entries": entries})
    column = {"video_title": "title", "video_description": "description"}[key]
    assert oracle.video_rows(video["id"], view)[column] == "own in view"
    assert api.entries(others(view)[0], sku)[-1]["extension_attributes"]["video_content"][key] \
        == key.replace("video_", "global ")
    video["extension_attributes"]["video_content"][key] = None

    response = api.save(view, {"sku": sku, "media_gallery_entries": entries})

    assert response.status_code == 200
    row = oracle.video_rows(video["id"], view)
    assert row is None or row[column] is None
    effective = next(e for e in api.entries(view, sku) if e["id"] == video["id"])
    global_value = oracle.video_rows(video["id"], "all")[column]
    assert effective["extension_attributes"]["video_content"][key] == global_value
    for other in others(view):
        assert oracle.video_rows(video["id"], other) is None


@pytest.mark.parametrize("key", ["video_title", "video_description"])
def test_an_empty_video_value_in_a_view_shows_the_global_one(
    api: Api, oracle: Oracle, sku: str, key: str
) -> None:
    """Magento's video ReadHandler falls back to the global value on PHP's empty(): "" in a
    view reads as the global value, as NULL does."""
    api.create_product(sku, images=1)
    assert api.add_media("all", sku, video_entry(f"{sku}-video.png")).status_code == 200
    entries = api.entries("second", sku)
    video = next(e for e in entries if e["media_type"] == "external-video")
    video["extension_attributes"]["video_content"][key] = ""

    response = api.save("second", {"sku": sku, "media_gallery_entries": entries})

    assert response.status_code == 200
    column = {"video_title": "title", "video_description": "description"}[key]
    assert oracle.video_rows(video["id"], "second")[column] == ""
    effective = next(e for e in api.entries("second", sku) if e["id"] == video["id"])
    assert effective["extension_attributes"]["video_content"][key] == \
        key.replace("video_", "global ")


@pytest.mark.parametrize("view", CALLING_VIEWS)
def test_media_add(api: Api, oracle: Oracle, sku: str, view: str) -> None:
    api.create_product(sku)
    entry = {"media_type": "image", "label": "New image label", "position": 4,
             "disabled": False, "types": [], "content": image_content("new-image.png")}

    response = api.add_media(view, sku, entry)

    assert response.status_code == 200
    new_id = response.json()
    assert type(new_id) is int and response.text.strip() == str(new_id)
    for each in VIEWS:
        assert new_id in {e["id"] for e in api.entries(each, sku)}
    assert oracle.sort_order_overridden(sku, view)
    # The view's order is its own now: every existing entry keeps a position of its own too.
    assert set(oracle.overridden(sku, view, "position")) == set(oracle.entry_ids(sku))
    assert new_id in oracle.overridden(sku, view, "label")
    assert new_id in oracle.overridden(sku, view, "disabled")
    assert_all_inherit(oracle, sku, others(view))
    file = next(e for e in api.entries(view, sku) if e["id"] == new_id)["file"]
    assert file.startswith("/n/e/new-image") and file.endswith(".png")


def test_media_get(api: Api, sku: str) -> None:
    api.create_product(sku)
    wanted = api.entries("second", sku)[1]

    response = api.get("second", f"/products/{sku}/media/{wanted['id']}")

    assert response.status_code == 200
    body = response.json()
    validate("media-entry", body)
    assert {k: v for k, v in body.items() if k != "content"} == wanted
    assert body["content"]["type"] == "image/png"
    assert body["content"]["name"] == wanted["file"].rsplit("/", 1)[-1]
    listing = api.get("second", f"/products/{sku}/media").json()
    assert [e["id"] for e in listing] == [e["id"] for e in api.entries("second", sku)]
    for entry in listing:
        validate("media-entry", entry)
        assert "content" in entry


@pytest.mark.parametrize("view", CALLING_VIEWS)
@pytest.mark.parametrize("already_overridden", [False, True], ids=["fresh", "overridden"])
def test_media_update(
    api: Api, oracle: Oracle, sku: str, view: str, already_overridden: bool
) -> None:
    api.create_product(sku)
    if already_overridden:
        roundtrip(api, view, sku)
    entry = api.get(view, f"/products/{sku}/media/{api.entries(view, sku)[1]['id']}").json()
    entry.pop("content")
    entry["label"] = "Updated label for view"
    global_before = oracle.value_rows(sku, "all")

    response = api.call("PUT", view, f"/products/{sku}/media/{entry['id']}", {"entry": entry})

    assert response.status_code == 200 and response.json() is True
    assert next(e for e in api.entries(view, sku) if e["id"] == entry["id"])["label"] \
        == "Updated label for view"
    assert oracle.sort_order_overridden(sku, view)
    assert oracle.value_rows(sku, "all") == global_before
    for other in others(view):
        assert next(e for e in api.entries(other, sku) if e["id"] == entry["id"])["label"] \
            == "label 2"
    assert_all_inherit(oracle, sku, others(view))


@pytest.mark.parametrize("view", CALLING_VIEWS)
def test_media_delete(api: Api, oracle: Oracle, sku: str, view: str) -> None:
    api.create_product(sku)
    new_id = api.add_media(view, sku, {"media_type": "image", "label": "x", "position": 4,
                                       "disabled": False, "types": [],
                                       "content": image_content("gone.png")}).json()
    assert oracle.sort_order_overridden(sku, view)

    response = api.call("DELETE", view, f"/products/{sku}/media/{new_id}")

    assert response.status_code == 200 and response.json() is True
    assert new_id not in oracle.entry_ids(sku)
    for each in VIEWS:
        assert new_id not in {e["id"] for e in api.entries(each, sku)}
    assert not oracle.sort_order_overridden(sku, view)
    assert not oracle.overridden(sku, view, "position")
    assert_all_inherit(oracle, sku, others(view))


def test_walkthrough_in_page_order(api: Api, oracle: Oracle, sku: str) -> None:
    """The source page's own sequence in the default view, checked after every step."""
    api.create_product(sku)
    assert_all_inherit(oracle, sku, list(VIEWS))
    api.save("default", {"sku": sku, "name": "override"})
    assert_all_inherit(oracle, sku, list(VIEWS))
    api.save("default", {"sku": sku, "name": "override", "media_gallery_entries": None})
    assert_all_inherit(oracle, sku, list(VIEWS))
    roundtrip(api, "default", sku)
    assert oracle.sort_order_overridden(sku, "default")
    entries = api.entries("default", sku)
    for entry in entries:
        entry.update(label=None, position=None, disabled=None)
    api.save("default", {"sku": sku, "media_gallery_entries": entries})
    for column in ("label", "position", "disabled"):
        assert oracle.overridden(sku, "default", column) == set()
    new_id = api.add_media("default", sku, {"media_type": "image", "label": "New",
                                            "position": 4, "disabled": False, "types": [],
                                            "content": image_content("new-image.png")}).json()
    assert oracle.sort_order_overridden(sku, "default")
    entry = api.get("default", f"/products/{sku}/media/{new_id}").json()
    entry.pop("content")
    entry["label"] = "Updated"
    assert api.call("PUT", "default", f"/products/{sku}/media/{new_id}",
                    {"entry": entry}).json() is True
    assert oracle.sort_order_overridden(sku, "default")
    assert api.call("DELETE", "default", f"/products/{sku}/media/{new_id}").json() is True
    assert not oracle.sort_order_overridden(sku, "default")
    assert_all_inherit(oracle, sku, ["second", "third"])
