"""Each catalogue call as the scenarios and WALKTHROUGH make it: the call in the calling view,
its response, and what every view's gallery must show afterwards.

These check responses and effective values; the inheritance state after the call is the
caller's to check, against the expectation for the statement (`conformance.expectations`).
"""

from __future__ import annotations

from typing import Any

from conformance.state import VIDEO_FIELDS
from conformance.steps import (
    Scene,
    assert_galleries_unchanged,
    changed_entry,
    effective_values,
    expect_exact,
    expect_response,
)

# What SAVE-OMIT and SAVE-NULL put in place of media_gallery_entries.
UNTOUCHED: dict[str, dict[str, Any]] = {
    "SAVE-OMIT": {},
    "SAVE-NULL": {"media_gallery_entries": None},
}


def save_without_gallery(scene: Scene, view: str, statement: str) -> None:
    """SAVE-OMIT / SAVE-NULL: a product save that leaves the gallery out; the response
    carries the current gallery and no view's gallery changes."""
    before = scene.galleries()
    payload = {"sku": scene.product.sku, "name": f"{statement} in {view}", **UNTOUCHED[statement]}

    response = scene.client.save_product(payload, view)

    body = expect_response(response, 200, "product", call=f"{statement} in '{view}'")
    returned = sorted(entry["id"] for entry in body["media_gallery_entries"])
    assert returned == scene.product.ids, (
        f"{statement}: the response must carry the current gallery {scene.product.ids}, "
        f"it has entries {returned}"
    )
    assert_galleries_unchanged(before, scene.galleries(), statement=statement)


def save_empty(scene: Scene, view: str) -> None:
    """SAVE-EMPTY: `[]` removes every entry, in every view."""
    payload = {"sku": scene.product.sku, "media_gallery_entries": []}

    response = scene.client.save_product(payload, view)

    expect_response(response, 200, "product", call=f"SAVE-EMPTY in '{view}'")
    left = {other: sorted(gallery) for other, gallery in scene.galleries().items() if gallery}
    assert not left, (
        f"SAVE-EMPTY in '{view}': every entry must be gone from every view; still shown: "
        + "; ".join(f"view '{other}' entries {ids}" for other, ids in left.items())
    )
    scene.product.forget_all()


def save_roundtrip(scene: Scene, view: str) -> None:
    """SAVE-ROUNDTRIP: the product's entries posted back exactly as read in the view; no
    view shows a different value afterwards."""
    before = scene.galleries()
    payload = {"sku": scene.product.sku, "media_gallery_entries": list(before[view].values())}

    response = scene.client.save_product(payload, view)

    expect_response(response, 200, "product", call=f"SAVE-ROUNDTRIP in '{view}'")
    assert_galleries_unchanged(before, scene.galleries(), statement="SAVE-ROUNDTRIP")


def null_fields(scene: Scene, view: str, fields: tuple[str, ...], entry_ids: list[int], *,
                statement: str) -> None:
    """FIELD-NULL: the entries posted back as read, with some fields null on some entries.
    The calling view shows the global values again; other views show what they showed."""
    others_before = scene.galleries(scene.others(view))
    entries = [
        _with_nulls(entry, fields) if entry["id"] in entry_ids else entry
        for entry in scene.gallery(view).values()
    ]

    response = scene.client.save_product(
        {"sku": scene.product.sku, "media_gallery_entries": entries}, view
    )

    expect_response(response, 200, "product", call=f"{statement} in '{view}'")
    _check_global_values_show(scene, view, fields, entry_ids, statement)
    assert_galleries_unchanged(others_before, scene.galleries(others_before),
                               statement=statement)


def _with_nulls(entry: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    plain = {name: None for name in fields if name not in VIDEO_FIELDS}
    video = {name: None for name in fields if name in VIDEO_FIELDS}
    return changed_entry(entry, plain, video)


def _check_global_values_show(scene: Scene, view: str, fields: tuple[str, ...],
                              entry_ids: list[int], statement: str) -> None:
    """"Reverts to the global ...": the view shows the value the run set globally."""
    gallery = scene.gallery(view)
    wrong = []
    for entry_id in entry_ids:
        seen = effective_values(gallery[entry_id])
        for name in fields:
            wanted = getattr(scene.product.known[entry_id], name)
            if seen.get(name) != wanted:
                wrong.append(f"entry {entry_id}, {name}: expected the global value "
                             f"{wanted!r}, found {seen.get(name)!r}")
    assert not wrong, f"{statement}: view '{view}' after null: " + "; ".join(wrong)


# What a video entry added by MEDIA-ADD carries besides its preview image.
NEW_VIDEO = {
    "media_type": "external-video", "video_provider": "youtube",
    "video_url": "https://www.youtube.com/watch?v=cmc-added", "video_title": "added video",
    "video_description": "a video added in a store view", "video_metadata": "",
}


def media_add(scene: Scene, view: str, image: Any, *, video: bool = False) -> int:
    """MEDIA-ADD: POST a new visible image (or video) in the view. The answer is the new id as
    a bare integer; every view shows the entry, visible; other views show nothing else new."""
    before = scene.galleries()
    entry = {
        "media_type": "external-video" if video else "image", "label": f"added in {view}",
        "position": len(scene.product.ids) + 1, "disabled": False, "types": [],
        "content": image.content(),
    }
    if video:
        entry["extension_attributes"] = {"video_content": NEW_VIDEO}

    response = scene.client.add_media(scene.product.sku, entry, view)

    new_id = expect_response(response, 200, None, call=f"media POST in '{view}'")
    assert type(new_id) is int, (
        "MEDIA-ADD: the response must be the new entry id as a bare JSON integer, "
        f"got {response.text!r}"
    )
    after = scene.galleries()
    _check_added_everywhere(view, new_id, before, after)
    # A view that inherits every field of the new entry shows its global values.
    scene.learn_entry(new_id, next(iter(scene.others(view)), view))
    return new_id


def _check_added_everywhere(view: str, new_id: int, before: dict, after: dict) -> None:
    hidden = [v for v, gallery in after.items() if gallery.get(new_id, {}).get("disabled")]
    missing = [v for v, gallery in after.items() if new_id not in gallery]
    assert not missing and not hidden, (
        f"MEDIA-ADD in '{view}': the new entry {new_id} must be visible in every view; "
        f"missing in {missing}, hidden in {hidden}"
    )
    kept = set(after[view]) - {new_id}
    assert kept == set(before[view]), (
        f"MEDIA-ADD in '{view}': the view had entries {sorted(before[view])}, "
        f"now has {sorted(kept)} besides the new one"
    )
    # The calling view's order is its own now, so its entries may show new positions; the
    # other views must show exactly what they showed, besides the new entry.
    others_before = {v: g for v, g in before.items() if v != view}
    others_after = {v: {i: e for i, e in after[v].items() if i != new_id} for v in others_before}
    assert_galleries_unchanged(others_before, others_after, statement="MEDIA-ADD")


def media_get(scene: Scene, view: str, entry_id: int) -> None:
    """MEDIA-GET: the entry as the view shows it; nothing changes anywhere."""
    before = scene.galleries()

    response = scene.client.get_media(scene.product.sku, entry_id, view)

    entry = expect_response(response, 200, "media-entry", call=f"media GET in '{view}'")
    wanted = effective_values(before[view][entry_id])
    assert entry.get("id") == entry_id and effective_values(entry) == wanted, (
        f"MEDIA-GET in '{view}': expected entry {entry_id} as the view shows it, {wanted}; "
        f"got entry {entry.get('id')!r}, {effective_values(entry)}"
    )
    assert_galleries_unchanged(before, scene.galleries(), statement="MEDIA-GET")


def media_update(scene: Scene, view: str, entry_id: int, change: dict[str, Any]) -> None:
    """MEDIA-UPDATE: GET the entry, change it (a label, or its roles), PUT it back: `true`;
    the calling view shows the change and the other views what they showed."""
    others_before = scene.galleries(scene.others(view))
    read = scene.client.get_media(scene.product.sku, entry_id, view)
    entry = expect_response(read, 200, "media-entry", call=f"media GET in '{view}'")
    entry = {**{k: v for k, v in entry.items() if k != "content"}, **change}

    response = scene.client.update_media(scene.product.sku, entry_id, entry, view)

    expect_exact(response, 200, True, call=f"media PUT in '{view}'")
    shown = scene.gallery(view)[entry_id]
    wrong = {k: shown.get(k) for k, v in change.items() if _comparable(shown.get(k)) !=
             _comparable(v)}
    assert not wrong, (
        f"MEDIA-UPDATE in '{view}': entry {entry_id} shows {wrong} after the update {change}"
    )
    assert_galleries_unchanged(others_before, scene.galleries(others_before),
                               statement="MEDIA-UPDATE")


def _comparable(value: Any) -> Any:
    # Roles are a set: Magento may list them in any order.
    return sorted(value) if isinstance(value, list) else value


def media_delete(scene: Scene, view: str, entry_id: int) -> None:
    """MEDIA-DELETE: `true`; the entry is gone from every view; the other views show the
    other entries as before."""
    before = scene.galleries()

    response = scene.client.delete_media(scene.product.sku, entry_id, view)

    expect_exact(response, 200, True, call=f"media DELETE in '{view}'")
    scene.product.forget(entry_id)
    after = scene.galleries()
    still = [v for v, gallery in after.items() if entry_id in gallery]
    assert not still, f"MEDIA-DELETE in '{view}': entry {entry_id} is still shown in {still}"
    others_before = {
        v: {i: e for i, e in g.items() if i != entry_id} for v, g in before.items() if v != view
    }
    assert_galleries_unchanged(others_before, {v: after[v] for v in others_before},
                               statement="MEDIA-DELETE")
