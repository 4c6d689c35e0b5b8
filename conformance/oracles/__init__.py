"""The inheritance oracles: who decides whether each (store view, entry, field) inherits.

- `probe` (REST only): moves the global values twice and watches every store view, then
  restores them. Works against any target the suite can reach.
- `db` (read-only SQL): reads Magento's tables; needs a database URL.
- `both`: the database, then the probe, and an `OracleError` wherever they disagree.

`make_oracle` builds one by name; every oracle has `name` and `read(product) -> GalleryState`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from conformance.oracles.base import KnownEntry, Oracle, OracleError, Product
from conformance.oracles.both import BothOracles
from conformance.oracles.db import DatabaseOracle
from conformance.oracles.probe import ProbeOracle
from conformance.secret import Secret

NAMES = ("probe", "db", "both")

__all__ = [
    "NAMES",
    "BothOracles",
    "DatabaseOracle",
    "KnownEntry",
    "Oracle",
    "OracleError",
    "ProbeOracle",
    "Product",
    "make_oracle",
]


def make_oracle(name: str, *, client: Any, store_views: Iterable[str],
                db_url: str | Secret | None = None, prefix: str | None = None) -> Oracle:
    """The oracle called `name` ("probe", "db" or "both") for these store views.

    `client` is the suite's REST client (used by the probe); `db_url` a SQLAlchemy URL, plain
    or wrapped in a `Secret` (needed by "db" and "both"); `prefix` a table prefix, which may
    also be given as `?prefix=` in the URL.
    """
    views = tuple(store_views)
    if name == "probe":
        return ProbeOracle(client, views)
    if name not in NAMES:
        raise OracleError(f"unknown oracle {name!r}; choose one of {', '.join(NAMES)}")
    if not db_url:
        raise OracleError(f"the {name} oracle reads the database and needs its URL "
                          "(--db-url / COMMERCE_DB_URL)")
    db = DatabaseOracle(db_url, views, prefix=prefix)
    if name == "db":
        return db
    return BothOracles(db, ProbeOracle(client, views))
