-- Storage of the mock server: a subset of Magento 2's own tables, with the same names and
-- columns, so that one set of read-only queries (the suite's database oracle) reads this file
-- and a real install alike.
--
-- Scope rule, as in Magento: store_id 0 holds the global (default) values; a row for a store
-- view holds that view's own values, and a NULL column in it means "inherits" (Admin's
-- "Use Default Value"). No row for a view means every field inherits there.

CREATE TABLE IF NOT EXISTS store_website (
    website_id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    default_group_id INTEGER NOT NULL DEFAULT 0,
    is_default INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS store_group (
    group_id INTEGER PRIMARY KEY,
    website_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    root_category_id INTEGER NOT NULL DEFAULT 0,
    default_store_id INTEGER NOT NULL DEFAULT 0,
    code TEXT NOT NULL UNIQUE
);

-- store_id 0 is the admin store, code 'admin', as in Magento; REST calls it 'all'.
CREATE TABLE IF NOT EXISTS store (
    store_id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    website_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL DEFAULT 1
);

-- Only the product attributes the mock server uses. entity_type_id 4 is catalog_product.
CREATE TABLE IF NOT EXISTS eav_attribute (
    attribute_id INTEGER PRIMARY KEY,
    entity_type_id INTEGER NOT NULL,
    attribute_code TEXT NOT NULL,
    backend_type TEXT NOT NULL,
    UNIQUE (entity_type_id, attribute_code)
);

CREATE TABLE IF NOT EXISTS catalog_product_entity (
    entity_id INTEGER PRIMARY KEY AUTOINCREMENT,
    attribute_set_id INTEGER NOT NULL DEFAULT 4,
    type_id TEXT NOT NULL DEFAULT 'simple',
    sku TEXT NOT NULL UNIQUE,
    has_options INTEGER NOT NULL DEFAULT 0,
    required_options INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Per-scope product values: name and the image roles (image, small_image, thumbnail,
-- swatch_image hold a file path, or 'no_selection' for none).
CREATE TABLE IF NOT EXISTS catalog_product_entity_varchar (
    value_id INTEGER PRIMARY KEY AUTOINCREMENT,
    attribute_id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES catalog_product_entity (entity_id) ON DELETE CASCADE,
    value TEXT,
    UNIQUE (entity_id, attribute_id, store_id)
);

CREATE TABLE IF NOT EXISTS catalog_product_entity_int (
    value_id INTEGER PRIMARY KEY AUTOINCREMENT,
    attribute_id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES catalog_product_entity (entity_id) ON DELETE CASCADE,
    value INTEGER,
    UNIQUE (entity_id, attribute_id, store_id)
);

CREATE TABLE IF NOT EXISTS catalog_product_entity_decimal (
    value_id INTEGER PRIMARY KEY AUTOINCREMENT,
    attribute_id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES catalog_product_entity (entity_id) ON DELETE CASCADE,
    value REAL,
    UNIQUE (entity_id, attribute_id, store_id)
);

-- One row per gallery entry: its file and type. value_id is the entry id REST shows.
-- disabled: Magento's "disabled everywhere" flag (its load query skips such entries); the
-- mock leaves it 0 and keeps the global visibility in store 0's media_gallery_value row.
CREATE TABLE IF NOT EXISTS catalog_product_entity_media_gallery (
    value_id INTEGER PRIMARY KEY AUTOINCREMENT,
    attribute_id INTEGER NOT NULL,
    value TEXT NOT NULL,
    media_type TEXT NOT NULL DEFAULT 'image',
    disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS catalog_product_entity_media_gallery_value_to_entity (
    value_id INTEGER NOT NULL REFERENCES catalog_product_entity_media_gallery (value_id)
        ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES catalog_product_entity (entity_id) ON DELETE CASCADE,
    PRIMARY KEY (value_id, entity_id)
);

-- Label, position and visibility per scope. Store 0: the global values (never NULL for
-- position and disabled). A store view: NULL in a column means that field inherits.
CREATE TABLE IF NOT EXISTS catalog_product_entity_media_gallery_value (
    record_id INTEGER PRIMARY KEY AUTOINCREMENT,
    value_id INTEGER NOT NULL REFERENCES catalog_product_entity_media_gallery (value_id)
        ON DELETE CASCADE,
    store_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES catalog_product_entity (entity_id) ON DELETE CASCADE,
    label TEXT,
    position INTEGER,
    disabled INTEGER,
    UNIQUE (value_id, store_id, entity_id)
);

-- Video entries: provider, URL and metadata are kept in store 0; title and description per
-- scope, NULL in a store view's row meaning "inherits".
CREATE TABLE IF NOT EXISTS catalog_product_entity_media_gallery_value_video (
    value_id INTEGER NOT NULL REFERENCES catalog_product_entity_media_gallery (value_id)
        ON DELETE CASCADE,
    store_id INTEGER NOT NULL,
    provider TEXT,
    url TEXT,
    title TEXT,
    description TEXT,
    metadata TEXT,
    PRIMARY KEY (value_id, store_id)
);

-- The files themselves (Magento keeps them under pub/media/catalog/product; the mock keeps
-- their bytes here so that storage is one file).
CREATE TABLE IF NOT EXISTS media_file (
    path TEXT PRIMARY KEY,
    mime_type TEXT NOT NULL,
    content BLOB NOT NULL
);
