"""SINGLE-STORE: on an install with one store view, inheritance does not apply. The suite says
so, skips the statements that only concern inheritance, and runs the scope-free ones."""

from __future__ import annotations

import pytest

from conformance.steps import expect_response


@pytest.mark.SINGLE_STORE
def test_single_store(scene, target):
    if len(target.install_views) > 1:
        pytest.skip(
            f"the target has {len(target.install_views)} store views; SINGLE-STORE needs an "
            "install with one (for the mock server: commerce-mock --store-views default)"
        )
    (view,) = target.install_views

    in_view = scene.gallery(view)
    response = scene.client.get_product(scene.product.sku, None)

    body = expect_response(response, 200, "product", call="GET product at /rest/V1")
    default = {entry["id"]: entry for entry in body["media_gallery_entries"]}
    assert default == in_view, (
        f"SINGLE-STORE: /rest/V1 and /rest/{view}/V1 must show the same gallery, "
        f"got {sorted(default)} and {sorted(in_view)}"
    )
