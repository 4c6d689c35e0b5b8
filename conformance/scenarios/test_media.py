"""MEDIA-ADD, MEDIA-GET, MEDIA-UPDATE and MEDIA-DELETE: the media endpoints called in a store
view, and the sort order and field states they leave in that view and in every other."""

from __future__ import annotations

import pytest

from conformance.expectations import added_in, deleted_in, roundtrip_overrides, updated_in
from conformance.state import Expectation
from conformance.steps import (
    VIEW_OVERRIDES,
    Scene,
    add_media,
    assert_galleries_unchanged,
    delete_entry,
    effective_values,
    expect_response,
    update_label,
)


@pytest.mark.MEDIA_ADD
def test_media_add(scene, view, new_image):
    scene.expect(scene.all_inherit(), when="before the call")
    galleries_before = scene.galleries()

    new_id = add_media(scene, view, new_image)

    _check_added_everywhere(scene, view, new_id, galleries_before)
    scene.expect(added_in(scene, view, new_id), when="after the call")



def _check_added_everywhere(scene: Scene, view: str, new_id: int, galleries_before) -> None:
    galleries_after = scene.galleries()
    for other, gallery in galleries_after.items():
        assert new_id in gallery, f"MEDIA-ADD: view '{other}' does not show the new entry {new_id}"
    kept = set(galleries_after[view]) - {new_id}
    assert kept == set(galleries_before[view]), (
        f"MEDIA-ADD: view '{view}' had entries {sorted(galleries_before[view])}, "
        f"now has {sorted(kept)} besides the new one"
    )
    # Other views: unchanged. The calling view's order is now its own, so its existing
    # entries may show new positions there; only their presence is compared above.
    others_before = {v: g for v, g in galleries_before.items() if v != view}
    others_after = {
        v: {i: e for i, e in galleries_after[v].items() if i != new_id} for v in others_before
    }
    assert_galleries_unchanged(others_before, others_after, statement="MEDIA-ADD")



@pytest.mark.MEDIA_GET
def test_media_get(scene, view):
    # The view has values of its own, so that the entry returned must be the view's.
    scene.override_in_view(view, VIEW_OVERRIDES)
    before = scene.expect(roundtrip_overrides(scene, view), when="before the call")
    galleries_before = scene.galleries()
    entry_id = scene.product.ids[0]

    response = scene.client.get_media(scene.product.sku, entry_id, view)

    entry = expect_response(response, 200, "media-entry", call=f"media GET in '{view}'")
    wanted = effective_values(galleries_before[view][entry_id])
    assert entry.get("id") == entry_id and effective_values(entry) == wanted, (
        f"MEDIA-GET: view '{view}' entry {entry_id}: expected {wanted}, "
        f"got {effective_values(entry)} (id {entry.get('id')!r})"
    )
    assert_galleries_unchanged(galleries_before, scene.galleries(), statement="MEDIA-GET")
    if before is not None:
        scene.expect(Expectation.unchanged_from(before), when="after the call")


@pytest.mark.MEDIA_UPDATE
def test_media_update(scene, view):
    scene.expect(scene.all_inherit(), when="before the call")
    galleries_before = scene.galleries()
    entry_id = scene.product.ids[1]

    update_label(scene, view, entry_id, f"updated in {view}")

    label = scene.gallery(view)[entry_id]["label"]
    assert label == f"updated in {view}", (
        f"MEDIA-UPDATE: view '{view}' entry {entry_id} shows label {label!r} after the update"
    )
    others_before = {v: g for v, g in galleries_before.items() if v != view}
    others_after = {v: scene.gallery(v) for v in others_before}
    assert_galleries_unchanged(others_before, others_after, statement="MEDIA-UPDATE")
    scene.expect(updated_in(scene, view, entry_id), when="after the call")




@pytest.mark.MEDIA_DELETE
def test_media_delete(scene, view, new_image):
    # The page deletes the image it added, when the view's order is its own.
    new_id = add_media(scene, view, new_image)
    scene.expect(added_in(scene, view, new_id), when="before the call")
    galleries_before = scene.galleries()

    delete_entry(scene, view, new_id)

    for other, gallery in scene.galleries().items():
        assert new_id not in gallery, f"MEDIA-DELETE: view '{other}' still shows entry {new_id}"
    others_before = {v: {i: e for i, e in g.items() if i != new_id}
                     for v, g in galleries_before.items() if v != view}
    assert_galleries_unchanged(
        others_before, {v: scene.gallery(v) for v in others_before}, statement="MEDIA-DELETE"
    )
    scene.expect(deleted_in(scene, view), when="after the call")
