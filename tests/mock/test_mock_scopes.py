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
    entries[1]["label"] = None  # a null at global scope leaves the global value

    api.save("all", {"sku": sku, "media_gallery_entries": entries})

    assert oracle.view_state(sku) == before
    assert oracle.value_rows(sku, "all")[first]["label"] == "sentinel"
    assert oracle.value_rows(sku, "all")[entries[1]["id"]]["label"] == "label 2"
    for view in VIEWS:
        assert api.product(view, sku)["name"] == "global"


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
