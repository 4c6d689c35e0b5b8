"""Preflight: a run that cannot start stops before any test with one clear message and code 4."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from conformance.server import MockServer

from .conftest import REPO, run_pytest, standin_pythonpath

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
    assert ("commerce store views: second (default view: default); oracle: probe"
            in result.stdout)


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
