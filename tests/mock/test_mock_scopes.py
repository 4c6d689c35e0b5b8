"""Writes at `all` touch store 0 only; roles per scope; content checks and file naming."""

from __future__ import annotations

import base64

import pytest
from mock_support import VIEWS, Api, Oracle, image_bytes, image_content, validate


def test_writes_at_all_never_touch_store_view_rows(api: Api, oracle: Oracle, sku: str) -> None:
    api.create_product(sku)
    before = oracle.view_state(sku)
    entries = api.entries("default", sku)
    first = entries[0]["id"]

    entries[0].update(label="sentinel", position=77, disabled=True)
    api.save("all", {"sku": sku, "name": "global", "media_gallery_entries": entries})
    new_id = api.add_media("all", sku, {"media_type": "image", "label": "g", "position": 5,
                                        "disabled": False, "types": ["thumbnail"],
                                        "content": image_content("global.png")}).json()
    api.call("PUT", "all", f"/products/{sku}/media/{first}",
             {"entry": {"id": first, "label": "sentinel 2", "position": 3, "disabled": False,
                        "types": ["image"]}})
    api.call("DELETE", "all", f"/products/{sku}/media/{new_id}")
    # Position and disabled have a global value always (NOT NULL in Magento): a null at
    # global scope leaves them as they are.
    entries[1].update(position=None, disabled=None)

    api.save("all", {"sku": sku, "media_gallery_entries": entries})

    assert oracle.view_state(sku) == before
    assert oracle.value_rows(sku, "all")[first]["label"] == "sentinel"
    second = oracle.value_rows(sku, "all")[entries[1]["id"]]
    assert (second["label"], second["position"], second["disabled"]) == ("label 2", 2, 0)
    for view in VIEWS:
        assert api.product(view, sku)["name"] == "global"


def gallery_table_disabled(oracle: Oracle, sku: str) -> dict[int, int]:
    """The main table's `disabled` column per entry ("disabled everywhere" in Magento)."""
    rows = oracle.query(
        "SELECT g.value_id, g.disabled FROM catalog_product_entity_media_gallery g"
        " JOIN catalog_product_entity_media_gallery_value_to_entity e USING (value_id)"
        " WHERE e.entity_id = ?", oracle.entity_id(sku))
    return {row["value_id"]: row["disabled"] for row in rows}


def test_global_disabled_is_kept_in_store_0_only(api: Api, oracle: Oracle, sku: str) -> None:
    """Magento's load query skips entries whose main-table `disabled` is set, so the global
    value must live in store 0's value row: every view still lists the entry, hidden."""
    api.create_product(sku)
    entries = api.entries("default", sku)
    by_save, by_put = entries[0]["id"], entries[1]["id"]
    entries[0]["disabled"] = True
    assert api.save("all", {"sku": sku, "media_gallery_entries": entries}).status_code == 200
    put = api.call("PUT", "all", f"/products/{sku}/media/{by_put}",
                   {"entry": {**entries[1], "disabled": True}})
    assert put.status_code == 200
    added = api.add_media("all", sku, {"media_type": "image", "label": "hidden", "position": 9,
                                       "disabled": True, "types": [],
                                       "content": image_content(f"{sku}-hidden.png")}).json()

    hidden = {by_save, by_put, added}
    assert set(gallery_table_disabled(oracle, sku).values()) == {0}
    assert {i for i, row in oracle.value_rows(sku, "all").items() if row["disabled"]} == hidden
    for view in VIEWS:
        shown = {e["id"]: e["disabled"] for e in api.entries(view, sku)}
        assert {i for i, disabled in shown.items() if disabled} == hidden
        assert oracle.value_rows(sku, view) == {}


def test_label_null_at_all_stores_no_global_label(api: Api, oracle: Oracle, sku: str) -> None:
    """A label may have no global value (e.g. after MEDIA-ADD in a view without one); a null
    at `all` sets it so, which is how a global NULL label is written back."""
    api.create_product(sku)
    entries = api.entries("second", sku)
    entries[0]["label"] = "own in second"
    assert api.save("second", {"sku": sku, "media_gallery_entries": entries}).status_code == 200
    entries = api.entries("default", sku)
    target = entries[0]["id"]
    entries[0]["label"] = None

    response = api.save("all", {"sku": sku, "media_gallery_entries": entries})

    assert response.status_code == 200
    assert oracle.value_rows(sku, "all")[target]["label"] is None
    labels = {view: {e["id"]: e["label"] for e in api.entries(view, sku)}[target]
              for view in VIEWS}
    assert labels == {"default": None, "second": "own in second", "third": None}
    nameless = api.add_media("all", sku, {"media_type": "image", "position": 9,
                                          "disabled": False, "types": [],
                                          "content": image_content(f"{sku}-nameless.png")})
    assert oracle.value_rows(sku, "all")[nameless.json()]["label"] is None


def test_role_is_taken_from_the_other_entry_in_the_same_scope(
    api: Api, oracle: Oracle, sku: str
) -> None:
    api.create_product(sku)
    first, second = api.entries("second", sku)[:2]
    second["types"] = ["image"]

    api.call("PUT", "second", f"/products/{sku}/media/{second['id']}", {"entry": second})

    in_view = {e["id"]: e["types"] for e in api.entries("second", sku)}
    assert in_view[second["id"]] == ["image"]
    assert in_view[first["id"]] == ["small_image", "thumbnail"]
    assert oracle.roles(sku, "second") == {"image": second["file"]}
    for view in ("default", "third"):
        assert {e["id"]: e["types"] for e in api.entries(view, sku)}[first["id"]] == [
            "image", "small_image", "thumbnail"]


def test_roles_given_at_all_are_exclusive_globally(api: Api, oracle: Oracle, sku: str) -> None:
    api.create_product(sku)
    entries = api.entries("default", sku)
    entries[2]["types"] = ["image", "swatch_image"]

    api.save("all", {"sku": sku, "media_gallery_entries": entries})

    types = {e["id"]: e["types"] for e in api.entries("third", sku)}
    assert types[entries[0]["id"]] == ["small_image", "thumbnail"]
    assert types[entries[2]["id"]] == ["image", "swatch_image"]
    assert oracle.roles(sku, "all")["image"] == entries[2]["file"]


def test_first_image_of_an_empty_gallery_gets_every_role(api: Api, sku: str) -> None:
    api.save("all", {"sku": sku, "name": "n"})

    api.add_media("all", sku, {"media_type": "image", "label": "", "position": 1,
                               "disabled": False, "types": [],
                               "content": image_content("first.png")})

    assert api.entries("default", sku)[0]["types"] == [
        "image", "small_image", "thumbnail", "swatch_image"]


def png_b64() -> str:
    return base64.b64encode(image_bytes("PNG")).decode()


BASE64 = "The image content must be valid base64 encoded data."
MIME = "The image MIME type is not valid or not supported."
NAME = "Provided image name contains forbidden characters."


@pytest.mark.parametrize("content,message", [
    pytest.param({"base64_encoded_data": "%%%not base64", "type": "image/png", "name": "a.png"},
                 BASE64, id="not-base64"),
    pytest.param({"base64_encoded_data": base64.b64encode(b"hello").decode(),
                  "type": "image/png", "name": "a.png"}, BASE64, id="not-an-image"),
    pytest.param({"base64_encoded_data": "", "type": "image/png", "name": "a.png"},
                 BASE64, id="empty"),
    pytest.param({"base64_encoded_data": png_b64(), "type": "image/jpeg", "name": "a.png"},
                 MIME, id="declared-jpeg-is-png"),
    pytest.param({"base64_encoded_data": png_b64(), "type": "image/webp", "name": "a.png"},
                 MIME, id="mime-not-allowed"),
    pytest.param({**image_content("a.bmp", kind="BMP", mime="image/png")}, MIME,
                 id="bmp-declared-png"),
    pytest.param({"base64_encoded_data": png_b64(), "type": "image/png", "name": "../evil.png"},
                 NAME, id="traversal"),
    pytest.param({"base64_encoded_data": png_b64(), "type": "image/png", "name": ".."},
                 NAME, id="dots-only"),
    pytest.param({"base64_encoded_data": png_b64(), "type": "image/png", "name": "a:b.png"},
                 NAME, id="colon"),
    pytest.param({"base64_encoded_data": png_b64(), "type": "image/png", "name": ""},
                 NAME, id="empty-name"),
])
def test_content_checks(api: Api, sku: str, content: dict, message: str) -> None:
    api.save("all", {"sku": sku, "name": "n"})

    response = api.add_media("default", sku, {"media_type": "image", "label": "", "position": 1,
                                              "disabled": False, "types": [],
                                              "content": content})

    assert response.status_code == 400
    validate("error", response.json())
    assert response.json()["message"] == message
    assert api.entries("default", sku) == []


@pytest.mark.parametrize("char", list('\\/?*:";<>()|{}'))
def test_every_forbidden_name_character(api: Api, sku: str, char: str) -> None:
    api.save("all", {"sku": sku, "name": "n"})

    response = api.add_media("all", sku, {"content": image_content(f"a{char}b.png")})

    assert response.status_code == 400 and response.json()["message"] == NAME


def test_jpeg_and_gif_with_declared_aliases_are_accepted(api: Api, sku: str) -> None:
    api.save("all", {"sku": sku, "name": "n"})

    for name, kind, mime in (("a.jpg", "JPEG", "image/jpeg"), ("b.jpg", "JPEG", "image/jpg"),
                             ("c.gif", "GIF", "image/gif")):
        response = api.add_media("all", sku, {"content": image_content(name, kind, mime)})
        assert response.status_code == 200, response.text


def test_file_names_are_cleaned_and_deduplicated(api: Api, sku: str) -> None:
    api.save("all", {"sku": sku, "name": "n"})
    names = ["Zz Dup Name!.PNG", "zz dup name!.png", "ZZ_dup_name_.png", "noext"]

    for name in names:
        assert api.add_media("all", sku, {"content": image_content(name)}).status_code == 200

    files = [e["file"] for e in api.entries("default", sku)]
    assert files[:3] == ["/z/z/zz_dup_name_.png", "/z/z/zz_dup_name__1.png",
                         "/z/z/zz_dup_name__2.png"]
    assert files[3] == "/n/o/noext.png"
    media = api.get("default", f"/products/{sku}/media").json()
    for entry in media:
        validate("media-entry", entry)
    assert base64.b64decode(media[0]["content"]["base64_encoded_data"])[:4] == b"\x89PNG"
