"""Preflight: a run that cannot start stops before any test with one clear message and code 4."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conformance import plugin
from conformance.config import Settings
from conformance.secret import Secret
from conformance.server import MockServer
from conformance.target import Connection, PreflightError, Target, connect

from .conftest import REPO, clean_environ, run_pytest, standin_pythonpath

EAGER = ["-o", "conformance_eager_target=true"]
ONE_TEST = "def test_uses_target(target):\n    assert target.store_views\n"


def _dead_url() -> str:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "test_one.py").write_text(ONE_TEST)
    return tmp_path


def _assert_one_message(output: str, message: str) -> None:
    assert output.count(message) == 1, output
    assert " passed" not in output and " failed" not in output


def test_a_dead_url_stops_the_run(project: Path) -> None:
    url = _dead_url()

    result = run_pytest(project, [*EAGER, "--base-url", url, "--admin-token", "t0k3n-x"])

    assert result.returncode == 4
    _assert_one_message(result.stdout + result.stderr,
                        f"Cannot reach {url}: connection refused. "
                        "Check --base-url / COMMERCE_BASE_URL.")


def test_a_dead_url_stops_a_run_of_the_real_scenarios_folder(tmp_path: Path) -> None:
    url = _dead_url()

    result = run_pytest(tmp_path, [str(REPO / "conformance" / "scenarios"), "-n", "2"],
                        env={"COMMERCE_BASE_URL": url, "COMMERCE_ADMIN_TOKEN": "t0k3n-x"})

    assert result.returncode == 4
    _assert_one_message(result.stdout + result.stderr, f"Cannot reach {url}")


def test_a_wrong_token_stops_the_run(project: Path, standin_server: MockServer) -> None:
    result = run_pytest(project, [*EAGER, "--base-url", str(standin_server.base_url)],
                        env={"COMMERCE_ADMIN_TOKEN": "not-the-token"})

    assert result.returncode == 4
    output = result.stdout + result.stderr
    _assert_one_message(output, f"The admin token was refused (401) by {standin_server.base_url}")
    # Magento's body says "... access %resources." with the name in `parameters`.
    assert "isn't authorized to access Magento_Catalog::products. Check" in output
    assert "not-the-token" not in output


def test_missing_credentials_stop_the_run(project: Path, standin_server: MockServer) -> None:
    result = run_pytest(project, [*EAGER, "--base-url", str(standin_server.base_url)])

    assert result.returncode == 4
    _assert_one_message(result.stdout + result.stderr, "No admin credentials for")


def test_an_unknown_store_view_stops_the_run(project: Path, standin_server: MockServer) -> None:
    result = run_pytest(project, [*EAGER, "--base-url", str(standin_server.base_url),
                                  "--store-views", "default,nowhere"],
                        env={"COMMERCE_ADMIN_TOKEN": standin_server.admin_token.reveal()})

    assert result.returncode == 4
    _assert_one_message(result.stdout + result.stderr,
                        "Store view(s) nowhere not found on")


def test_the_db_oracle_without_a_db_url_stops_the_run(project: Path,
                                                      standin_server: MockServer) -> None:
    result = run_pytest(project, [*EAGER, "--base-url", str(standin_server.base_url),
                                  "--oracle", "db", "--admin-token", "x"])

    assert result.returncode == 4
    _assert_one_message(result.stdout + result.stderr, "--oracle db reads the target's database")


def test_wrong_password_stops_the_run(project: Path, standin_server: MockServer) -> None:
    result = run_pytest(project, [*EAGER, "--base-url", str(standin_server.base_url),
                                  "--admin-username", "admin"],
                        env={"COMMERCE_ADMIN_PASSWORD": "wrong-pass-77"})

    assert result.returncode == 4
    output = result.stdout + result.stderr
    _assert_one_message(output, "refused the admin username/password (401)")
    assert "wrong-pass-77" not in output


def test_username_and_password_get_a_token(project: Path, standin_server: MockServer) -> None:
    result = run_pytest(project, [*EAGER, "--base-url", str(standin_server.base_url),
                                  "--admin-username", "admin", "-q"],
                        env={"COMMERCE_ADMIN_PASSWORD": "admin123"})

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_good_target_is_named_in_the_header(project: Path, standin_server: MockServer) -> None:
    result = run_pytest(project, [*EAGER, "--base-url", str(standin_server.base_url),
                                  "--store-views", "second"],
                        env={"COMMERCE_ADMIN_TOKEN": standin_server.admin_token.reveal()})

    assert result.returncode == 0, result.stdout + result.stderr
    assert (f"commerce target: {standin_server.base_url} "
            "(magento_version: Magento/2.4 (Stand-in))") in result.stdout
    assert ("commerce store views: second (states also checked in default, third) "
            "(default view: default); oracle: probe" in result.stdout)


def test_without_a_url_the_embedded_server_is_the_target(project: Path) -> None:
    (project / "test_one.py").write_text(
        "def test_embedded(target):\n"
        "    assert target.embedded\n"
        "    assert target.db_url.reveal().startswith('sqlite:///')\n"
        "    assert target.store_views == ('default', 'second', 'third')\n"
    )

    result = run_pytest(project, [*EAGER], env=standin_pythonpath())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "commerce target: embedded mock server at http://127.0.0.1:" in result.stdout


def test_runs_without_scenarios_prepare_nothing_until_asked(project: Path) -> None:
    (project / "test_one.py").write_text("def test_plain():\n    pass\n")

    result = run_pytest(project, ["--base-url", _dead_url(), "--admin-token", "x"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "commerce target: prepared on first use" in result.stdout


# --- messages about what answered, checked in this process --------------------------------


class _CannedServer(ThreadingHTTPServer):
    """Answers every GET with `canned`: (status, content type, body)."""

    canned: tuple[int, str, str] = (200, "application/json", "[]")


class _Canned(BaseHTTPRequestHandler):

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        status, content_type, body = self.server.canned  # type: ignore[attr-defined]
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture
def canned() -> Iterator[tuple[str, _CannedServer]]:
    httpd = _CannedServer(("127.0.0.1", 0), _Canned)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd
    httpd.shutdown()
    httpd.server_close()


def _preflight_error(base_url: str) -> str:
    with pytest.raises(PreflightError) as raised:
        connect(Settings(base_url=base_url, admin_token=Secret("t0k3n-x")))
    return str(raised.value)


def test_an_html_answer_is_named_not_pasted(canned: tuple[str, _CannedServer]) -> None:
    url, httpd = canned
    httpd.canned = (404, "text/html", "<html><head><title>Welcome to nginx!</title></head>"
                    "<body><h1>Welcome</h1><p>" + "x" * 5000 + "</p></body></html>")

    message = _preflight_error(url)

    assert message == (
        f'{url} answered GET /rest/V1/store/storeViews with an HTML page titled "Welcome to '
        "nginx!\" (status 404): it is probably not the base URL of Adobe Commerce (the site "
        "root, under which /rest/V1/... answers JSON). Check --base-url / COMMERCE_BASE_URL.")


def test_a_401_listing_store_views_blames_the_token(
        canned: tuple[str, _CannedServer]) -> None:
    """Magento lists store views to admins only, so a bad token fails there first."""
    url, httpd = canned
    body = json.dumps({"message": "The consumer isn't authorized to access %resources.",
                       "parameters": {"resources": "Magento_Backend::stores"}})
    httpd.canned = (401, "application/json", body)

    message = _preflight_error(url)

    assert message.startswith(
        f"The admin token was refused (401) by {url}: The consumer isn't authorized to access "
        "Magento_Backend::stores. Check --admin-token / COMMERCE_ADMIN_TOKEN")


@pytest.mark.parametrize(("path", "root"), [
    ("/rest/V1", ""), ("/rest/default", ""), ("/rest/default/V1", ""), ("/rest/all/V1/", ""),
    ("/shop/rest/second/V1", "/shop"),
])
def test_a_base_url_with_a_rest_path_says_where_to_stop(path: str, root: str) -> None:
    # Port 9 (discard): were the path accepted, the message would be "Cannot reach".
    base = "http://127.0.0.1:9"

    message = _preflight_error(base + path.rstrip("/"))

    assert message == (
        f"The base URL '{base}{path.rstrip('/')}' should stop before /rest (the suite adds "
        f"/rest/<store>/V1/... itself): use '{base}{root}'. Check --base-url / "
        "COMMERCE_BASE_URL.")


def test_a_path_merely_starting_with_rest_is_a_base_url() -> None:
    assert _preflight_error("http://127.0.0.1:9/restaurant").startswith("Cannot reach")


def test_a_rest_path_stops_a_run_with_one_message(project: Path) -> None:
    result = run_pytest(project, [*EAGER, "--base-url", "http://127.0.0.1:9/rest/default/V1",
                                  "--admin-token", "t0k3n-x"])

    assert result.returncode == 4
    _assert_one_message(result.stdout + result.stderr, "should stop before /rest")


# --- the end of a run ------------------------------------------------------------------------

WAITING_TEST = """
import pathlib, time

def test_waits(target):
    pathlib.Path("ready").write_text("")
    time.sleep(60)
"""


def test_ctrl_c_with_the_embedded_server_ends_without_a_sweep_warning(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group: the server may die before the sweep."""
    (tmp_path / "test_one.py").write_text(WAITING_TEST)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p",
               "conformance.plugin", "-c", "pytest.ini", *EAGER]
    with subprocess.Popen(command, cwd=tmp_path, env=clean_environ(standin_pythonpath()),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          start_new_session=True) as run:
        _await_file(tmp_path / "ready", run)
        os.killpg(run.pid, signal.SIGINT)
        output, _ = run.communicate(timeout=60)

    assert "KeyboardInterrupt" in output, output
    assert "sweep" not in output, output


def _await_file(path: Path, run: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert run.poll() is None and time.monotonic() < deadline, "the run never started"
        time.sleep(0.1)


class _StoppedServer:
    running = False

    def stop(self) -> None:
        pass


def _runtime(server: object | None) -> plugin.Runtime:
    target = Target(base_url="http://127.0.0.1:9", store_views=("default",),
                    default_view="default", db_url=None, embedded=server is not None)
    connection = Connection(target, Secret("t0k3n-x"), server)  # type: ignore[arg-type]
    return plugin.Runtime(Settings(run_id="abc123"), target, Secret("t0k3n-x"), connection, None)


def test_a_stopped_embedded_server_is_not_swept(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="conformance"):
        plugin._sweep(_runtime(_StoppedServer()))

    assert caplog.records == []  # not even an attempt: no exchange was logged


def test_a_failed_sweep_of_a_configured_url_is_still_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="conformance"):
        plugin._sweep(_runtime(None))

    assert [r.getMessage() for r in caplog.records] == [
        "end-of-run sweep of cmc-abc123-* failed: [Errno 111] Connection refused"]
