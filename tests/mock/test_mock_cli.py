"""The command line contract: listening line, options, logs, durability, clean stop."""

from __future__ import annotations

import glob
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

import httpx
from mock_support import ADMIN_TOKEN, ROOT, MockServer, image_content


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "commerce_mock", *args], capture_output=True,
                          text=True, timeout=30, cwd=ROOT)


def test_list_faults_prints_every_fault_and_exits_0() -> None:
    result = run_cli("--list-faults")

    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) >= 13
    for line in lines:
        assert re.match(r"^[a-z0-9]+(-[a-z0-9]+)+ +\[[A-Za-z0-9_-]+\]  \S.*$", line), line
    breaks = {re.search(r"\[(.+?)\]", line)[1] for line in lines}
    catalogue = {"SAVE-OMIT", "SAVE-NULL", "SAVE-EMPTY", "SAVE-ROUNDTRIP", "FIELD-NULL-label",
                 "FIELD-NULL-position", "FIELD-NULL-disabled", "FIELD-NULL-video_title",
                 "FIELD-NULL-video_description", "MEDIA-ADD", "MEDIA-GET", "MEDIA-UPDATE",
                 "MEDIA-DELETE"}
    assert catalogue <= breaks


def test_bad_options_exit_2() -> None:
    assert run_cli("--fault", "no-such-fault").returncode == 2
    assert run_cli("--store-views", "all").returncode == 2
    assert run_cli("--store-views", "a,a").returncode == 2
    assert run_cli("--latency-ms", "-1").returncode == 2


def test_listening_line_log_lines_and_clean_stop(tmp_path: Path) -> None:
    server = MockServer()
    assert re.fullmatch(r"commerce-mock listening on http://127\.0\.0\.1:\d+\n", server.first_line)
    client = server.api()
    client.call("POST", "all", "/products", {"product": {"sku": "logged", "name": "secret-body"}})
    token = httpx.post(f"{server.base_url}/rest/V1/integration/admin/token",
                       json={"username": "admin", "password": "commerce-mock-123"}).json()
    client.close()

    assert server.stop() == 0

    log = server.stderr()
    assert re.search(r"POST /rest/all/V1/products store=all status=200 [\d.]+ms", log)
    for secret in (ADMIN_TOKEN, token, "commerce-mock-123", "secret-body"):
        assert secret not in log
    temporary = re.search(r"database (\S+) \(temporary\)", log)[1]
    assert temporary.startswith(tempfile.gettempdir())
    assert glob.glob(f"{temporary}*") == []


def test_sigint_also_stops_cleanly() -> None:
    server = MockServer()
    server.process.send_signal(2)
    assert server.stop() == 0


def test_durable_across_restart_with_db(tmp_path: Path) -> None:
    db = tmp_path / "durable.sqlite"
    first = MockServer(db=db)
    client = first.api()
    client.create_product("durable", images=2)
    client.close()
    assert first.stop() == 0

    second = MockServer(db=db)
    client = second.api()
    product = client.product("second", "durable")
    client.close()
    second.stop()

    assert [e["file"] for e in product["media_gallery_entries"]] == [
        "/d/u/durable-1.png", "/d/u/durable-2.png"]


def test_a_main_table_disabled_flag_from_an_older_file_is_cleared(tmp_path: Path) -> None:
    """Earlier versions copied the global `disabled` into the main gallery table, which
    Magento (and the suite's database oracle) read as "in no view"; a restart clears it."""
    db = tmp_path / "older.sqlite"
    first = MockServer(db=db)
    client = first.api()
    client.create_product("older", images=2)
    hidden = client.entries("default", "older")[1]
    assert client.call("PUT", "all", f"/products/older/media/{hidden['id']}",
                       {"entry": {**hidden, "disabled": True}}).status_code == 200
    client.close()
    assert first.stop() == 0
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE catalog_product_entity_media_gallery SET disabled = 1"
                     " WHERE value_id = ?", (hidden["id"],))

    second = MockServer(db=db)
    client = second.api()
    shown = {e["id"]: e["disabled"] for e in client.entries("second", "older")}
    client.close()
    assert second.stop() == 0

    with closing(sqlite3.connect(db)) as conn:
        flags = conn.execute("SELECT disabled FROM catalog_product_entity_media_gallery")
        assert {row[0] for row in flags} == {0}
    assert shown[hidden["id"]] is True and len(shown) == 2


def test_env_token_and_password_and_custom_views(tmp_path: Path) -> None:
    server = MockServer("--store-views", "en,fr", "--admin-username", "boss",
                        env={"COMMERCE_MOCK_ADMIN_PASSWORD": "pw-from-env-1"})
    views = httpx.get(f"{server.base_url}/rest/V1/store/storeViews").json()
    token = httpx.post(f"{server.base_url}/rest/fr/V1/integration/admin/token",
                       json={"username": "boss", "password": "pw-from-env-1"})
    unknown = httpx.get(f"{server.base_url}/rest/second/V1/store/storeViews")
    server.stop()

    assert [v["code"] for v in views] == ["admin", "en", "fr"]
    assert token.status_code == 200
    assert unknown.status_code == 404


def test_admin_token_from_environment() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "commerce_mock", "--port", "0"], cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={**__import__("os").environ, "COMMERCE_MOCK_ADMIN_TOKEN": "env-token"})
    try:
        base = process.stdout.readline().split(" on ")[1].strip()
        response = httpx.get(f"{base}/rest/V1/products/x",
                             headers={"Authorization": "Bearer env-token"})
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()

    assert response.status_code == 404


def test_single_store_install(tmp_path: Path) -> None:
    server = MockServer("--store-views", "default", db=tmp_path / "single.sqlite")
    client = server.api()
    client.create_product("single", images=2)
    saved = client.save(None, {"sku": "single", "media_gallery_entries": []})
    views = httpx.get(f"{server.base_url}/rest/V1/store/storeViews").json()
    client.close()
    server.stop()

    assert [v["code"] for v in views] == ["admin", "default"]
    assert saved.json()["media_gallery_entries"] == []


def test_latency_is_added() -> None:
    server = MockServer("--latency-ms", "150")
    started = time.perf_counter()
    httpx.get(f"{server.base_url}/rest/V1/store/storeViews")
    elapsed = time.perf_counter() - started
    server.stop()

    assert elapsed >= 0.15


def test_content_is_served_back_from_storage(server: MockServer) -> None:
    client = server.api()
    client.save("all", {"sku": "cli-content", "name": "n"})
    sent = image_content("kept.png")
    client.add_media("all", "cli-content", {"content": sent})
    media = client.get("default", "/products/cli-content/media").json()
    client.close()

    assert media[0]["content"]["base64_encoded_data"] == sent["base64_encoded_data"]
