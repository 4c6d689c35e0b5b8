"""The database oracle against SQLite files built from the mock server's schema.

Each test writes rows that describe one known state the way Magento stores it, then asserts
the oracle's reading. The schema file is read as text; nothing of `commerce_mock` is imported.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conformance.oracles import DatabaseOracle, OracleError, make_oracle
from conformance.oracles import db as db_module
from conformance.oracles.base import expected_for, fields_of
from conformance.secret import Secret
from conformance.state import INHERITS, OVERRIDDEN, Expectation, GalleryState, differences

SCHEMA = Path(__file__).resolve().parents[2] / "commerce_mock" / "schema.sql"
VIEWS = ("default", "second", "third")
STORE_IDS = {"admin": 0, "default": 1, "second": 2, "third": 3}
ATTRIBUTES = {"media_gallery": 90, "image": 87, "small_image": 88, "thumbnail": 89,
              "swatch_image": 134}
SKU = "cmc-db-1"
FILES = {1: "/o/n/one.jpg", 2: "/t/w/two.jpg", 3: "/v/i/video.jpg"}
# The standard product's entries and their media types, as `standard_product` writes them.
MEDIA_TYPES = {1: "image", 2: "image", 3: "external-video"}


@dataclass(frozen=True)
class Product:
    """The oracle's duck-typed product: the database oracle needs only the SKU."""

    sku: str
    entries: tuple[Any, ...] = field(default_factory=tuple)


class Catalog:
    """A SQLite file with the mock server's tables, and helpers that write Magento's rows."""

    def __init__(self, path: Path, schema: str, prefix: str = "", link: str = "entity_id"):
        self.path = path
        self.prefix = prefix
        self.link = link
        with self.connect() as db:
            db.executescript(schema)
            for code, store_id in STORE_IDS.items():
                db.execute(f"INSERT INTO {prefix}store VALUES (?, ?, 1, 1, ?, 0, 1)",
                           (store_id, code, code))
            for code, attribute_id in ATTRIBUTES.items():
                db.execute(f"INSERT INTO {prefix}eav_attribute VALUES (?, 4, ?, 'varchar')",
                           (attribute_id, code))

    def connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, isolation_level=None)

    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def run(self, sql: str, *args: Any) -> int:
        db = self.connect()
        try:
            return db.execute(sql.replace("{p}", self.prefix), args).lastrowid or 0
        finally:
            db.close()

    def add_product(self, sku: str = SKU) -> int:
        return self.run("INSERT INTO {p}catalog_product_entity (sku, created_at, updated_at)"
                        " VALUES (?, '2024-01-01', '2024-01-01')", sku)

    def add_entry(self, product: int, file: str, position: int, *, media_type: str = "image",
                  label: str | None = None, hidden: int = 0) -> int:
        entry = self.run("INSERT INTO {p}catalog_product_entity_media_gallery"
                         " (attribute_id, value, media_type, disabled) VALUES (90, ?, ?, ?)",
                         file, media_type, hidden)
        self.run(f"INSERT INTO {{p}}catalog_product_entity_media_gallery_value_to_entity"
                 f" (value_id, {self.link}) VALUES (?, ?)", entry, product)
        self.set_values(product, entry, "admin", label=label or f"global label {entry}",
                        position=position, disabled=0)
        return entry

    def set_values(self, product: int, entry: int, view: str, **columns: Any) -> None:
        """A store's row in the value table: each column given, the others NULL."""
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        self.run(f"INSERT INTO {{p}}catalog_product_entity_media_gallery_value"
                 f" (value_id, store_id, {self.link}{', ' if columns else ''}{names})"
                 f" VALUES (?, ?, ?{', ' if columns else ''}{marks})",
                 entry, STORE_IDS[view], product, *columns.values())

    def set_video(self, entry: int, view: str, title: str | None,
                  description: str | None) -> None:
        self.run("INSERT INTO {p}catalog_product_entity_media_gallery_value_video"
                 " (value_id, store_id, provider, url, title, description) VALUES"
                 " (?, ?, 'youtube', 'https://example.test/v', ?, ?)",
                 entry, STORE_IDS[view], title, description)

    def set_role(self, product: int, role: str, view: str, file: str | None) -> None:
        self.run(f"INSERT INTO {{p}}catalog_product_entity_varchar"
                 f" (attribute_id, store_id, {self.link}, value) VALUES (?, ?, ?, ?)",
                 ATTRIBUTES[role], STORE_IDS[view], product, file)


def standard_product(catalog: Catalog) -> int:
    """Two images and a video, every value global; image roles on entry 1, no swatch."""
    product = catalog.add_product()
    catalog.add_entry(product, FILES[1], 1)
    catalog.add_entry(product, FILES[2], 2)
    video = catalog.add_entry(product, FILES[3], 3, media_type="external-video")
    catalog.set_video(video, "admin", "global title", "global description")
    for role in ("image", "small_image", "thumbnail"):
        catalog.set_role(product, role, "admin", FILES[1])
    catalog.set_role(product, "swatch_image", "admin", "no_selection")
    return product


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog(tmp_path / "catalog.sqlite3", SCHEMA.read_text("utf-8"))


def read(catalog: Catalog, **kw: Any) -> GalleryState:
    oracle = DatabaseOracle(catalog.url(), VIEWS, **kw)
    try:
        return oracle.read(Product(SKU))
    finally:
        oracle.close()


def all_inherit() -> Expectation:
    """Every field of each of the standard product's entries, and every role, inherits in
    every view. Built from the known product, not from the oracle's output, so a field or role
    the oracle leaves out is a failure."""
    return expected_for(VIEWS, MEDIA_TYPES)


def test_every_value_global_reads_as_all_inherit(catalog: Catalog) -> None:
    standard_product(catalog)

    state = read(catalog)

    assert differences(state, all_inherit()) == []
    for view in VIEWS:
        view_state = state.views[view]
        assert {i: e.file for i, e in view_state.entries.items()} == FILES
        assert view_state.entries[1].values == {"label": "global label 1", "position": 1,
                                                "disabled": False}
        assert view_state.entries[3].values["video_title"] == "global title"
        assert set(view_state.entries[3].fields) == {"label", "position", "disabled",
                                                     "video_title", "video_description"}
        assert view_state.role_holders == {"image": 1, "small_image": 1, "thumbnail": 1,
                                           "swatch_image": None}
        assert view_state.sort_order == INHERITS
    assert state.oracle == "db"


Setup = Callable[[Catalog, int], None]


def _label(catalog: Catalog, product: int) -> None:
    catalog.set_values(product, 1, "second", label="zweites Etikett")


def _position(catalog: Catalog, product: int) -> None:
    catalog.set_values(product, 2, "second", position=7)


def _disabled(catalog: Catalog, product: int) -> None:
    catalog.set_values(product, 2, "second", disabled=1)


def _label_on_real_install(catalog: Catalog, product: int) -> None:
    # Magento's disabled column is NOT NULL: a view row written for a label carries a 0.
    catalog.set_values(product, 1, "second", label="zweites Etikett", disabled=0)


def _video_title(catalog: Catalog, product: int) -> None:
    catalog.set_video(3, "second", "zweiter Titel", None)


@pytest.mark.parametrize(
    ("setup", "overridden", "value"),
    [
        pytest.param(_label, [(1, "label")], ("label", "zweites Etikett"), id="label"),
        pytest.param(_position, [(2, "position")], ("position", 7), id="position"),
        pytest.param(_disabled, [(2, "disabled")], ("disabled", True), id="disabled"),
        pytest.param(_label_on_real_install, [(1, "label"), (1, "disabled")],
                     ("label", "zweites Etikett"), id="label-with-not-null-disabled"),
        pytest.param(_video_title, [(3, "video_title")], ("video_title", "zweiter Titel"),
                     id="video_title"),
    ],
)
def test_a_view_column_overrides_in_that_view_only(
        catalog: Catalog, setup: Setup, overridden: list[tuple[int, str]],
        value: tuple[str, Any]) -> None:
    product = standard_product(catalog)
    setup(catalog, product)

    state = read(catalog)

    expected = all_inherit()
    for entry, name in overridden:
        expected.set_field("second", entry, name, OVERRIDDEN)
    if any(name == "position" for _, name in overridden):
        expected.set_sort_order("second", OVERRIDDEN)
    assert differences(state, expected) == []
    entry = overridden[0][0]
    assert state.views["second"].entries[entry].values[value[0]] == value[1]
    assert state.views["default"].entries[entry].values[value[0]] != value[1]


def test_a_view_row_of_nulls_inherits_like_no_row(catalog: Catalog) -> None:
    product = standard_product(catalog)
    catalog.set_values(product, 1, "second")  # a row, every column NULL
    catalog.set_video(3, "third", None, None)

    state = read(catalog)

    assert differences(state, all_inherit()) == []
    assert state.views["second"].entries[1].values["label"] == "global label 1"
    assert state.views["third"].entries[3].values["video_title"] == "global title"


def test_an_empty_video_title_inherits_as_magento_reads_it(catalog: Catalog) -> None:
    standard_product(catalog)
    catalog.set_video(3, "second", "", "eigene Beschreibung")

    state = read(catalog)

    entry = state.views["second"].entries[3]
    assert entry.fields["video_title"] == INHERITS
    assert entry.values["video_title"] == "global title"
    assert entry.fields["video_description"] == OVERRIDDEN


def test_a_role_row_in_a_view_overrides_the_role(catalog: Catalog) -> None:
    product = standard_product(catalog)
    catalog.set_role(product, "thumbnail", "third", FILES[2])
    catalog.set_role(product, "image", "second", "no_selection")

    state = read(catalog)

    expected = all_inherit()
    expected.set_role("third", "thumbnail", OVERRIDDEN)
    expected.set_role("second", "image", OVERRIDDEN)
    assert differences(state, expected) == []
    assert state.views["third"].role_holders["thumbnail"] == 2
    assert state.views["second"].role_holders["image"] is None
    assert state.views["default"].role_holders == {"image": 1, "small_image": 1,
                                                   "thumbnail": 1, "swatch_image": None}


def test_an_entry_disabled_in_the_gallery_table_is_in_no_view(catalog: Catalog) -> None:
    product = standard_product(catalog)
    catalog.add_entry(product, "/h/i/hidden.jpg", 4, hidden=1)

    state = read(catalog)

    for view in VIEWS:
        assert state.entry_ids(view) == {1, 2, 3}


def test_an_empty_gallery_reports_no_role_states(catalog: Catalog) -> None:
    # As the probe: with nothing to hold a role, REST cannot show a role's state.
    product = catalog.add_product()
    catalog.set_role(product, "image", "second", "no_selection")

    state = read(catalog)

    assert {view: dict(state.views[view].roles) for view in VIEWS} == dict.fromkeys(VIEWS, {})
    assert state.entry_ids("second") == set()


def test_unknown_sku_and_store_view_are_named(catalog: Catalog) -> None:
    standard_product(catalog)
    oracle = DatabaseOracle(catalog.url(), VIEWS)
    with pytest.raises(OracleError, match="no product with sku 'nope'"):
        oracle.read(Product("nope"))
    with pytest.raises(OracleError, match="store view.*fourth"):
        DatabaseOracle(catalog.url(), ("default", "fourth")).read(Product(SKU))


def test_the_file_is_opened_read_only(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"

    with pytest.raises(OracleError, match="could not read"):
        DatabaseOracle(f"sqlite:///{missing}", VIEWS).read(Product(SKU))

    # A writable open would have created an empty file.
    assert not missing.exists()


def _prefixed(schema: str, prefix: str) -> str:
    return re.sub(r"(TABLE IF NOT EXISTS|REFERENCES) (\w+)", rf"\1 {prefix}\2", schema)


@pytest.mark.parametrize("how", ["keyword", "url"])
def test_a_table_prefix_is_honoured(tmp_path: Path, how: str) -> None:
    catalog = Catalog(tmp_path / "prefixed.sqlite3",
                      _prefixed(SCHEMA.read_text("utf-8"), "m2_"), prefix="m2_")
    product = standard_product(catalog)
    catalog.set_values(product, 1, "third", label="drittes Etikett")
    url = catalog.url() + ("?prefix=m2_" if how == "url" else "")

    oracle = DatabaseOracle(url, VIEWS, prefix="m2_" if how == "keyword" else None)
    state = oracle.read(Product(SKU))
    oracle.close()

    assert state.views["third"].entries[1].fields["label"] == OVERRIDDEN
    assert state.views["second"].entries[1].fields["label"] == INHERITS


def _staged(schema: str) -> str:
    """Adobe Commerce's content staging: product versions keyed by row_id."""
    schema = schema.replace(
        "entity_id INTEGER PRIMARY KEY AUTOINCREMENT,\n    attribute_set_id",
        "row_id INTEGER PRIMARY KEY AUTOINCREMENT,\n    entity_id INTEGER NOT NULL,\n"
        "    created_in INTEGER NOT NULL DEFAULT 1,\n"
        "    updated_in INTEGER NOT NULL DEFAULT 2147483647,\n    attribute_set_id")
    schema = schema.replace("sku TEXT NOT NULL UNIQUE", "sku TEXT NOT NULL")
    schema = schema.replace("REFERENCES catalog_product_entity (entity_id)",
                            "REFERENCES catalog_product_entity (row_id)")
    schema = schema.replace("PRIMARY KEY (value_id, entity_id)", "PRIMARY KEY (value_id, row_id)")
    schema = schema.replace("UNIQUE (value_id, store_id, entity_id)",
                            "UNIQUE (value_id, store_id, row_id)")
    schema = schema.replace("UNIQUE (entity_id, attribute_id, store_id)",
                            "UNIQUE (row_id, attribute_id, store_id)")
    return re.sub(r"\n    entity_id INTEGER NOT NULL REFERENCES",
                  "\n    row_id INTEGER NOT NULL REFERENCES", schema)


def test_with_content_staging_the_live_version_is_read(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "staged.sqlite3", _staged(SCHEMA.read_text("utf-8")),
                      link="row_id")
    old = catalog.run("INSERT INTO catalog_product_entity (entity_id, sku, created_in,"
                      " updated_in, created_at, updated_at) VALUES (5, ?, 1, 1000, '', '')", SKU)
    live = catalog.run("INSERT INTO catalog_product_entity (entity_id, sku, created_in,"
                       " updated_in, created_at, updated_at) VALUES (5, ?, 1000, 2147483647,"
                       " '', '')", SKU)
    future = catalog.run("INSERT INTO catalog_product_entity (entity_id, sku, created_in,"
                         " updated_in, created_at, updated_at) VALUES (5, ?, 2147483647,"
                         " 2147483647, '', '')", SKU)
    catalog.add_entry(old, "/o/l/old.jpg", 1)
    catalog.add_entry(live, FILES[1], 1)
    catalog.add_entry(future, "/f/u/future.jpg", 1)

    state = read(catalog)

    assert {e.file for e in state.views["default"].entries.values()} == {FILES[1]}


def test_the_url_and_its_password_never_show(tmp_path: Path) -> None:
    # Port 1 on the loopback refuses at once: a real connection attempt, a real error.
    url = Secret("mysql+pymysql://reader:s3cr3t-pw@127.0.0.1:1/magento")
    oracle = make_oracle("db", client=None, store_views=VIEWS, db_url=url)

    with pytest.raises(OracleError) as failure:
        oracle.read(Product(SKU))

    assert "s3cr3t-pw" not in str(failure.value)
    assert "s3cr3t-pw" not in repr(oracle)
    with pytest.raises(OracleError) as unparsable:
        DatabaseOracle("not a url with s3cr3t-pw", VIEWS)
    assert "s3cr3t-pw" not in str(unparsable.value)


def test_a_bad_prefix_is_refused(catalog: Catalog) -> None:
    with pytest.raises(OracleError, match="prefix"):
        DatabaseOracle(catalog.url(), VIEWS, prefix="x; DROP TABLE store")


def test_an_oracle_that_leaves_out_a_field_fails_the_all_inherit_check(
        catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    # The reviewer's patch, on this oracle: `disabled` silently not reported.
    standard_product(catalog)
    monkeypatch.setattr(db_module, "fields_of", lambda media_type: tuple(
        name for name in fields_of(media_type) if name != "disabled"))

    state = read(catalog)

    lines = differences(state, all_inherit())
    assert len(lines) == len(VIEWS) * len(MEDIA_TYPES)
    assert all("disabled" in line for line in lines)
