"""Test support for the mock server: a subprocess runner, a small REST client, images made
with Pillow, the project's JSON Schemas, and read-only queries on the server's SQLite file."""

from __future__ import annotations

import base64
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from PIL import Image
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "fixtures" / "schemas"
ADMIN_TOKEN = "mock-test-token"
LISTENING = "commerce-mock listening on http://"
VIEWS = ("default", "second", "third")


# ----------------------------------------------------------------------------- the server


class MockServer:
    """`python -m commerce_mock` on a free loopback port; stopped with SIGTERM."""

    def __init__(self, *args: str, db: Path | None = None, env: dict[str, str] | None = None):
        self.db = db
        command = [sys.executable, "-m", "commerce_mock", "--port", "0",
                   "--admin-token", ADMIN_TOKEN, *args]
        if db is not None:
            command += ["--db", str(db)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})}, cwd=ROOT,
        )
        self.stderr_lines: list[str] = []
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()
        self.first_line = self._read_listening_line()
        self.base_url = self.first_line.removeprefix("commerce-mock listening on ").strip()
        self._wait_ready()

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr_lines.append(line)

    def _read_listening_line(self) -> str:
        line = self.process.stdout.readline()
        if not line.startswith(LISTENING):
            self.stop()
            raise RuntimeError(f"no listening line: {line!r} {''.join(self.stderr_lines)}")
        return line

    def _wait_ready(self, deadline_s: float = 10.0) -> None:
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            try:
                if httpx.get(f"{self.base_url}/rest/V1/store/storeViews").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("server not ready")

    def api(self, token: str | None = ADMIN_TOKEN) -> Api:
        return Api(self.base_url, token)

    def stderr(self) -> str:
        return "".join(self.stderr_lines)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self._stderr_reader.join(timeout=5)
        self.process.stdout.close()
        self.process.stderr.close()
        return code

    def db_rows(self) -> Oracle:
        assert self.db is not None
        return Oracle(self.db)


class Api:
    """REST calls by store code (None = `/rest/V1`, the default store view)."""

    def __init__(self, base_url: str, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # httpx writes headers and body apart; without TCP_NODELAY each POST waits ~40 ms.
        transport = httpx.HTTPTransport(
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=30,
                                 transport=transport)

    def url(self, store: str | None, path: str) -> str:
        return f"/rest/V1{path}" if store is None else f"/rest/{store}/V1{path}"

    def call(self, method: str, store: str | None, path: str, body: Any = None,
             **kwargs: Any) -> httpx.Response:
        if body is not None:
            kwargs["json"] = body
        return self.http.request(method, self.url(store, path), **kwargs)

    def get(self, store: str | None, path: str, **kwargs: Any) -> httpx.Response:
        return self.call("GET", store, path, **kwargs)

    def product(self, store: str | None, sku: str) -> dict[str, Any]:
        response = self.get(store, f"/products/{sku}")
        assert response.status_code == 200, response.text
        return response.json()

    def entries(self, store: str | None, sku: str) -> list[dict[str, Any]]:
        return self.product(store, sku)["media_gallery_entries"]

    def save(self, store: str | None, product: dict[str, Any]) -> httpx.Response:
        return self.call("POST", store, "/products", {"product": product})

    def create_product(self, sku: str, images: int = 3, **extra: Any) -> dict[str, Any]:
        """At `all`, as the suite does: entries with content, labels and positions."""
        entries = [
            {"media_type": "image", "label": f"label {n}", "position": n, "disabled": False,
             "types": ["image", "small_image", "thumbnail"] if n == 1 else [],
             "content": image_content(f"{sku}-{n}.png", color=(n * 40, 10, 10))}
            for n in range(1, images + 1)
        ]
        product = {"sku": sku, "name": f"name {sku}", "price": 10, "attribute_set_id": 4,
                   "type_id": "simple", "media_gallery_entries": entries, **extra}
        response = self.save("all", product)
        assert response.status_code == 200, response.text
        return response.json()

    def add_media(self, store: str | None, sku: str, entry: dict[str, Any]) -> httpx.Response:
        return self.call("POST", store, f"/products/{sku}/media", {"entry": entry})

    def close(self) -> None:
        self.http.close()


# ----------------------------------------------------------------------------- images


def image_bytes(kind: str = "PNG", color: tuple[int, int, int] = (200, 30, 30),
                size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=kind)
    return buffer.getvalue()


def image_content(name: str, kind: str = "PNG", mime: str | None = None,
                  color: tuple[int, int, int] = (200, 30, 30)) -> dict[str, str]:
    mime = mime or {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}[kind]
    data = base64.b64encode(image_bytes(kind, color)).decode()
    return {"base64_encoded_data": data, "type": mime, "name": name}


def video_entry(name: str, title: str = "global title",
                description: str = "global description") -> dict[str, Any]:
    return {
        "media_type": "external-video", "label": "video", "position": 10, "disabled": False,
        "types": [], "content": image_content(name),
        "extension_attributes": {"video_content": {
            "media_type": "external-video", "video_provider": "youtube",
            "video_url": "https://www.youtube.com/watch?v=abc", "video_title": title,
            "video_description": description, "video_metadata": ""}},
    }


# ----------------------------------------------------------------------------- schemas


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((schema["$id"], Resource.from_contents(schema)))
        resources.append((path.name, Resource.from_contents(schema)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validate(name: str, instance: Any) -> None:
    """Raise if `instance` does not match fixtures/schemas/<name>.json."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    Draft202012Validator(schema, registry=REGISTRY).validate(instance)


def valid(name: str, instance: Any) -> bool:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft202012Validator(schema, registry=REGISTRY).is_valid(instance)


# ----------------------------------------------------------------------------- the storage


class Oracle:
    """Read-only queries on the server's SQLite file: the inheritance state of the spec."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def query(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute(sql, params).fetchall()
        db.close()
        return rows

    def store_id(self, code: str) -> int:
        if code == "all":
            return 0
        return self.query("SELECT store_id FROM store WHERE code = ?", code)[0]["store_id"]

    def entity_id(self, sku: str) -> int:
        return self.query("SELECT entity_id FROM catalog_product_entity WHERE sku = ?",
                          sku)[0]["entity_id"]

    def value_rows(self, sku: str, store: str) -> dict[int, dict[str, Any]]:
        """value_id -> {label, position, disabled} of that scope's rows."""
        rows = self.query(
            "SELECT value_id, label, position, disabled FROM"
            " catalog_product_entity_media_gallery_value WHERE entity_id = ? AND store_id = ?",
            self.entity_id(sku), self.store_id(store))
        return {row["value_id"]: dict(row) for row in rows}

    def overridden(self, sku: str, store: str, column: str) -> set[int]:
        """Entries whose `column` is the view's own (non-NULL) in that view."""
        return {value_id for value_id, row in self.value_rows(sku, store).items()
                if row[column] is not None}

    def sort_order_overridden(self, sku: str, store: str) -> bool:
        return bool(self.overridden(sku, store, "position"))

    def roles(self, sku: str, store: str) -> dict[str, str]:
        rows = self.query(
            "SELECT a.attribute_code, v.value FROM catalog_product_entity_varchar v"
            " JOIN eav_attribute a ON a.attribute_id = v.attribute_id WHERE v.entity_id = ?"
            " AND v.store_id = ? AND a.attribute_code IN"
            " ('image', 'small_image', 'thumbnail', 'swatch_image')",
            self.entity_id(sku), self.store_id(store))
        return {row["attribute_code"]: row["value"] for row in rows}

    def video_rows(self, value_id: int, store: str) -> dict[str, Any] | None:
        rows = self.query(
            "SELECT title, description FROM catalog_product_entity_media_gallery_value_video"
            " WHERE value_id = ? AND store_id = ?", value_id, self.store_id(store))
        return dict(rows[0]) if rows else None

    def entry_ids(self, sku: str) -> set[int]:
        rows = self.query(
            "SELECT value_id FROM catalog_product_entity_media_gallery_value_to_entity"
            " WHERE entity_id = ?", self.entity_id(sku))
        return {row["value_id"] for row in rows}

    def view_state(self, sku: str) -> dict[str, Any]:
        """Everything a store view may override, for every view: to compare before/after."""
        return {view: (self.value_rows(sku, view), self.roles(sku, view)) for view in VIEWS}

    def all_view_rows(self) -> list[tuple]:
        """Every store-view row in every scoped table (store_id != 0), for 'no change' checks."""
        tables = ("catalog_product_entity_media_gallery_value",
                  "catalog_product_entity_varchar", "catalog_product_entity_int",
                  "catalog_product_entity_media_gallery_value_video")
        return [(table, *tuple(row)) for table in tables
                for row in self.query(f"SELECT * FROM {table} WHERE store_id != 0 ORDER BY 1")]
