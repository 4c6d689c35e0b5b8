"""The SQLite file: schema, seed data, and one transaction per request.

One connection is shared by the whole server and guarded by a lock, and each request runs in
one `BEGIN IMMEDIATE` transaction, so parallel clients can neither lose an update nor see
"database is locked". WAL mode lets the suite's read-only oracle read while the server writes.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources

logger = logging.getLogger(__name__)

PRODUCT_ENTITY_TYPE = 4
DEFAULT_ATTRIBUTE_SET = 4
ADMIN_STORE_ID = 0

# Magento's usual attribute ids for a fresh install; the oracle joins on attribute_code anyway.
ATTRIBUTES: dict[str, tuple[int, str]] = {
    "name": (73, "varchar"),
    "price": (77, "decimal"),
    "image": (87, "varchar"),
    "small_image": (88, "varchar"),
    "thumbnail": (89, "varchar"),
    "media_gallery": (90, "static"),
    "status": (97, "int"),
    "visibility": (99, "int"),
    "swatch_image": (134, "varchar"),
}

ROLES = ("image", "small_image", "thumbnail", "swatch_image")
NO_SELECTION = "no_selection"


def attribute_id(code: str) -> int:
    return ATTRIBUTES[code][0]


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def store_view_name(code: str) -> str:
    if code == "default":
        return "Default Store View"
    return f"{code.replace('_', ' ').title()} Store View"


class Storage:
    """The server's only handle on the SQLite file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per request.
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 10000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL survives a killed process (not a power cut): enough for a mock, and it
        # spares an fsync per request.
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")

    def initialise(self, store_codes: list[str]) -> None:
        """Create the tables, then seed websites, groups, attributes and missing store views."""
        schema = resources.files("commerce_mock").joinpath("schema.sql").read_text("utf-8")
        with self._lock:
            self._conn.executescript(schema)
        with self.transaction() as db:
            seed_structure(db)
            seed_store_views(db, store_codes)
            clear_main_table_disabled(db)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def clear_main_table_disabled(db: sqlite3.Connection) -> None:
    """Files written by earlier versions of the mock copied the global `disabled` into the
    main gallery table, where Magento reads it as "disabled everywhere" and its load query (and
    the suite's database oracle) skips the entry. Store 0's value row holds the global value
    (those versions wrote it there too), so the main table's copy is cleared."""
    cleared = db.execute(
        "UPDATE catalog_product_entity_media_gallery SET disabled = 0 WHERE disabled != 0"
    ).rowcount
    if cleared:
        logger.info("cleared the main-table disabled flag of %d gallery entries", cleared)


def seed_structure(db: sqlite3.Connection) -> None:
    """Admin website/group/store (id 0) and the main website, as a fresh Magento has them."""
    db.execute(
        "INSERT OR IGNORE INTO store_website VALUES (0, 'admin', 'Admin', 0, 0, 0),"
        " (1, 'base', 'Main Website', 0, 1, 1)"
    )
    db.execute(
        "INSERT OR IGNORE INTO store_group VALUES (0, 0, 'Default', 0, 0, 'default'),"
        " (1, 1, 'Main Website Store', 2, 1, 'main_website_store')"
    )
    db.execute("INSERT OR IGNORE INTO store VALUES (0, 'admin', 0, 0, 'Admin', 0, 1)")
    for code, (attr_id, backend) in ATTRIBUTES.items():
        db.execute(
            "INSERT OR IGNORE INTO eav_attribute VALUES (?, ?, ?, ?)",
            (attr_id, PRODUCT_ENTITY_TYPE, code, backend),
        )


def seed_store_views(db: sqlite3.Connection, codes: list[str]) -> None:
    """Add the store views that the file does not have yet; the first one is the default."""
    for position, code in enumerate(codes, start=1):
        exists = db.execute("SELECT 1 FROM store WHERE code = ?", (code,)).fetchone()
        if exists:
            continue
        db.execute(
            "INSERT INTO store (code, website_id, group_id, name, sort_order, is_active)"
            " VALUES (?, 1, 1, ?, ?, 1)",
            (code, store_view_name(code), position),
        )
        logger.info("store view %s added", code)
    first = db.execute("SELECT store_id FROM store WHERE code = ?", (codes[0],)).fetchone()
    db.execute("UPDATE store_group SET default_store_id = ? WHERE group_id = 1", (first[0],))
