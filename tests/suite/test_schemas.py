"""Schema validation with cross-file references and readable failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.schemas import SchemaSet, fixtures_dir

ENTRY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "position"],
    "properties": {"id": {"type": "integer"}, "position": {"type": "integer"},
                   "label": {"type": ["string", "null"]}},
}
PRODUCT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["sku"],
    "properties": {"sku": {"type": "string"},
                   "media_gallery_entries": {"type": "array",
                                             "items": {"$ref": "media-entry.json"}}},
}


@pytest.fixture
def schemas(tmp_path: Path) -> SchemaSet:
    (tmp_path / "media-entry.json").write_text(json.dumps(ENTRY_SCHEMA))
    (tmp_path / "product.json").write_text(json.dumps(PRODUCT_SCHEMA))
    return SchemaSet(tmp_path)


def test_a_valid_body_passes(schemas: SchemaSet) -> None:
    schemas.validate("product", {"sku": "a", "media_gallery_entries": [
        {"id": 1, "position": 1, "label": None}]})

    assert schemas.kinds == ("media-entry", "product")


def test_a_reference_to_another_file_is_followed(schemas: SchemaSet) -> None:
    body = {"sku": "a", "media_gallery_entries": [{"id": 1, "position": "first"}]}

    with pytest.raises(AssertionError) as failure:
        schemas.validate("product", body)

    message = str(failure.value)
    assert "schema product.json" in message
    assert "$.media_gallery_entries[0].position: 'first' is not of type 'integer'" in message


def test_every_error_is_listed_by_path(schemas: SchemaSet) -> None:
    with pytest.raises(AssertionError) as failure:
        schemas.validate("media-entry", {"label": 3})

    lines = str(failure.value).splitlines()[1:]
    assert lines == ["  $: 'id' is a required property",
                     "  $: 'position' is a required property",
                     "  $.label: 3 is not of type 'string', 'null'"]


def test_schemas_with_ids_resolve_by_id(tmp_path: Path) -> None:
    entry = {**ENTRY_SCHEMA, "$id": "https://schemas.test/media-entry.json"}
    product = {**PRODUCT_SCHEMA, "$id": "https://schemas.test/product.json"}
    (tmp_path / "media-entry.json").write_text(json.dumps(entry))
    (tmp_path / "product.json").write_text(json.dumps(product))

    with pytest.raises(AssertionError, match=r"\$\.media_gallery_entries\[0\]"):
        SchemaSet(tmp_path).validate("product", {"sku": "a", "media_gallery_entries": [{}]})


def test_an_unknown_kind_says_what_exists(schemas: SchemaSet) -> None:
    with pytest.raises(KeyError, match="have: .*media-entry"):
        schemas.validate("order", {})


def test_fixtures_dir_defaults_to_the_repository_and_can_be_overridden(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMMERCE_FIXTURES_DIR", raising=False)
    assert (fixtures_dir() / "images").is_dir()

    monkeypatch.setenv("COMMERCE_FIXTURES_DIR", str(tmp_path))
    assert fixtures_dir() == tmp_path
