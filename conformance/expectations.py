"""What each catalogue statement says the inheritance state is after its call, as
`Expectation`s built on "everything inherits" and edited where the statement speaks.

Shared by the scenario families and by WALKTHROUGH, which runs them in the page's order.
In the calling view, what a statement does not mention is left unasserted.
"""

from __future__ import annotations

from conformance.state import ENTRY_FIELDS, INHERITS, OVERRIDDEN, ROLES, VIDEO_FIELDS, Expectation
from conformance.steps import Scene


def others_inherit(scene: Scene, view: str) -> Expectation:
    """Every other view inherits everything; nothing is asserted in the calling view yet."""
    expected = scene.all_inherit()
    expected.forget_view_fields(view, (*ENTRY_FIELDS, *VIDEO_FIELDS))
    expected.forget_roles(view)
    expected.sort_orders.pop(view, None)
    return expected


def roundtrip_overrides(scene: Scene, view: str) -> Expectation:
    """SAVE-ROUNDTRIP. Calling view: sort order, label, visibility and the roles of every
    entry overridden. Other views: still inherit."""
    expected = others_inherit(scene, view)
    expected.set_sort_order(view, OVERRIDDEN)
    for entry in scene.product.entries:
        expected.set_fields(view, entry.id, ENTRY_FIELDS, OVERRIDDEN)
    held = {role for entry in scene.product.entries for role in entry.types}
    # A role that no entry holds is no entry's role: the page says nothing of it.
    for role in sorted(held & set(ROLES)):
        expected.set_role(view, role, OVERRIDDEN)
    return expected


def field_overridden(scene: Scene, view: str, field: str, entry_ids: list[int]) -> Expectation:
    """The start FIELD-NULL needs: the field overridden in the calling view, others inherit."""
    expected = others_inherit(scene, view)
    for entry_id in entry_ids:
        expected.set_field(view, entry_id, field, OVERRIDDEN)
    return expected


def field_inherits_again(scene: Scene, view: str, field: str,
                         entry_ids: list[int]) -> Expectation:
    """FIELD-NULL. Calling view: the field inherits again. Other views: unchanged."""
    expected = others_inherit(scene, view)
    for entry_id in entry_ids:
        expected.set_field(view, entry_id, field, INHERITS)
    if field == "position" and set(entry_ids) == set(scene.product.ids):
        # No entry keeps a position of its own, which is what an inherited order means.
        expected.set_sort_order(view, INHERITS)
    return expected


def added_in(scene: Scene, view: str, new_id: int) -> Expectation:
    """MEDIA-ADD. Calling view: sort order overridden; the new entry's label and visibility
    overridden. Other views: unchanged, and every field of the new entry inherits."""
    expected = others_inherit(scene, view)
    expected.set_sort_order(view, OVERRIDDEN)
    expected.set_field(view, new_id, "label", OVERRIDDEN)
    expected.set_field(view, new_id, "disabled", OVERRIDDEN)
    return expected


def updated_in(scene: Scene, view: str, entry_id: int) -> Expectation:
    """MEDIA-UPDATE. Calling view: the entry's label (what the update changed) and the sort
    order overridden. Other views: unchanged, still inherit."""
    expected = others_inherit(scene, view)
    expected.set_sort_order(view, OVERRIDDEN)
    expected.set_field(view, entry_id, "label", OVERRIDDEN)
    return expected


def deleted_in(scene: Scene, view: str) -> Expectation:
    """MEDIA-DELETE. Entry gone everywhere (the product no longer lists it). Calling view:
    sort order inherits again. Other views: unchanged."""
    expected = others_inherit(scene, view)
    expected.set_sort_order(view, INHERITS)
    return expected
