"""Where a request acts: the global scope (store code `all`, store 0) or one store view."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from commerce_mock.storage import ADMIN_STORE_ID

GLOBAL_CODE = "all"


@dataclass(frozen=True)
class Scope:
    store_id: int
    code: str

    @property
    def is_global(self) -> bool:
        return self.store_id == ADMIN_STORE_ID


GLOBAL = Scope(ADMIN_STORE_ID, GLOBAL_CODE)


def default_store_view(db: sqlite3.Connection) -> Scope:
    """The default store view of the default group: what `/rest/V1/...` addresses."""
    row = db.execute(
        "SELECT s.store_id, s.code FROM store s JOIN store_group g"
        " ON g.default_store_id = s.store_id WHERE g.group_id = 1"
    ).fetchone()
    return Scope(row["store_id"], row["code"])


def store_view(db: sqlite3.Connection, code: str) -> Scope | None:
    """The scope for a URL store code; the admin store is reachable only as `all`."""
    if code == GLOBAL_CODE:
        return GLOBAL
    row = db.execute(
        "SELECT store_id, code FROM store WHERE code = ? AND store_id != ?",
        (code, ADMIN_STORE_ID),
    ).fetchone()
    return Scope(row["store_id"], row["code"]) if row else None


def store_view_ids(db: sqlite3.Connection) -> list[int]:
    rows = db.execute("SELECT store_id FROM store WHERE store_id != ?", (ADMIN_STORE_ID,))
    return [row["store_id"] for row in rows]
