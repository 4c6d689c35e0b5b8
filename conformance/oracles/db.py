"""The database oracle: reads the inheritance state from Magento's own tables, read-only.

It makes no HTTP call and writes nothing. The same queries read the mock server's SQLite file
(`sqlite:///path`, opened with `mode=ro`) and a real install (`mysql+pymysql://user:pw@host/db`,
whose session is set `READ ONLY`). A table prefix, as some installs have, comes from the
`prefix` keyword or the URL's `?prefix=` query parameter.

How Magento keeps the values (and so how this oracle reads them):

- Gallery entries: `catalog_product_entity_media_gallery` (the file, the type, and a `disabled`
  flag that hides the entry from every view: such entries are left out, as Magento's own load
  query does), linked to the product by `..._media_gallery_value_to_entity`.
- Label, position and visibility: `..._media_gallery_value`, one row per entry and store id;
  store 0 holds the global values. A store view's row with a NOT NULL column overrides that
  field; a NULL column, or no row, inherits. Effective value = `IFNULL(view, global)`, which is
  exactly Magento's load query (`ResourceModel\\Product\\Gallery::createBatchBaseSelect`).
  In Magento's `Catalog/etc/db_schema.xml`, `label` and `position` are nullable but `disabled`
  is `nullable="false" default="0"`: on a real install a view's row therefore always overrides
  `disabled`, even when its only purpose was a label. The rule above gives that result with no
  special case (a NOT NULL column is never NULL); the mock server may store NULL there.
- Video title and description: `..._media_gallery_value_video` per store id. Magento merges
  them with PHP's `empty()` (`ProductVideo ... Gallery\\ReadHandler::
  substituteNullsWithDefaultValues`), so a view's empty string inherits as NULL does.
- Roles: `catalog_product_entity_varchar` rows of the attributes `image`, `small_image`,
  `thumbnail` and `swatch_image`, each holding a file path or `no_selection`. A row for the view
  overrides the role (whatever its value); no row inherits. A path is mapped to the entry with
  that file; `no_selection`, NULL or a file no entry has means no holder. When the product has
  no entries, roles are left out of the state, as the probe leaves them out: nothing can hold
  a role then, so REST cannot tell, and both oracles must report the same facts.
- Adobe Commerce with content staging links all of this by `row_id` instead of `entity_id`:
  when `catalog_product_entity` has a `row_id` column, the oracle takes the product's version
  whose `created_in <= now < updated_in`, else the one with the greatest `row_id`.

The URL holds a password: it never appears in a message or a repr.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import column as col
from sqlalchemy import inspect, select
from sqlalchemy import table as tbl
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from conformance.database import TABLE_PREFIX, read_only_engine
from conformance.oracles.base import (
    OracleError,
    Product,
    fields_of,
    state_name,
    view_state,
)
from conformance.secret import MASK, Secret
from conformance.state import ROLES, VIDEO_FIELDS, EntryState, GalleryState

log = logging.getLogger(__name__)

GLOBAL_STORE_ID = 0
PRODUCT_ENTITY_TYPE_CODE = "catalog_product"
# Magento's fixed id for catalog_product, for schemas without `eav_entity_type` (the mock's).
PRODUCT_ENTITY_TYPE_ID = 4
NO_SELECTION = "no_selection"
_VIDEO_COLUMNS = {"video_title": "title", "video_description": "description"}
_NO_ROW: Any = object()


@dataclass(frozen=True)
class Snapshot:
    """Everything read for one product, keyed the way the tables key it."""

    store_ids: Mapping[str, int]
    entries: Mapping[int, tuple[str, str]]  # value_id -> (file, media_type)
    values: Mapping[tuple[int, int], Mapping[str, Any]]  # (value_id, store_id) -> row
    videos: Mapping[tuple[int, int], Mapping[str, Any]]  # (value_id, store_id) -> row
    roles: Mapping[tuple[str, int], str | None]  # (role, store_id) -> file path
    known_roles: tuple[str, ...]


class DatabaseOracle:
    """Decides inheritance from the tables, without any HTTP call or write."""

    name = "db"

    def __init__(self, db_url: str | Secret, store_views: Iterable[str], *,
                 prefix: str | None = None) -> None:
        self._secret = db_url if isinstance(db_url, Secret) else Secret(db_url)
        url = _parse_url(self._secret)
        self.prefix = _checked_prefix(prefix if prefix is not None else _url_prefix(url))
        self.dialect = url.get_backend_name()
        self.store_views = tuple(store_views)
        if not self.store_views:
            raise OracleError("the database oracle needs at least one store view to read")
        self._password = url.password
        self._engine = read_only_engine(url.difference_update_query(["prefix"]))

    def __repr__(self) -> str:
        return f"DatabaseOracle(db_url={MASK}, dialect={self.dialect!r}, prefix={self.prefix!r})"

    def close(self) -> None:
        self._engine.dispose()

    def read(self, product: Product) -> GalleryState:
        try:
            # One connection, one transaction: every query sees the same snapshot.
            with self._engine.connect() as conn:
                snapshot = self._snapshot(conn, product.sku)
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise OracleError(self._masked(
                f"the database oracle could not read sku {product.sku!r} "
                f"({self.dialect}): {type(reason).__name__}: {reason}")) from None
        return build_state(product.sku, self.store_views, snapshot)

    def _masked(self, text: str) -> str:
        for secret in (self._secret.reveal(), str(self._password or "")):
            if len(secret) >= 3:
                text = text.replace(secret, MASK)
        return text

    # --- queries --------------------------------------------------------------------------

    def _table(self, name: str, *columns: str) -> Any:
        return tbl(f"{self.prefix}{name}", *(col(c) for c in columns))

    def _columns(self, conn: Connection, name: str) -> set[str]:
        return {c["name"] for c in inspect(conn).get_columns(f"{self.prefix}{name}")}

    def _snapshot(self, conn: Connection, sku: str) -> Snapshot:
        store_ids = self._store_ids(conn)
        link, link_id = self._product(conn, sku)
        attributes = self._attribute_ids(conn)
        if "media_gallery" not in attributes:
            raise OracleError("the attribute media_gallery is not in eav_attribute")
        scopes = [GLOBAL_STORE_ID, *store_ids.values()]
        entries = self._entries(conn, link, link_id, attributes["media_gallery"])
        return Snapshot(
            store_ids=store_ids,
            entries=entries,
            values=self._gallery_values(conn, link, link_id, list(entries), scopes),
            videos=self._video_values(conn, list(entries), scopes),
            roles=self._role_values(conn, link, link_id, attributes, scopes),
            known_roles=tuple(role for role in ROLES if role in attributes),
        )

    def _store_ids(self, conn: Connection) -> dict[str, int]:
        store = self._table("store", "store_id", "code")
        rows = conn.execute(select(store.c.store_id, store.c.code)
                            .where(store.c.code.in_(self.store_views))).all()
        found = {row.code: int(row.store_id) for row in rows}
        missing = [view for view in self.store_views if view not in found]
        if missing:
            raise OracleError(f"store view(s) {', '.join(missing)} not in table "
                              f"{self.prefix}store")
        return {view: found[view] for view in self.store_views}

    def _product(self, conn: Connection, sku: str) -> tuple[str, int]:
        """The column that links a product's values (entity_id, or row_id with staging) and
        the product's value in it."""
        columns = self._columns(conn, "catalog_product_entity")
        link = "row_id" if "row_id" in columns else "entity_id"
        wanted = list(dict.fromkeys(
            ["entity_id", link, *(c for c in ("created_in", "updated_in") if c in columns)]))
        entity = self._table("catalog_product_entity", "sku", *wanted)
        rows = conn.execute(select(*(entity.c[c] for c in wanted))
                            .where(entity.c.sku == sku)).all()
        if not rows:
            raise OracleError(f"no product with sku {sku!r} in {self.prefix}catalog_product_entity")
        if len({row.entity_id for row in rows}) > 1:
            raise OracleError(f"sku {sku!r} names {len(rows)} products")
        return link, _current_version(rows, link)

    def _attribute_ids(self, conn: Connection) -> dict[str, int]:
        attribute = self._table("eav_attribute", "attribute_id", "attribute_code",
                                "entity_type_id")
        codes = ["media_gallery", *ROLES]
        rows = conn.execute(select(attribute.c.attribute_id, attribute.c.attribute_code)
                            .where(attribute.c.attribute_code.in_(codes),
                                   attribute.c.entity_type_id == self._product_type_id(conn)))
        return {row.attribute_code: int(row.attribute_id) for row in rows}

    def _product_type_id(self, conn: Connection) -> int:
        if not inspect(conn).has_table(f"{self.prefix}eav_entity_type"):
            return PRODUCT_ENTITY_TYPE_ID
        types = self._table("eav_entity_type", "entity_type_id", "entity_type_code")
        found = conn.execute(select(types.c.entity_type_id)
                             .where(types.c.entity_type_code == PRODUCT_ENTITY_TYPE_CODE)).scalar()
        if found is None:
            raise OracleError(f"no entity type {PRODUCT_ENTITY_TYPE_CODE} in eav_entity_type")
        return int(found)

    def _entries(self, conn: Connection, link: str, link_id: int,
                 attribute_id: int) -> dict[int, tuple[str, str]]:
        gallery_columns = self._columns(conn, "catalog_product_entity_media_gallery")
        gallery = self._table("catalog_product_entity_media_gallery", "value_id", "value",
                              "media_type", "attribute_id", "disabled")
        links = self._table("catalog_product_entity_media_gallery_value_to_entity",
                            "value_id", link)
        query = (select(gallery.c.value_id, gallery.c.value, gallery.c.media_type)
                 .select_from(gallery.join(links, gallery.c.value_id == links.c.value_id))
                 .where(links.c[link] == link_id, gallery.c.attribute_id == attribute_id)
                 .order_by(gallery.c.value_id))
        if "disabled" in gallery_columns:
            # An entry disabled here is hidden everywhere; Magento's load query skips it too.
            query = query.where(gallery.c.disabled == 0)
        return {int(row.value_id): (row.value, row.media_type or "image")
                for row in conn.execute(query)}

    def _gallery_values(self, conn: Connection, link: str, link_id: int, ids: list[int],
                        scopes: list[int]) -> dict[tuple[int, int], dict[str, Any]]:
        value = self._table("catalog_product_entity_media_gallery_value", "value_id",
                            "store_id", link, "label", "position", "disabled", "record_id")
        rows = conn.execute(
            select(value.c.value_id, value.c.store_id, value.c.label, value.c.position,
                   value.c.disabled)
            .where(value.c[link] == link_id, value.c.value_id.in_(ids),
                   value.c.store_id.in_(scopes))
            .order_by(value.c.record_id))
        return _first_per_key(rows, "catalog_product_entity_media_gallery_value")

    def _video_values(self, conn: Connection, ids: list[int],
                      scopes: list[int]) -> dict[tuple[int, int], dict[str, Any]]:
        video = self._table("catalog_product_entity_media_gallery_value_video", "value_id",
                            "store_id", "title", "description")
        rows = conn.execute(
            select(video.c.value_id, video.c.store_id, video.c.title, video.c.description)
            .where(video.c.value_id.in_(ids), video.c.store_id.in_(scopes)))
        return _first_per_key(rows, "catalog_product_entity_media_gallery_value_video")

    def _role_values(self, conn: Connection, link: str, link_id: int,
                     attributes: Mapping[str, int],
                     scopes: list[int]) -> dict[tuple[str, int], str | None]:
        role_by_id = {attributes[role]: role for role in ROLES if role in attributes}
        varchar = self._table("catalog_product_entity_varchar", "attribute_id", "store_id",
                              link, "value")
        rows = conn.execute(
            select(varchar.c.attribute_id, varchar.c.store_id, varchar.c.value)
            .where(varchar.c[link] == link_id, varchar.c.attribute_id.in_(list(role_by_id)),
                   varchar.c.store_id.in_(scopes)))
        return {(role_by_id[int(row.attribute_id)], int(row.store_id)): row.value
                for row in rows}


# --- connecting -----------------------------------------------------------------------------


def _parse_url(secret: Secret) -> URL:
    try:
        return make_url(secret.reveal())
    except ArgumentError:
        # SQLAlchemy's message quotes the URL, password included.
        raise OracleError("the database URL could not be parsed (not shown: it may hold a "
                          "password); expected e.g. sqlite:///path or "
                          "mysql+pymysql://user:password@host/db") from None


def _url_prefix(url: URL) -> str | None:
    given = url.query.get("prefix")
    if isinstance(given, tuple):
        raise OracleError("the database URL gives ?prefix= more than once")
    return given


def _checked_prefix(prefix: str | None) -> str:
    # Table names are not bound parameters, so only plain identifier characters are allowed.
    prefix = prefix or ""
    if not TABLE_PREFIX.match(prefix):
        raise OracleError(f"a table prefix has only letters, digits and _: {prefix!r}")
    return prefix


# --- reading rows ---------------------------------------------------------------------------


def _current_version(rows: Sequence[Any], link: str) -> int:
    """The row to follow: entity_id, or with staging the version live now (else the newest)."""
    if link == "entity_id":
        return int(rows[0].entity_id)
    now = int(time.time())
    live = [row for row in rows
            if getattr(row, "created_in", None) is not None
            and row.created_in <= now < row.updated_in]
    return int(max(row.row_id for row in (live or rows)))


def _first_per_key(rows: Iterable[Any], table: str) -> dict[tuple[int, int], dict[str, Any]]:
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        key = (int(row.value_id), int(row.store_id))
        if key in found:
            # Magento's value table has no unique key on (value_id, store_id); two rows are
            # possible after bad imports. The first (oldest record) is kept.
            log.warning("%s: more than one row for entry %s in store %s", table, *key)
            continue
        found[key] = dict(row._mapping)
    return found


# --- building the state ---------------------------------------------------------------------


def build_state(sku: str, views: Iterable[str], snapshot: Snapshot) -> GalleryState:
    return GalleryState(
        sku=sku,
        views={view: _view(snapshot, snapshot.store_ids[view]) for view in views},
        oracle="db",
    )


def _view(snapshot: Snapshot, store_id: int) -> Any:
    entries = {entry_id: _entry(snapshot, entry_id, store_id)
               for entry_id in snapshot.entries}
    by_file: dict[str, int] = {}
    for entry_id, (file, _) in sorted(snapshot.entries.items()):
        by_file.setdefault(file, entry_id)
    roles, holders = {}, {}
    # With no entries nothing can hold a role: REST cannot show whether one inherits, so
    # neither oracle reports it (a `no_selection` row may well exist; see the module notes).
    known_roles = snapshot.known_roles if snapshot.entries else ()
    for role in known_roles:
        own = snapshot.roles.get((role, store_id), _NO_ROW)
        path = snapshot.roles.get((role, GLOBAL_STORE_ID)) if own is _NO_ROW else own
        roles[role] = state_name(own is not _NO_ROW)
        holders[role] = by_file.get(path) if path not in (None, NO_SELECTION) else None
    return view_state(entries, roles, holders)


def _entry(snapshot: Snapshot, entry_id: int, store_id: int) -> EntryState:
    file, media_type = snapshot.entries[entry_id]
    fields: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in fields_of(media_type):
        overridden, value = _field(snapshot, entry_id, store_id, name)
        fields[name] = state_name(overridden)
        values[name] = _typed(name, value)
    return EntryState(file=file, fields=fields, values=values)


def _field(snapshot: Snapshot, entry_id: int, store_id: int, name: str) -> tuple[bool, Any]:
    """Whether the view overrides the field, and the effective value it shows."""
    if name in VIDEO_FIELDS:
        column = _VIDEO_COLUMNS[name]
        own = snapshot.videos.get((entry_id, store_id), {}).get(column)
        default = snapshot.videos.get((entry_id, GLOBAL_STORE_ID), {}).get(column)
        # PHP's empty(): Magento falls back to the global value for "" as for NULL.
        if own in (None, ""):
            return False, default if default not in (None, "") else own
        return True, own
    own = snapshot.values.get((entry_id, store_id), {}).get(name)
    if own is not None:
        return True, own
    return False, snapshot.values.get((entry_id, GLOBAL_STORE_ID), {}).get(name)


def _typed(name: str, value: Any) -> Any:
    """Values as REST shows them, so that messages from both oracles read alike."""
    if name == "disabled":
        return bool(value)
    if name == "position" and value is not None:
        return int(value)
    return value

