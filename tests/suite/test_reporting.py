"""Allure: every exchange is a step with redacted attachments; helpers for higher layers."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.server import MockServer

from .conftest import run_pytest

TEST = '''
from conformance.reporting import attach_json, step

def test_reports(client, product_factory):
    with step("set the scene"):
        product_factory.create(images=1)
    client.store_views()
    attach_json("note", {"answer": 42})
'''


def _results(directory: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in directory.glob("*-result.json")]


def _titles(steps: list[dict]) -> list[str]:
    found = []
    for item in steps:
        found.append(item["name"])
        found += _titles(item.get("steps", []))
    return found


def test_exchanges_become_allure_steps_without_secrets(tmp_path: Path,
                                                       standin_server: MockServer) -> None:
    (tmp_path / "test_reports.py").write_text(TEST)
    results = tmp_path / "allure"
    token = standin_server.admin_token.reveal()

    outcome = run_pytest(tmp_path, ["-q", f"--alluredir={results}",
                                    "--base-url", str(standin_server.base_url)],
                         env={"COMMERCE_ADMIN_TOKEN": token})

    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    [result] = _results(results)
    titles = _titles(result["steps"])
    assert titles[0] == "set the scene"
    assert titles[1].startswith("POST /rest/all/V1/products → 200 (set up product)")
    assert "GET /rest/V1/store/storeViews → 200" in titles
    teardown = [t for p in results.glob("*-container.json")
                for t in _titles(json.loads(p.read_text()).get("afters", []))]
    assert any(t.startswith("DELETE /rest/all/V1/products/cmc-") and "(tear down product)" in t
               for t in teardown)
    assert "note" in [a["name"] for a in result.get("attachments", [])]
    every_file = "".join(p.read_text(errors="replace") for p in results.iterdir())
    assert token not in every_file
    assert "bytes base64>" in every_file  # the image upload, described, not embedded
