"""MEDIA-ADD, MEDIA-GET, MEDIA-UPDATE and MEDIA-DELETE: the media endpoints called in a store
view, and the sort order and field states they leave in that view and in every other."""

from __future__ import annotations

import pytest

from conformance import statements
from conformance.expectations import added_in, deleted_in, roundtrip_overrides, updated_in
from conformance.state import Expectation
from conformance.steps import VIEW_OVERRIDES


@pytest.mark.MEDIA_ADD
@pytest.mark.parametrize("kind", ["image", "video"])
def test_media_add(scene, view, new_image, kind):
    scene.expect(scene.baseline(), when="before the call")

    new_id = statements.media_add(scene, view, new_image, video=kind == "video")

    scene.expect(added_in(scene, view, new_id), when="after the call")


@pytest.mark.MEDIA_GET
def test_media_get(scene, view):
    # The view has values of its own, so the entry returned must be the view's.
    scene.override_in_view(view, VIEW_OVERRIDES)
    before = scene.expect(roundtrip_overrides(scene, view), when="before the call")

    statements.media_get(scene, view, scene.product.ids[0])

    if before is not None:
        scene.expect(Expectation.unchanged_from(before), when="after the call")


@pytest.mark.MEDIA_UPDATE
@pytest.mark.parametrize("kind", ["label", "role", "video-label"])
def test_media_update(request, view, kind):
    # A label on a plain image, a role given to an image that had none, and a label on a
    # video entry (whose title and description must stay as they were everywhere else).
    scene = request.getfixturevalue("video_scene" if kind == "video-label" else "scene")
    scene.expect(scene.baseline(), when="before the call")
    entry_id = scene.product.video_ids()[0] if kind == "video-label" else scene.product.ids[1]
    change = {"types": ["image"]} if kind == "role" else {"label": f"updated in {view}"}

    statements.media_update(scene, view, entry_id, change)

    scene.expect(updated_in(scene, view, entry_id, change), when="after the call")


@pytest.mark.MEDIA_DELETE
def test_media_delete(scene, view, new_image):
    # The page deletes the image it added, when the view's order has become its own.
    new_id = statements.media_add(scene, view, new_image)
    scene.expect(added_in(scene, view, new_id), when="before the call")

    statements.media_delete(scene, view, new_id)

    scene.expect(deleted_in(scene, view), when="after the call")


@pytest.mark.MEDIA_DELETE
def test_media_delete_of_an_original_entry(scene, view):
    # An entry the product was created with, which the bystander view has values for.
    scene.expect(scene.baseline(), when="before the call")

    statements.media_delete(scene, view, scene.product.ids[0])

    scene.expect(deleted_in(scene, view), when="after the call")
