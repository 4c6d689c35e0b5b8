"""SAVE-OMIT, SAVE-NULL, SAVE-EMPTY and SAVE-ROUNDTRIP: a product save in a store view, and what
it does to the gallery there and in every other view."""

from __future__ import annotations

import pytest

from conformance.expectations import roundtrip_overrides
from conformance.steps import assert_galleries_unchanged, expect_response

# The three ways of leaving media_gallery_entries out of a product save; the catalogue says
# the first two change nothing anywhere.
UNTOUCHED = {"SAVE-OMIT": {}, "SAVE-NULL": {"media_gallery_entries": None}}


@pytest.mark.SAVE_OMIT
def test_save_omit(scene, view):
    _check_gallery_untouched(scene, view)


@pytest.mark.SAVE_NULL
def test_save_null(scene, view):
    _check_gallery_untouched(scene, view)


def _check_gallery_untouched(scene, view):
    product = scene.product
    scene.expect(scene.all_inherit(), when="before the call")
    galleries_before = scene.galleries()

    payload = {"sku": product.sku, "name": f"name in {view}", **UNTOUCHED[scene.statement]}
    response = scene.client.save_product(payload, view)

    body = expect_response(response, 200, "product", call=f"{scene.statement} in '{view}'")
    returned = {entry["id"] for entry in body["media_gallery_entries"]}
    assert returned == set(product.ids), (
        f"{scene.statement}: the response must carry the current gallery {product.ids}, "
        f"it has entries {sorted(returned)}"
    )
    assert_galleries_unchanged(galleries_before, scene.galleries(), statement=scene.statement)
    scene.expect(scene.all_inherit(), when="after the call")


@pytest.mark.SAVE_EMPTY
def test_save_empty(scene, view):
    product = scene.product
    scene.expect(scene.all_inherit(), when="before the call")

    payload = {"sku": product.sku, "media_gallery_entries": []}
    response = scene.client.save_product(payload, view)

    expect_response(response, 200, "product", call=f"SAVE-EMPTY in '{view}'")
    for other in scene.views:
        left = sorted(scene.gallery(other))
        assert left == [], f"SAVE-EMPTY: view '{other}' still shows entries {left}"
    product.forget_all()
    expected = scene.all_inherit()
    scene.expect(expected, when="after the call")


@pytest.mark.SAVE_ROUNDTRIP
def test_save_roundtrip(scene, view):
    product = scene.product
    scene.expect(scene.all_inherit(), when="before the call")
    galleries_before = scene.galleries()

    entries = list(scene.gallery(view).values())
    payload = {"sku": product.sku, "media_gallery_entries": entries}
    response = scene.client.save_product(payload, view)

    expect_response(response, 200, "product", call=f"SAVE-ROUNDTRIP in '{view}'")
    assert_galleries_unchanged(galleries_before, scene.galleries(), statement=scene.statement)
    scene.expect(roundtrip_overrides(scene, view), when="after the call")

