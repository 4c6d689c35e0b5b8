"""WALKTHROUGH: the source page's own sequence on one product, in one calling view, with the
inheritance state of every view checked after every step."""

from __future__ import annotations

import pytest

from conformance import reporting
from conformance.expectations import (
    added_in,
    deleted_in,
    others_inherit,
    roundtrip_overrides,
    updated_in,
)
from conformance.state import ENTRY_FIELDS, INHERITS
from conformance.steps import (
    Scene,
    add_media,
    assert_galleries_unchanged,
    changed_entry,
    delete_entry,
    expect_response,
    update_label,
)


@pytest.mark.WALKTHROUGH
def test_walkthrough(scene, view, new_image):
    with reporting.step("start: every view uses the default values"):
        scene.expect(scene.all_inherit(), when="at the start")

    for statement, gallery in (("SAVE-OMIT", {}), ("SAVE-NULL", {"media_gallery_entries": None})):
        with reporting.step(statement):
            _save_without_gallery(scene, view, statement, gallery)
            scene.expect(scene.all_inherit(), when=f"after {statement}")

    with reporting.step("SAVE-ROUNDTRIP"):
        _save(scene, view, list(scene.gallery(view).values()), "SAVE-ROUNDTRIP")
        scene.expect(roundtrip_overrides(scene, view), when="after SAVE-ROUNDTRIP")

    with reporting.step("FIELD-NULL: label, position and disabled null"):
        nulls = {name: None for name in ENTRY_FIELDS}
        entries = [changed_entry(e, nulls, {}) for e in scene.gallery(view).values()]
        _save(scene, view, entries, "FIELD-NULL")
        scene.expect(_fields_inherit_again(scene, view), when="after FIELD-NULL")

    with reporting.step("MEDIA-ADD"):
        new_id = add_media(scene, view, new_image)
        scene.expect(added_in(scene, view, new_id), when="after MEDIA-ADD")

    with reporting.step("MEDIA-UPDATE"):
        update_label(scene, view, new_id, f"updated in {view}")
        scene.expect(updated_in(scene, view, new_id), when="after MEDIA-UPDATE")

    with reporting.step("MEDIA-DELETE"):
        delete_entry(scene, view, new_id)
        scene.expect(deleted_in(scene, view), when="after MEDIA-DELETE")


def _save_without_gallery(scene: Scene, view: str, statement: str, gallery: dict) -> None:
    before = scene.galleries()
    payload = {"sku": scene.product.sku, "name": f"{statement} in {view}", **gallery}
    response = scene.client.save_product(payload, view)
    expect_response(response, 200, "product", call=f"{statement} in '{view}'")
    assert_galleries_unchanged(before, scene.galleries(), statement=statement)


def _save(scene: Scene, view: str, entries: list, statement: str) -> None:
    payload = {"sku": scene.product.sku, "media_gallery_entries": entries}
    response = scene.client.save_product(payload, view)
    expect_response(response, 200, "product", call=f"{statement} in '{view}'")


def _fields_inherit_again(scene: Scene, view: str):
    """After the page's FIELD-NULL call: label, position and visibility inherit again in the
    calling view, so its order does too; its roles stay as SAVE-ROUNDTRIP left them."""
    expected = others_inherit(scene, view)
    for entry in scene.product.entries:
        expected.set_fields(view, entry.id, ENTRY_FIELDS, INHERITS)
    expected.set_sort_order(view, INHERITS)
    return expected
