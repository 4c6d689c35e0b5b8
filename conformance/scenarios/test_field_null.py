"""FIELD-NULL: posting an entry with one field null restores that field's inheritance in the
calling view (Admin's "Use Default Value" ticked again), and nowhere else changes."""

from __future__ import annotations

import pytest

from conformance.expectations import field_inherits_again, field_overridden
from conformance.steps import (
    VIDEO_VIEW_OVERRIDES,
    VIEW_OVERRIDES,
    Scene,
    changed_entry,
    expect_response,
)


@pytest.mark.parametrize(
    "field",
    [
        pytest.param("label", marks=pytest.mark.FIELD_NULL_label, id="label"),
        pytest.param("position", marks=pytest.mark.FIELD_NULL_position, id="position"),
        pytest.param("disabled", marks=pytest.mark.FIELD_NULL_disabled, id="disabled"),
    ],
)
def test_image_field_null(scene, view, field):
    _check_field_null(scene, view, field, video=False)


@pytest.mark.parametrize(
    "field",
    [
        pytest.param("video_title", marks=pytest.mark.FIELD_NULL_video_title, id="video_title"),
        pytest.param(
            "video_description",
            marks=pytest.mark.FIELD_NULL_video_description,
            id="video_description",
        ),
    ],
)
def test_video_field_null(video_scene, view, field):
    _check_field_null(video_scene, view, field, video=True)


def _check_field_null(scene: Scene, view: str, field: str, *, video: bool) -> None:
    scene.override_in_view(view, VIEW_OVERRIDES, VIDEO_VIEW_OVERRIDES if video else None)
    targets = scene.product.video_ids() if video else scene.product.ids
    scene.expect(field_overridden(scene, view, field, targets), when="before the call")

    entries = [
        _with_null(entry, field) if entry["id"] in targets else entry
        for entry in scene.gallery(view).values()
    ]
    payload = {"sku": scene.product.sku, "media_gallery_entries": entries}
    response = scene.client.save_product(payload, view)

    expect_response(response, 200, "product", call=f"{scene.statement} in '{view}'")
    _check_global_value_shows(scene, view, field, targets)
    scene.expect(field_inherits_again(scene, view, field, targets), when="after the call")


def _with_null(entry: dict, field: str) -> dict:
    if field in VIDEO_VIEW_OVERRIDES:
        return changed_entry(entry, {}, {field: None})
    return changed_entry(entry, {field: None}, {})


def _check_global_value_shows(scene: Scene, view: str, field: str, targets: list[int]) -> None:
    """The calling view shows the global value again ("Reverts to the global ...")."""
    gallery = scene.gallery(view)
    for entry_id in targets:
        entry = gallery[entry_id]
        video = (entry.get("extension_attributes") or {}).get("video_content") or {}
        seen = video.get(field) if field in VIDEO_VIEW_OVERRIDES else entry.get(field)
        wanted = getattr(scene.product.known[entry_id], field)
        assert seen == wanted, (
            f"{scene.statement}: view '{view}', entry {entry_id}, {field}: expected the global "
            f"value {wanted!r} after null, found {seen!r}"
        )
