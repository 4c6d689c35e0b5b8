"""SAVE-OMIT, SAVE-NULL, SAVE-EMPTY and SAVE-ROUNDTRIP: a product save in a store view, and what
it does to the gallery there and in every other view."""

from __future__ import annotations

import pytest

from conformance import statements
from conformance.expectations import roundtrip_overrides


@pytest.mark.SAVE_OMIT
def test_save_omit(scene, view):
    scene.expect(scene.baseline(), when="before the call")

    statements.save_without_gallery(scene, view, "SAVE-OMIT")

    scene.expect(scene.baseline(), when="after the call")


@pytest.mark.SAVE_NULL
def test_save_null(scene, view):
    scene.expect(scene.baseline(), when="before the call")

    statements.save_without_gallery(scene, view, "SAVE-NULL")

    scene.expect(scene.baseline(), when="after the call")


@pytest.mark.SAVE_EMPTY
def test_save_empty(scene, view):
    scene.expect(scene.baseline(), when="before the call")

    statements.save_empty(scene, view)

    scene.expect(scene.baseline(), when="after the call")


@pytest.mark.SAVE_ROUNDTRIP
def test_save_roundtrip(scene, view):
    scene.expect(scene.baseline(), when="before the call")

    statements.save_roundtrip(scene, view)

    scene.expect(roundtrip_overrides(scene, view), when="after the call")
