"""JSON Schemas of the REST bodies (`fixtures/schemas/*.json`) and a validator with readable errors.

A schema's kind is its file name without `.json` (`product`, `media-entry`, `error`,
`store-view`). Files may `$ref` each other by file name or by `$id`.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FIXTURES_ENV = "COMMERCE_FIXTURES_DIR"
MAX_REPORTED = 5


def fixtures_dir() -> Path:
    """`$COMMERCE_FIXTURES_DIR`, else `fixtures/` of the repository (the install is editable)."""
    override = os.environ.get(FIXTURES_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "fixtures"


class SchemaSet:
    """The schemas of one directory, with cross-file references resolved."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._schemas: dict[str, dict[str, Any]] = {}
        registry: Registry = Registry()
        for path in sorted(self.directory.glob("*.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            resource = Resource.from_contents(contents, default_specification=DRAFT202012)
            self._schemas[path.stem] = contents
            # By file name, so `{"$ref": "media-entry.json"}` works without any `$id`.
            registry = registry.with_resource(path.name, resource)
            if isinstance(contents, dict) and contents.get("$id"):
                registry = registry.with_resource(contents["$id"], resource)
        self._registry = registry.crawl()

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted(self._schemas))

    def validator(self, kind: str) -> Draft202012Validator:
        if kind not in self._schemas:
            raise KeyError(f"no schema {kind}.json in {self.directory} (have: {self.kinds})")
        schema = self._schemas[kind]
        if "$id" not in schema:
            # Relative `$ref`s resolve against the referring schema's URI: give it its name.
            schema = {**schema, "$id": f"{kind}.json"}
        return Draft202012Validator(schema, registry=self._registry)

    def validate(self, kind: str, body: Any) -> None:
        """Raise `AssertionError` listing where `body` breaks the `kind` schema."""
        errors = sorted(self.validator(kind).iter_errors(body), key=_sort_key)
        if errors:
            lines = [f"  {_where(error)}: {error.message}" for error in errors[:MAX_REPORTED]]
            more = len(errors) - MAX_REPORTED
            if more > 0:
                lines.append(f"  … and {more} more")
            raise AssertionError(f"body does not match schema {kind}.json:\n" + "\n".join(lines))


def _where(error: ValidationError) -> str:
    """`$.media_gallery_entries[0].position` rather than jsonschema's deque."""
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _sort_key(error: ValidationError) -> tuple[str, str]:
    return _where(error), error.message


@cache
def default_schemas() -> SchemaSet:
    return SchemaSet(fixtures_dir() / "schemas")


def validate(kind: str, body: Any) -> None:
    """Validate against `fixtures/schemas/<kind>.json`; raises `AssertionError` when it fails."""
    default_schemas().validate(kind, body)
