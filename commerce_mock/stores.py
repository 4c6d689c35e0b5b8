"""The store structure lists (`/V1/store/...`) in Magento's shapes; they need no token."""

from __future__ import annotations

import sqlite3
from typing import Any

from commerce_mock.storage import ADMIN_STORE_ID


def store_views(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every store, the admin store (id 0, code 'admin') included, as Magento lists them."""
    rows = db.execute("SELECT * FROM store ORDER BY store_id")
    return [
        {
            "id": row["store_id"],
            "code": row["code"],
            "name": row["name"],
            "website_id": row["website_id"],
            "store_group_id": row["group_id"],
            "is_active": row["is_active"],
        }
        for row in rows
    ]


def store_groups(db: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = db.execute("SELECT * FROM store_group ORDER BY group_id")
    return [
        {
            "id": row["group_id"],
            "website_id": row["website_id"],
            "root_category_id": row["root_category_id"],
            "default_store_id": row["default_store_id"],
            "name": row["name"],
            "code": row["code"],
        }
        for row in rows
    ]


def websites(db: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = db.execute("SELECT * FROM store_website ORDER BY website_id")
    return [
        {
            "id": row["website_id"],
            "code": row["code"],
            "name": row["name"],
            "default_group_id": row["default_group_id"],
        }
        for row in rows
    ]


def store_configs(db: sqlite3.Connection, base_url: str) -> list[dict[str, Any]]:
    """One config per store view; like Magento, the admin store is not listed."""
    rows = db.execute(
        "SELECT * FROM store WHERE store_id != ? ORDER BY store_id", (ADMIN_STORE_ID,)
    )
    return [store_config(row, base_url) for row in rows]


def store_config(row: sqlite3.Row, base_url: str) -> dict[str, Any]:
    return {
        "id": row["store_id"],
        "code": row["code"],
        "website_id": row["website_id"],
        "locale": "en_US",
        "base_currency_code": "USD",
        "default_display_currency_code": "USD",
        "timezone": "UTC",
        "weight_unit": "lbs",
        "base_url": base_url,
        "base_link_url": base_url,
        "base_static_url": f"{base_url}static/",
        "base_media_url": f"{base_url}media/",
        "secure_base_url": base_url,
        "secure_base_link_url": base_url,
        "secure_base_static_url": f"{base_url}static/",
        "secure_base_media_url": f"{base_url}media/",
    }
