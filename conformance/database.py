"""Opening a target's database read-only: the one way the suite touches SQL, shared by the
database oracle and the preflight that checks its URL."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.pool import NullPool

# Table names are not bound parameters, so a prefix may hold only identifier characters.
TABLE_PREFIX = re.compile(r"^[A-Za-z0-9_]*$")


def read_only_engine(url: URL) -> Engine:
    """An engine that cannot write: SQLite opened with mode=ro (which also cannot create a
    missing file), MySQL sessions set READ ONLY. NullPool, so no connection outlives its use."""
    path = sqlite_path(url)
    if path is not None:
        uri = f"file:{quote(str(path))}?mode=ro"
        return create_engine("sqlite://", poolclass=NullPool,
                             creator=lambda: sqlite3.connect(uri, uri=True,
                                                             check_same_thread=False))
    engine = create_engine(url, poolclass=NullPool)
    if url.get_backend_name() in ("mysql", "mariadb"):
        event.listen(engine, "connect", _mysql_read_only)
    return engine


def sqlite_path(url: URL) -> Path | None:
    """The file of a plain `sqlite:///path` URL; None for other databases, for memory, and for
    a `file:` URI the user wrote (taken as given: they may have set mode=ro themselves)."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return None if database.startswith("file:") else Path(database).resolve()


def _mysql_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SET SESSION TRANSACTION READ ONLY")
    finally:
        cursor.close()
