"""FIELD-NULL: posting an entry with one field null restores that field's inheritance in the
calling view (Admin's "Use Default Value" ticked again), and nowhere else changes."""

from __future__ import annotations

import pytest

from conformance import statements
from conformance.expectations import field_inherits_again, field_overridden
from conformance.steps import VIDEO_VIEW_OVERRIDES, VIEW_OVERRIDES, Scene


@pytest.mark.parametrize(
    "field",
    [
        pytest.param("label", marks=pytest.mark.FIELD_NULL_label, id="label"),
        pytest.param("position", marks=pytest.mark.FIELD_NULL_position, id="position"),
        pytest.param("disabled", marks=pytest.mark.FIELD_NULL_disabled, id="disabled"),
    ],
)
def test_image_field_null(scene, view, field):
    _check_field_null(scene, view, field, scene.product.ids, video=False)


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
    scene = video_scene
    _check_field_null(scene, view, field, scene.product.video_ids(), video=True)


def _check_field_null(scene: Scene, view: str, field: str, entry_ids: list[int], *,
                      video: bool) -> None:
    # The view's own values differ from every global value, so that "reverts to the global
    # value" cannot hold by accident.
    scene.override_in_view(view, VIEW_OVERRIDES, VIDEO_VIEW_OVERRIDES if video else None)
    scene.expect(field_overridden(scene, view, field, entry_ids), when="before the call")

    statements.null_fields(scene, view, (field,), entry_ids, statement=scene.statement)

    scene.expect(field_inherits_again(scene, view, (field,), entry_ids),
                 when="after the call")
