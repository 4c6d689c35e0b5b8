"""Products: per-scope attribute values, the product answer, save, delete and search."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from commerce_mock import errors, faults, gallery
from commerce_mock.payload import ABSENT, field, to_float, to_int, to_str
from commerce_mock.scope import Scope
from commerce_mock.storage import (
    ADMIN_STORE_ID,
    ATTRIBUTES,
    DEFAULT_ATTRIBUTE_SET,
    ROLES,
    attribute_id,
    now,
)

MAX_SKU_LENGTH = 64
# Attributes a product save may set, with their converters; price is global in Magento.
SCOPED_ATTRIBUTES = {"name": to_str, "status": to_int, "visibility": to_int}
DEFAULTS = {"status": 1, "visibility": 4}


def find_product(db: sqlite3.Connection, sku: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM catalog_product_entity WHERE sku = ?", (sku,)).fetchone()


def require_product(db: sqlite3.Connection, sku: str) -> sqlite3.Row:
    product = find_product(db, sku)
    if product is None:
        raise errors.not_found(errors.PRODUCT_NOT_FOUND)
    return product


def attribute_table(code: str) -> str:
    return f"catalog_product_entity_{ATTRIBUTES[code][1]}"


def scoped_value(db: sqlite3.Connection, entity_id: int, code: str, store_id: int) -> Any:
    """The view's own value where it has one, else the global value."""
    row = db.execute(
        f"SELECT value FROM {attribute_table(code)} WHERE entity_id = ? AND attribute_id = ?"
        " AND store_id IN (0, ?) ORDER BY store_id DESC LIMIT 1",
        (entity_id, attribute_id(code), store_id),
    ).fetchone()
    return row["value"] if row else None


def set_value(db: sqlite3.Connection, entity_id: int, code: str, store_id: int, value: Any) -> None:
    db.execute(
        f"INSERT INTO {attribute_table(code)} (attribute_id, store_id, entity_id, value)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, attribute_id, store_id)"
        " DO UPDATE SET value = excluded.value",
        (attribute_id(code), store_id, entity_id, value),
    )


def product_shape(db: sqlite3.Connection, product: sqlite3.Row, store_id: int) -> dict[str, Any]:
    entity_id = product["entity_id"]
    entries = gallery.read_entries(db, entity_id, store_id)
    shape: dict[str, Any] = {
        "id": entity_id,
        "sku": product["sku"],
        "name": scoped_value(db, entity_id, "name", store_id) or "",
        "attribute_set_id": product["attribute_set_id"],
        "price": scoped_value(db, entity_id, "price", ADMIN_STORE_ID) or 0,
        "status": scoped_value(db, entity_id, "status", store_id) or 0,
        "visibility": scoped_value(db, entity_id, "visibility", store_id) or 0,
        "type_id": product["type_id"],
        "created_at": product["created_at"],
        "updated_at": product["updated_at"],
        "extension_attributes": {"website_ids": [1]},
        "product_links": [],
        "options": [],
        "media_gallery_entries": entries,
        "tier_prices": [],
        "custom_attributes": role_attributes(db, entity_id, store_id),
    }
    if not entries and faults.active("product-gallery-absent-when-empty"):
        del shape["media_gallery_entries"]
    return shape


def role_attributes(db: sqlite3.Connection, entity_id: int, store_id: int) -> list[dict[str, str]]:
    """Magento lists the image roles among custom_attributes (file or 'no_selection')."""
    roles = gallery.effective_roles(db, entity_id, store_id)
    return [{"attribute_code": role, "value": roles[role]} for role in ROLES if role in roles]


# ----------------------------------------------------------------------------- saving


def product_sku(data: dict[str, Any], url_sku: str | None) -> str:
    raw = url_sku if url_sku is not None else field(data, "sku")
    if raw is ABSENT or raw is None:
        raise errors.required_field("sku")
    sku = to_str(raw).strip()
    if not sku:
        raise errors.required_field("sku")
    if len(sku) > MAX_SKU_LENGTH:
        raise errors.bad_request(errors.SKU_TOO_LONG, [str(MAX_SKU_LENGTH)])
    return sku


def save_product(
    db: sqlite3.Connection, scope: Scope, data: dict[str, Any], url_sku: str | None = None
) -> sqlite3.Row:
    """Create or update by sku. A new product gets its values (and gallery) at global scope;
    an existing one gets them in the calling scope."""
    sku = product_sku(data, url_sku)
    product = find_product(db, sku)
    if product is None:
        entity_id = create_entity(db, sku, data)
        write_scope = Scope(ADMIN_STORE_ID, scope.code)
    else:
        entity_id = product["entity_id"]
        update_entity(db, entity_id, data)
        write_scope = scope
    write_attributes(db, entity_id, write_scope.store_id, data)
    save_gallery_field(db, entity_id, write_scope, field(data, "media_gallery_entries"))
    return find_product(db, sku)


def create_entity(db: sqlite3.Connection, sku: str, data: dict[str, Any]) -> int:
    name = field(data, "name")
    if name in (ABSENT, None) or not to_str(name).strip():
        raise errors.bad_request(errors.ATTRIBUTE_EMPTY, ["name"])
    attribute_set = field(data, "attribute_set_id")
    type_id = field(data, "type_id")
    stamp = now()
    entity_id = db.execute(
        "INSERT INTO catalog_product_entity (attribute_set_id, type_id, sku, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?)",
        (
            DEFAULT_ATTRIBUTE_SET if attribute_set in (ABSENT, None) else to_int(attribute_set),
            "simple" if type_id in (ABSENT, None) else to_str(type_id),
            sku,
            stamp,
            stamp,
        ),
    ).lastrowid
    for code, value in DEFAULTS.items():
        set_value(db, entity_id, code, ADMIN_STORE_ID, value)
    set_value(db, entity_id, "price", ADMIN_STORE_ID, 0.0)
    return entity_id


def update_entity(db: sqlite3.Connection, entity_id: int, data: dict[str, Any]) -> None:
    updates: dict[str, Any] = {"updated_at": now()}
    if field(data, "attribute_set_id") not in (ABSENT, None):
        updates["attribute_set_id"] = to_int(data["attribute_set_id"])
    if field(data, "type_id") not in (ABSENT, None):
        updates["type_id"] = to_str(data["type_id"])
    assignments = ", ".join(f"{column} = ?" for column in updates)
    db.execute(
        f"UPDATE catalog_product_entity SET {assignments} WHERE entity_id = ?",
        (*updates.values(), entity_id),
    )


def write_attributes(
    db: sqlite3.Connection, entity_id: int, store_id: int, data: dict[str, Any]
) -> None:
    for code, convert in SCOPED_ATTRIBUTES.items():
        value = field(data, code)
        if value not in (ABSENT, None):
            set_value(db, entity_id, code, store_id, convert(value))
    price = field(data, "price")
    if price not in (ABSENT, None):
        set_value(db, entity_id, "price", ADMIN_STORE_ID, to_float(price))


def save_gallery_field(db: sqlite3.Connection, entity_id: int, scope: Scope, entries: Any) -> None:
    """SAVE-OMIT / SAVE-NULL leave the gallery alone; a list (even []) replaces it."""
    if entries is ABSENT:
        if faults.active("save-omit-overrides"):
            gallery.rewrite_as_overrides(db, entity_id, scope)
        if faults.active("save-omit-clears-overrides") and not scope.is_global:
            gallery.clear_view_values(db, entity_id, keep_store_id=ADMIN_STORE_ID)
        return
    if entries is None:
        if faults.active("save-null-as-empty"):
            gallery.save_gallery(db, entity_id, scope, [])
        return
    if entries == [] and faults.active("save-empty-ignored"):
        return
    gallery.save_gallery(db, entity_id, scope, entries)


def delete_product(db: sqlite3.Connection, sku: str) -> None:
    product = require_product(db, sku)
    entity_id = product["entity_id"]
    gallery.remove_entries(db, entity_id, gallery.entry_ids(db, entity_id))
    db.execute("DELETE FROM catalog_product_entity WHERE entity_id = ?", (entity_id,))


# ----------------------------------------------------------------------------- searching

SEARCH_FIELDS = ("sku", "name", "entity_id", "id", "type_id", "attribute_set_id")
CONDITIONS = ("eq", "neq", "like", "nlike", "in", "nin")
FILTER_KEY = re.compile(
    r"^searchCriteria\[filter_?[gG]roups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(\w+)\]$"
)


def search_criteria(params: list[tuple[str, str]]) -> dict[str, Any]:
    """Magento's bracketed query string as the `search_criteria` object it echoes back."""
    if not any(key.startswith("searchCriteria") for key, _ in params):
        raise errors.required_field("searchCriteria")
    groups: dict[int, dict[int, dict[str, str]]] = {}
    criteria: dict[str, Any] = {}
    for key, value in params:
        match = FILTER_KEY.match(key)
        if match:
            group, index, part = int(match[1]), int(match[2]), match[3]
            part = "condition_type" if part in ("conditionType", "condition_type") else part
            groups.setdefault(group, {}).setdefault(index, {})[part] = value
        elif key in ("searchCriteria[pageSize]", "searchCriteria[page_size]"):
            criteria["page_size"] = to_int(value)
        elif key in ("searchCriteria[currentPage]", "searchCriteria[current_page]"):
            criteria["current_page"] = to_int(value)
    criteria["filter_groups"] = [
        {"filters": [checked_filter(groups[g][i]) for i in sorted(groups[g])]}
        for g in sorted(groups)
    ]
    return criteria


def checked_filter(raw: dict[str, str]) -> dict[str, str]:
    if "field" not in raw:
        raise errors.required_field("field")
    if "value" not in raw:
        raise errors.required_field("value")
    condition = raw.get("condition_type", "eq")
    if raw["field"] not in SEARCH_FIELDS:
        raise errors.bad_request('Invalid attribute name: %1', [raw["field"]])
    if condition not in CONDITIONS:
        raise errors.bad_request('Invalid condition type: %1', [condition])
    return {"field": raw["field"], "value": raw["value"], "condition_type": condition}


def matches(product: dict[str, Any], rule: dict[str, str]) -> bool:
    name = "id" if rule["field"] == "entity_id" else rule["field"]
    actual = str(product.get(name, ""))
    condition, value = rule["condition_type"], rule["value"]
    if condition in ("like", "nlike"):
        pattern = "".join(
            ".*" if c == "%" else "." if c == "_" else re.escape(c) for c in value
        )
        found = re.fullmatch(pattern, actual, re.IGNORECASE | re.DOTALL) is not None
        return found if condition == "like" else not found
    if condition in ("in", "nin"):
        found = actual.lower() in [part.strip().lower() for part in value.split(",")]
        return found if condition == "in" else not found
    equal = actual.lower() == value.lower()  # MySQL's default collation ignores case
    return equal if condition == "eq" else not equal


def search(db: sqlite3.Connection, store_id: int, params: list[tuple[str, str]]) -> dict:
    criteria = search_criteria(params)
    products = [
        product_shape(db, row, store_id)
        for row in db.execute("SELECT * FROM catalog_product_entity ORDER BY entity_id")
    ]
    found = [
        product for product in products
        if all(any(matches(product, rule) for rule in group["filters"])
               for group in criteria["filter_groups"] if group["filters"])
    ]
    return {"items": page_of(found, criteria), "search_criteria": criteria,
            "total_count": len(found)}


def page_of(found: list[dict], criteria: dict[str, Any]) -> list[dict]:
    size = criteria.get("page_size") or 0
    if size <= 0:
        return found
    last_page = max(1, -(-len(found) // size))
    # Magento's collections clamp a page past the end to the last page.
    page = min(max(1, criteria.get("current_page") or 1), last_page)
    return found[(page - 1) * size: page * size]
