"""WALKTHROUGH: the source page's own sequence on one product, in one calling view, with the
responses, the values shown and the inheritance state of every view checked after each step."""

from __future__ import annotations

import pytest

from conformance import reporting, statements
from conformance.expectations import (
    added_in,
    deleted_in,
    field_inherits_again,
    roundtrip_overrides,
    updated_in,
)
from conformance.state import ENTRY_FIELDS


@pytest.mark.WALKTHROUGH
def test_walkthrough(scene, view, new_image):
    with reporting.step("start: every view uses the default values"):
        scene.expect(scene.baseline(), when="at the start")

    for statement in ("SAVE-OMIT", "SAVE-NULL"):
        with reporting.step(statement):
            statements.save_without_gallery(scene, view, statement)
            scene.expect(scene.baseline(), when=f"after {statement}")

    with reporting.step("SAVE-ROUNDTRIP"):
        statements.save_roundtrip(scene, view)
        scene.expect(roundtrip_overrides(scene, view), when="after SAVE-ROUNDTRIP")

    with reporting.step("FIELD-NULL: label, position and disabled null on every entry"):
        ids = scene.product.ids
        statements.null_fields(scene, view, ENTRY_FIELDS, ids, statement="FIELD-NULL")
        scene.expect(field_inherits_again(scene, view, ENTRY_FIELDS, ids),
                     when="after FIELD-NULL")

    with reporting.step("MEDIA-ADD"):
        new_id = statements.media_add(scene, view, new_image)
        scene.expect(added_in(scene, view, new_id), when="after MEDIA-ADD")

    with reporting.step("MEDIA-UPDATE"):
        change = {"label": f"updated in {view}"}
        statements.media_update(scene, view, new_id, change)
        scene.expect(updated_in(scene, view, new_id, change), when="after MEDIA-UPDATE")

    with reporting.step("MEDIA-DELETE"):
        statements.media_delete(scene, view, new_id)
        scene.expect(deleted_in(scene, view), when="after MEDIA-DELETE")
