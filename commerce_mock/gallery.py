"""The media gallery of a product, per scope: reading effective values, and every write the
catalogue describes (save with entries, add, update, delete, roles).

Storage rule (Magento's): store 0 holds the global values; a store view's row holds that view's
overrides, a NULL column meaning the field inherits, and no row meaning everything inherits.
Roles are per-scope rows of the image attributes; an absent row in a view inherits.
The main table's `disabled` column (Magento: "entry disabled everywhere", skipped by its load
query) is never set: the global `disabled` lives in store 0's value row, as Magento keeps it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from commerce_mock import errors, faults
from commerce_mock.content import ImageContent, checked_content, store_file, unique_file_path
from commerce_mock.payload import (
    ABSENT,
    field,
    optional,
    to_bool,
    to_int,
    to_str,
    to_str_list,
)
from commerce_mock.scope import Scope, default_store_view, store_view_ids
from commerce_mock.storage import ADMIN_STORE_ID, NO_SELECTION, ROLES, attribute_id

VIDEO_TYPE = "external-video"
VALUE_COLUMNS = ("label", "position", "disabled")
VIDEO_COLUMNS = {"video_title": "title", "video_description": "description"}


@dataclass
class EntryInput:
    """One gallery entry from a request. ABSENT: leave as is; None: inherit again."""

    id: Any
    media_type: Any
    label: Any
    position: Any
    disabled: Any
    types: Any
    content: ImageContent | None
    video: Any  # dict of video_content fields, or ABSENT


def parse_entry(raw: Any) -> EntryInput:
    if not isinstance(raw, dict):
        raise errors.invalid_type(raw, "object")
    disabled = optional(field(raw, "disabled"), to_bool)
    content = field(raw, "content")
    return EntryInput(
        id=optional(field(raw, "id"), to_int),
        media_type=optional(field(raw, "media_type"), to_str),
        label=optional(field(raw, "label"), to_str),
        position=optional(field(raw, "position"), to_int),
        disabled=disabled if not isinstance(disabled, bool) else int(disabled),
        types=optional(field(raw, "types"), to_str_list),
        content=None if content in (ABSENT, None) else checked_content(content),
        video=parse_video(raw),
    )


def parse_video(raw: dict[str, Any]) -> Any:
    extension = raw.get("extension_attributes")
    if extension is None:
        return ABSENT
    if not isinstance(extension, dict):
        raise errors.invalid_type(extension, "object")
    video = extension.get("video_content")
    if video is None:
        return ABSENT
    if not isinstance(video, dict):
        raise errors.invalid_type(video, "object")
    return {key: optional(value, to_str) for key, value in video.items()}


# ----------------------------------------------------------------------------- reading


def entry_ids(db: sqlite3.Connection, entity_id: int) -> list[int]:
    rows = db.execute(
        "SELECT value_id FROM catalog_product_entity_media_gallery_value_to_entity"
        " WHERE entity_id = ? ORDER BY value_id",
        (entity_id,),
    )
    return [row["value_id"] for row in rows]


def effective_roles(db: sqlite3.Connection, entity_id: int, store_id: int) -> dict[str, str]:
    """Role -> file in this scope: the view's own row where it has one, else the global one."""
    roles: dict[str, str] = {}
    for store in dict.fromkeys((ADMIN_STORE_ID, store_id)):
        roles.update(scope_roles(db, entity_id, store))
    return roles


def scope_roles(db: sqlite3.Connection, entity_id: int, store_id: int) -> dict[str, str]:
    rows = db.execute(
        "SELECT a.attribute_code, v.value FROM catalog_product_entity_varchar v"
        " JOIN eav_attribute a ON a.attribute_id = v.attribute_id"
        " WHERE v.entity_id = ? AND v.store_id = ? AND a.attribute_code IN (?, ?, ?, ?)",
        (entity_id, store_id, *ROLES),
    )
    return {row["attribute_code"]: row["value"] for row in rows}


def effective_disabled() -> str:
    """The view's visibility, else the global one; fault `null-disabled-reads-visible` reads
    a view row without its own value as visible instead."""
    if faults.active("null-disabled-reads-visible"):
        return ("CASE WHEN sv.value_id IS NOT NULL THEN COALESCE(sv.disabled, 0)"
                " ELSE COALESCE(gv.disabled, 0) END")
    return "COALESCE(sv.disabled, gv.disabled, 0)"


def read_entries(db: sqlite3.Connection, entity_id: int, store_id: int) -> list[dict[str, Any]]:
    """The gallery as a GET in this scope answers it, in effective sort order."""
    rows = db.execute(
        "SELECT g.value_id, g.value AS file, g.media_type,"
        " COALESCE(sv.label, gv.label) AS label,"
        " COALESCE(sv.position, gv.position, 0) AS position,"
        f" {effective_disabled()} AS disabled"
        " FROM catalog_product_entity_media_gallery g"
        " JOIN catalog_product_entity_media_gallery_value_to_entity e"
        "   ON e.value_id = g.value_id AND e.entity_id = :entity"
        " LEFT JOIN catalog_product_entity_media_gallery_value gv"
        "   ON gv.value_id = g.value_id AND gv.entity_id = :entity AND gv.store_id = 0"
        " LEFT JOIN catalog_product_entity_media_gallery_value sv"
        "   ON sv.value_id = g.value_id AND sv.entity_id = :entity AND sv.store_id = :store"
        " ORDER BY 5, g.value_id",
        {"entity": entity_id, "store": store_id},
    ).fetchall()
    roles = effective_roles(db, entity_id, store_id)
    return [entry_shape(db, row, roles, store_id) for row in rows]


def entry_shape(
    db: sqlite3.Connection, row: sqlite3.Row, roles: dict[str, str], store_id: int
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": row["value_id"],
        "media_type": row["media_type"],
        "label": row["label"],
        "position": row["position"],
        "disabled": bool(row["disabled"]),
        "types": [role for role in ROLES if roles.get(role) == row["file"]],
        "file": row["file"],
    }
    if row["media_type"] == VIDEO_TYPE:
        entry["extension_attributes"] = {"video_content": read_video(db, row, store_id)}
    if faults.active("entry-missing-types"):
        del entry["types"]
    return entry


def read_video(db: sqlite3.Connection, row: sqlite3.Row, store_id: int) -> dict[str, Any]:
    # Magento's video ReadHandler takes the global value where the view's is empty (PHP's
    # empty()): an empty string in a view shows the global value, as NULL does.
    video = db.execute(
        "SELECT g.provider, g.url, g.metadata,"
        " COALESCE(NULLIF(s.title, ''), g.title) AS title,"
        " COALESCE(NULLIF(s.description, ''), g.description) AS description"
        " FROM catalog_product_entity_media_gallery_value_video g"
        " LEFT JOIN catalog_product_entity_media_gallery_value_video s"
        "   ON s.value_id = g.value_id AND s.store_id = ?"
        " WHERE g.value_id = ? AND g.store_id = 0",
        (store_id, row["value_id"]),
    ).fetchone()
    video = video or {}
    return {
        "media_type": VIDEO_TYPE,
        "video_provider": _text(video, "provider"),
        "video_url": _text(video, "url"),
        "video_title": _text(video, "title"),
        "video_description": _text(video, "description"),
        "video_metadata": _text(video, "metadata"),
    }


def _text(row: Any, key: str) -> str:
    return (row[key] if row else None) or ""


def find_entry(db: sqlite3.Connection, entity_id: int, value_id: int) -> dict[str, Any] | None:
    row = db.execute(
        "SELECT g.value_id, g.value AS file, g.media_type"
        " FROM catalog_product_entity_media_gallery g"
        " JOIN catalog_product_entity_media_gallery_value_to_entity e"
        "   ON e.value_id = g.value_id AND e.entity_id = ?"
        " WHERE g.value_id = ?",
        (entity_id, value_id),
    ).fetchone()
    return dict(row) if row else None


# ----------------------------------------------------------------------------- writing values


def write_values(
    db: sqlite3.Connection, entity_id: int, value_id: int, store_id: int, changes: dict[str, Any]
) -> None:
    """Set label/position/disabled of one entry in one scope. In a view, None = inherit.

    At global scope (store 0's row) None stores a NULL label (a label may have no global
    value, e.g. after MEDIA-ADD in a view without one) and leaves position and disabled alone
    (Magento's columns are NOT NULL, and there is nothing to inherit from). The global
    `disabled` goes to store 0's row only, never to the main table (see the module notes)."""
    changes = {column: value for column, value in changes.items() if value is not ABSENT}
    if store_id == ADMIN_STORE_ID:
        changes = {column: value for column, value in changes.items()
                   if value is not None or column == "label"}
        if faults.active("all-writes-view-rows"):
            upsert_values(db, entity_id, value_id, default_store_view(db).store_id, changes)
    upsert_values(db, entity_id, value_id, store_id, changes)
    if store_id != ADMIN_STORE_ID:
        prune_inheriting_row(db, entity_id, value_id, store_id)


def clear_view_values(
    db: sqlite3.Connection, entity_id: int, keep_store_id: int, value_id: int | None = None
) -> None:
    """Fault hooks: drop every store view's own values (of one entry, or of all), except in
    `keep_store_id`, as buggy saves do."""
    db.execute(
        "DELETE FROM catalog_product_entity_media_gallery_value WHERE entity_id = ?"
        " AND store_id NOT IN (0, ?) AND (? IS NULL OR value_id = ?)",
        (entity_id, keep_store_id, value_id, value_id),
    )


def upsert_values(
    db: sqlite3.Connection, entity_id: int, value_id: int, store_id: int, changes: dict[str, Any]
) -> None:
    if not changes:
        return
    columns = list(changes)
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns)
    db.execute(
        "INSERT INTO catalog_product_entity_media_gallery_value"
        f" (value_id, store_id, entity_id, {', '.join(columns)})"
        f" VALUES (?, ?, ?{', ?' * len(columns)})"
        f" ON CONFLICT (value_id, store_id, entity_id) DO UPDATE SET {updates}",
        (value_id, store_id, entity_id, *changes.values()),
    )


def prune_inheriting_row(
    db: sqlite3.Connection, entity_id: int, value_id: int, store_id: int
) -> None:
    """A view row whose every field inherits says nothing: remove it (no row = inherits)."""
    db.execute(
        "DELETE FROM catalog_product_entity_media_gallery_value WHERE value_id = ?"
        " AND entity_id = ? AND store_id = ? AND label IS NULL AND position IS NULL"
        " AND disabled IS NULL",
        (value_id, entity_id, store_id),
    )


def write_video(db: sqlite3.Connection, value_id: int, store_id: int, video: Any) -> None:
    """Title and description per scope (None in a view = inherit); the rest is global."""
    if video is ABSENT:
        return
    changes = {column: video.get(key, ABSENT) for key, column in VIDEO_COLUMNS.items()}
    if store_id == ADMIN_STORE_ID:
        changes.update(
            provider=video.get("video_provider", ABSENT),
            url=video.get("video_url", ABSENT),
            metadata=video.get("video_metadata", ABSENT),
        )
        changes = {column: value for column, value in changes.items() if value is not None}
    changes = {column: value for column, value in changes.items() if value is not ABSENT}
    if not changes:
        return
    columns = list(changes)
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns)
    db.execute(
        "INSERT INTO catalog_product_entity_media_gallery_value_video"
        f" (value_id, store_id, {', '.join(columns)}) VALUES (?, ?{', ?' * len(columns)})"
        f" ON CONFLICT (value_id, store_id) DO UPDATE SET {updates}",
        (value_id, store_id, *changes.values()),
    )
    if store_id != ADMIN_STORE_ID:
        db.execute(
            "DELETE FROM catalog_product_entity_media_gallery_value_video WHERE value_id = ?"
            " AND store_id = ? AND title IS NULL AND description IS NULL",
            (value_id, store_id),
        )


def keep_overrides_on_null(entry: EntryInput) -> EntryInput:
    """Fault hooks for FIELD-NULL: a null that should restore inheritance is dropped."""
    kept = {
        "label": faults.active("field-null-label-kept"),
        "position": faults.active("field-null-position-kept"),
        "disabled": faults.active("field-null-disabled-kept"),
    }
    for name, keep in kept.items():
        if keep and getattr(entry, name) is None:
            setattr(entry, name, ABSENT)
    video_kept = {
        "video_title": faults.active("field-null-video-title-kept"),
        "video_description": faults.active("field-null-video-description-kept"),
    }
    if entry.video is not ABSENT:
        for key, keep in video_kept.items():
            if keep and entry.video.get(key, ABSENT) is None:
                entry.video[key] = ABSENT
    return entry


def update_fields(
    db: sqlite3.Connection, entity_id: int, value_id: int, store_id: int, entry: EntryInput
) -> None:
    entry = keep_overrides_on_null(entry)
    changes = {column: getattr(entry, column) for column in VALUE_COLUMNS}
    if store_id != ADMIN_STORE_ID and None in changes.values():
        changes = null_faults(db, entity_id, value_id, changes)
    write_values(db, entity_id, value_id, store_id, changes)
    write_video(db, value_id, store_id, entry.video)


def null_faults(
    db: sqlite3.Connection, entity_id: int, value_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Fault hooks for a view save carrying a null: what a buggy FIELD-NULL does besides."""
    if faults.active("field-null-writes-global"):
        posted = {c: v for c, v in changes.items() if v is not None and v is not ABSENT}
        write_values(db, entity_id, value_id, ADMIN_STORE_ID, posted)
    if faults.active("field-null-every-view"):
        nulled = {c: None for c, v in changes.items() if v is None}
        for other in store_view_ids(db):
            write_values(db, entity_id, value_id, other, nulled)
    if faults.active("field-null-resets-siblings"):
        return dict.fromkeys(VALUE_COLUMNS)
    if faults.active("field-null-first-only"):
        nulls = [c for c in VALUE_COLUMNS if changes.get(c, ABSENT) is None]
        return {c: (ABSENT if c in nulls[1:] else v) for c, v in changes.items()}
    return changes


# ----------------------------------------------------------------------------- roles


def set_role(db: sqlite3.Connection, entity_id: int, store_id: int, role: str, value: str) -> None:
    db.execute(
        "INSERT INTO catalog_product_entity_varchar (attribute_id, store_id, entity_id, value)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, attribute_id, store_id)"
        " DO UPDATE SET value = excluded.value",
        (attribute_id(role), store_id, entity_id, value),
    )


def give_role(
    db: sqlite3.Connection, entity_id: int, store_id: int, role: str, file: str
) -> None:
    """Point a role at a file in one scope; one file per role, so any other holder loses it."""
    holder = effective_roles(db, entity_id, store_id).get(role, NO_SELECTION)
    if faults.active("role-not-exclusive") and holder not in (NO_SELECTION, file):
        return
    set_role(db, entity_id, store_id, role, file)


def assign_entry_roles(
    db: sqlite3.Connection, entity_id: int, store_id: int, file: str, types: list[str]
) -> None:
    """The entry's roles in this scope become exactly `types` (a media PUT)."""
    current = effective_roles(db, entity_id, store_id)
    for role in ROLES:
        if role in types:
            give_role(db, entity_id, store_id, role, file)
        elif current.get(role) == file:
            set_role(db, entity_id, store_id, role, NO_SELECTION)


def assign_gallery_roles(
    db: sqlite3.Connection, entity_id: int, store_id: int, listed: list[tuple[str, EntryInput]]
) -> None:
    """Roles after a save that lists the gallery: each role goes to the (last) listed entry
    that names it, else to none; an entry sent without `types` keeps what it holds."""
    current = effective_roles(db, entity_id, store_id)
    untyped_files = {file for file, entry in listed if entry.types in (ABSENT, None)}
    for role in ROLES:
        holders = [file for file, entry in listed if isinstance(entry.types, list)
                   and role in entry.types]
        if holders:
            give_role(db, entity_id, store_id, role, holders[-1])
        elif current.get(role) not in untyped_files:
            set_role(db, entity_id, store_id, role, NO_SELECTION)


def release_roles(db: sqlite3.Connection, entity_id: int, file: str) -> None:
    """A removed file holds no role any more, in any scope (the row keeps its scope state)."""
    db.execute(
        "UPDATE catalog_product_entity_varchar SET value = ?"
        " WHERE entity_id = ? AND value = ? AND attribute_id IN (?, ?, ?, ?)",
        (NO_SELECTION, entity_id, file, *(attribute_id(role) for role in ROLES)),
    )


# ----------------------------------------------------------------------------- entries


def next_position(db: sqlite3.Connection, entity_id: int, store_id: int) -> int:
    positions = [entry["position"] for entry in read_entries(db, entity_id, store_id)]
    return max(positions, default=0) + 1


def add_entry(
    db: sqlite3.Connection, entity_id: int, scope: Scope, entry: EntryInput
) -> tuple[int, str]:
    """Store the file and a new entry. Global values come from the entry; in a view the new
    entry's label, position and disabled are also that view's own (MEDIA-ADD)."""
    content = require_content(entry)
    media_type = entry.media_type if isinstance(entry.media_type, str) else "image"
    if media_type == VIDEO_TYPE and entry.video is ABSENT:
        raise errors.required_field("video_content")
    existing = read_entries(db, entity_id, scope.store_id)
    path = unique_file_path(db, content.name, content.mime_type)
    store_file(db, path, content)
    disabled = entry.disabled if isinstance(entry.disabled, int) else 0
    if faults.active("media-add-clears-other-views") and not scope.is_global:
        clear_view_values(db, entity_id, scope.store_id)
    # The main table's `disabled` stays 0: the global value goes to store 0's row below.
    value_id = db.execute(
        "INSERT INTO catalog_product_entity_media_gallery (attribute_id, value, media_type,"
        " disabled) VALUES (?, ?, ?, 0)",
        (attribute_id("media_gallery"), path, media_type),
    ).lastrowid
    db.execute(
        "INSERT INTO catalog_product_entity_media_gallery_value_to_entity VALUES (?, ?)",
        (value_id, entity_id),
    )
    position = entry.position if isinstance(entry.position, int) else None
    if position is None:
        position = next_position(db, entity_id, scope.store_id)
    label = entry.label if isinstance(entry.label, str) else None
    values = {"label": label, "position": position, "disabled": disabled}
    hidden = faults.active("media-add-hidden-elsewhere") and not scope.is_global
    write_values(db, entity_id, value_id, ADMIN_STORE_ID, {**values, "disabled": 1} if hidden
                 else values)
    if entry.video is not ABSENT:
        write_video(db, value_id, ADMIN_STORE_ID, entry.video)
        if faults.active("media-add-video-every-view") and not scope.is_global:
            for store_id in store_view_ids(db):
                write_video(db, value_id, store_id, entry.video)
    for store_id in view_overrides_for_new_entry(db, scope):
        own_sort_order(db, entity_id, store_id, existing)
        write_values(db, entity_id, value_id, store_id, {**values, "label": label or ""})
    return value_id, path


def own_sort_order(
    db: sqlite3.Connection, entity_id: int, store_id: int, entries: list[dict[str, Any]]
) -> None:
    """The view's gallery order becomes its own: each existing entry keeps the position the
    view showed, now as the view's value (so that a later MEDIA-DELETE has an order to give
    back to the default, as the page describes)."""
    for entry in entries:
        write_values(db, entity_id, entry["id"], store_id, {"position": entry["position"]})


def view_overrides_for_new_entry(db: sqlite3.Connection, scope: Scope) -> list[int]:
    """The views that get the new entry's own values: the calling view only."""
    if faults.active("media-add-other-views"):
        return store_view_ids(db)
    if scope.is_global or faults.active("media-add-global"):
        return []
    return [scope.store_id]


def require_content(entry: EntryInput) -> ImageContent:
    if entry.content is None:
        raise errors.bad_request(errors.CONTENT_INVALID)
    return entry.content


def remove_entries(db: sqlite3.Connection, entity_id: int, value_ids: list[int]) -> None:
    """Remove entries from every scope; their files lose their roles and, unused, their bytes."""
    for value_id in value_ids:
        row = db.execute(
            "SELECT value FROM catalog_product_entity_media_gallery WHERE value_id = ?",
            (value_id,),
        ).fetchone()
        db.execute("DELETE FROM catalog_product_entity_media_gallery WHERE value_id = ?",
                   (value_id,))
        if row is not None:
            release_roles(db, entity_id, row["value"])
            forget_unused_file(db, row["value"])


def forget_unused_file(db: sqlite3.Connection, path: str) -> None:
    db.execute(
        "DELETE FROM media_file WHERE path = ? AND NOT EXISTS"
        " (SELECT 1 FROM catalog_product_entity_media_gallery WHERE value = ?)",
        (path, path),
    )


def reset_sort_order(db: sqlite3.Connection, entity_id: int, store_id: int) -> None:
    """The view's gallery order inherits again: no entry keeps its own position there."""
    db.execute(
        "UPDATE catalog_product_entity_media_gallery_value SET position = NULL"
        " WHERE entity_id = ? AND store_id = ?",
        (entity_id, store_id),
    )
    for value_id in entry_ids(db, entity_id):
        prune_inheriting_row(db, entity_id, value_id, store_id)


# ----------------------------------------------------------------------------- the catalogue


def save_gallery(db: sqlite3.Connection, entity_id: int, scope: Scope, raw: Any) -> None:
    """A product save listing `media_gallery_entries`: listed entries are written in the
    calling scope, new ones (content, no id) added, unlisted ones removed everywhere."""
    if not isinstance(raw, list):
        raise errors.invalid_type(raw, "array")
    entries = [parse_entry(item) for item in raw]
    existing = entry_ids(db, entity_id)
    for entry in entries:
        if entry.id not in (ABSENT, None) and entry.id not in existing:
            raise errors.bad_request(errors.ENTRY_NOT_FOUND)
        if entry.id in (ABSENT, None):
            require_content(entry)
    listed_ids = {entry.id for entry in entries}
    if not faults.active("save-unlisted-kept"):
        remove_entries(db, entity_id, [value_id for value_id in existing
                                       if value_id not in listed_ids])
    store_id = scope.store_id
    if faults.active("save-roundtrip-global"):
        store_id = ADMIN_STORE_ID
    if faults.active("roundtrip-clears-other-views") and not scope.is_global:
        clear_view_values(db, entity_id, store_id)
    listed: list[tuple[str, EntryInput]] = []
    for entry in entries:
        if entry.id in (ABSENT, None):
            _value_id, file = add_entry(db, entity_id, scope, entry)
        else:
            update_fields(db, entity_id, entry.id, store_id, entry)
            file = find_entry(db, entity_id, entry.id)["file"]
        listed.append((file, entry))
    assign_gallery_roles(db, entity_id, store_id, listed)


def rewrite_as_overrides(db: sqlite3.Connection, entity_id: int, scope: Scope) -> None:
    """Fault `save-omit-overrides`: behave as if the current gallery had been sent back."""
    if scope.is_global:
        return
    current = read_entries(db, entity_id, scope.store_id)
    save_gallery(db, entity_id, scope, current)


def create_entry(db: sqlite3.Connection, entity_id: int, scope: Scope, raw: Any) -> int:
    """MEDIA-ADD. The first entry of an empty gallery sent without types gets every role."""
    entry = parse_entry(raw)
    require_content(entry)
    was_empty = not entry_ids(db, entity_id)
    value_id, file = add_entry(db, entity_id, scope, entry)
    types = entry.types if isinstance(entry.types, list) else []
    if was_empty and not types:
        types = list(ROLES)
    for role in ROLES:
        if role in types:
            give_role(db, entity_id, scope.store_id, role, file)
    return value_id


def update_entry(
    db: sqlite3.Connection, entity_id: int, scope: Scope, value_id: int, raw: Any
) -> None:
    """MEDIA-UPDATE: the entry changes in the calling scope only."""
    entry = parse_entry(raw)
    current = find_entry(db, entity_id, value_id)
    if current is None:
        raise errors.not_found(errors.ENTRY_NOT_FOUND)
    store_id = ADMIN_STORE_ID if faults.active("media-update-global") else scope.store_id
    if faults.active("media-update-clears-other-views") and not scope.is_global:
        clear_view_values(db, entity_id, store_id, value_id)
    update_fields(db, entity_id, value_id, store_id, entry)
    if faults.active("media-update-video-global") and entry.video is not ABSENT:
        write_video(db, value_id, ADMIN_STORE_ID, {
            key: f"{value} (updated)" if isinstance(value, str) else value
            for key, value in entry.video.items()})
    if isinstance(entry.types, list):
        roles_scope = store_id
        if faults.active("media-update-roles-global") and entry.types:
            roles_scope = ADMIN_STORE_ID
        assign_entry_roles(db, entity_id, roles_scope, current["file"], entry.types)


def delete_entry(db: sqlite3.Connection, entity_id: int, scope: Scope, value_id: int) -> None:
    """MEDIA-DELETE: gone from every scope; the calling view's sort order inherits again."""
    if find_entry(db, entity_id, value_id) is None:
        raise errors.not_found(errors.ENTRY_NOT_FOUND)
    if faults.active("media-delete-view-only") and not scope.is_global:
        write_values(db, entity_id, value_id, scope.store_id, {"disabled": 1})
        return
    remove_entries(db, entity_id, [value_id])
    if scope.is_global or faults.active("media-delete-sort-kept"):
        return
    every_view = faults.active("media-delete-sort-every-view")
    for store_id in store_view_ids(db) if every_view else [scope.store_id]:
        reset_sort_order(db, entity_id, store_id)
