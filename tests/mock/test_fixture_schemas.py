"""The fixture schemas (`fixtures/schemas`) against bodies a real shop may answer.

The schemas hold a target to the official REST schema (Magento's OpenAPI) plus what the suite
needs; nothing stricter. The catalogue gives `types` as `string[]`, and shops may define more
image roles than the four the suite checks.
"""

from __future__ import annotations

from typing import Any

import pytest
from mock_support import valid

ENTRY: dict[str, Any] = {"id": 7, "media_type": "image", "label": None, "position": 1,
                         "disabled": False, "types": ["image"], "file": "/a/b/ab.png"}


def entry(**changes: Any) -> dict[str, Any]:
    return {key: value for key, value in {**ENTRY, **changes}.items() if value is not ...}


@pytest.mark.parametrize("body", [
    pytest.param(entry(types=["image", "small_image", "thumbnail", "swatch_image",
                              "hover_image", "custom_role"]), id="extra-image-roles"),
    pytest.param(entry(file="/catalog/imported/shoe.jpg"), id="file-outside-two-folders"),
    pytest.param(entry(file=...), id="no-file"),
    pytest.param(entry(media_type="spin-360"), id="other-media-type"),
    pytest.param(entry(types=["image", "image"]), id="repeated-role"),
])
def test_an_entry_the_official_schema_allows_is_valid(body: dict[str, Any]) -> None:
    assert valid("media-entry", body)


@pytest.mark.parametrize("body", [
    pytest.param(entry(types=["image", 3]), id="role-not-a-string"),
    pytest.param(entry(types=...), id="no-types"),
    pytest.param(entry(id="7"), id="id-not-an-integer"),
    pytest.param(entry(id=...), id="no-id"),
    pytest.param(entry(position="1"), id="position-not-an-integer"),
])
def test_an_entry_breaking_the_official_schema_or_the_suites_needs_is_not(
        body: dict[str, Any]) -> None:
    assert not valid("media-entry", body)


def test_a_product_needs_only_sku_id_and_its_gallery() -> None:
    product = {"id": 3, "sku": "a", "media_gallery_entries": [entry()]}

    assert valid("product", product)
    assert valid("product-search-results", {"items": [product], "total_count": 1,
                                            "search_criteria": {"filter_groups": []}})
    assert not valid("product", {"sku": "a", "media_gallery_entries": []})
    assert not valid("product", {"id": "3", "sku": "a", "media_gallery_entries": []})
    assert not valid("product", {"id": 3, "sku": "a"})


def test_an_error_needs_a_message_string_and_no_more() -> None:
    assert valid("error", {"message": ""})
    assert valid("error", {"message": "The consumer isn't authorized to access %resources.",
                           "parameters": {"resources": "Magento_Catalog::products"}})
    assert not valid("error", {"error": "no message"})
    assert not valid("error", {"message": 404})
