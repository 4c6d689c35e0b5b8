"""What each catalogue statement says the inheritance state is after its call.

Each starts from the scene's baseline (the state set-up made: every view inherits, except a
bystander view with overrides of its own) and edits the calling view where the statement
speaks; there, what a statement does not mention is left unasserted. The other views keep
the baseline in full: "other views: unchanged". Shared by the scenario families and by
WALKTHROUGH, which runs them in the page's order.
"""

from __future__ import annotations

from conformance.state import ENTRY_FIELDS, INHERITS, OVERRIDDEN, VIDEO_FIELDS, Expectation
from conformance.steps import Scene, mark_roundtrip


def others_unchanged(scene: Scene, view: str) -> Expectation:
    """Every other view as set-up left it; nothing asserted in the calling view yet."""
    expected = scene.baseline()
    expected.forget_view_fields(view, (*ENTRY_FIELDS, *VIDEO_FIELDS))
    expected.forget_roles(view)
    expected.sort_orders.pop(view, None)
    return expected


def roundtrip_overrides(scene: Scene, view: str) -> Expectation:
    """SAVE-ROUNDTRIP. Calling view: sort order, label, visibility and the roles of every
    entry overridden. Other views: unchanged."""
    expected = others_unchanged(scene, view)
    mark_roundtrip(expected, view, scene.product.entries)
    return expected


def field_overridden(scene: Scene, view: str, field: str, entry_ids: list[int]) -> Expectation:
    """The start FIELD-NULL needs: the view's gallery posted back with its own values (as
    SAVE-ROUNDTRIP), and the field overridden on the entries it will null."""
    expected = roundtrip_overrides(scene, view)
    for entry_id in entry_ids:
        expected.set_field(view, entry_id, field, OVERRIDDEN)
    return expected


def field_inherits_again(scene: Scene, view: str, fields: tuple[str, ...],
                         entry_ids: list[int]) -> Expectation:
    """FIELD-NULL. Calling view: each nulled field inherits again; the rest of what the call
    posted back as read stays overridden (SAVE-ROUNDTRIP). Other views: unchanged."""
    expected = roundtrip_overrides(scene, view)
    for entry_id in entry_ids:
        expected.set_fields(view, entry_id, fields, INHERITS)
    if "position" in fields:
        # An order inherits when no entry keeps a position of its own in the view.
        own = set(scene.product.ids) - set(entry_ids)
        expected.set_sort_order(view, OVERRIDDEN if own else INHERITS)
    return expected


def added_in(scene: Scene, view: str, new_id: int) -> Expectation:
    """MEDIA-ADD. Calling view: sort order overridden; the new entry's label and visibility
    overridden. Other views: unchanged, and every field of the new entry inherits."""
    expected = others_unchanged(scene, view)
    expected.set_sort_order(view, OVERRIDDEN)
    expected.set_field(view, new_id, "label", OVERRIDDEN)
    expected.set_field(view, new_id, "disabled", OVERRIDDEN)
    return expected


def updated_in(scene: Scene, view: str, entry_id: int, change: dict) -> Expectation:
    """MEDIA-UPDATE. Calling view: what the update changed (the entry's label, or the roles
    it was given) and the sort order overridden. Other views: unchanged."""
    expected = others_unchanged(scene, view)
    expected.set_sort_order(view, OVERRIDDEN)
    if "label" in change:
        expected.set_field(view, entry_id, "label", OVERRIDDEN)
    for role in change.get("types", ()):
        expected.set_role(view, role, OVERRIDDEN)
    return expected


def deleted_in(scene: Scene, view: str) -> Expectation:
    """MEDIA-DELETE. The entry is gone from every view (the product no longer lists it).
    Calling view: sort order inherits again. Other views: unchanged."""
    expected = others_unchanged(scene, view)
    expected.set_sort_order(view, INHERITS)
    return expected

