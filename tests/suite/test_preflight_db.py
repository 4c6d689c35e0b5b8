"""Preflight of the database (--oracle db / both): a wrong --db-url is one message, code 4."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest

from conformance.server import MockServer

from .conftest import run_pytest

EAGER = ["-o", "conformance_eager_target=true"]
ONE_TEST = "def test_uses_target(target):\n    assert target.store_views\n"
PASSWORD = "pw-5ecret-db"
FIX = "Check --db-url / COMMERCE_DB_URL."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "test_one.py").write_text(ONE_TEST)
    return tmp_path


def _dead_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _store_table(path: Path, codes: list[str]) -> str:
    """A SQLite file with Magento's `store` table (store 0 is the admin store)."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE store (store_id INTEGER PRIMARY KEY, code TEXT)")
        db.executemany("INSERT INTO store VALUES (?, ?)", enumerate(["admin", *codes]))
    db.close()
    return f"sqlite:///{path}"


def _run(project: Path, server: MockServer, db_url: str, *args: str) -> tuple[int, str]:
    result = run_pytest(project, [*EAGER, "--base-url", str(server.base_url), *args],
                        env={"COMMERCE_ADMIN_TOKEN": server.admin_token.reveal(),
                             "COMMERCE_DB_URL": db_url})
    return result.returncode, result.stdout + result.stderr


def _assert_one_message(output: str, message: str) -> None:
    assert output.count(message) == 1, output
    assert " passed" not in output and " failed" not in output
    assert "Traceback" not in output, output


def test_a_dead_mysql_port_stops_the_run(project: Path, standin_server: MockServer) -> None:
    port = _dead_port()
    url = f"mysql+pymysql://reader:{PASSWORD}@127.0.0.1:{port}/magento"

    code, output = _run(project, standin_server, url, "--oracle", "db")

    assert code == 4
    _assert_one_message(output, f"Cannot read the database mysql+pymysql://reader:***@127.0.0.1:"
                        f"{port}/magento: OperationalError: (2003, ")
    assert f"Connection refused)\"). {FIX}" in output
    assert PASSWORD not in output


def test_a_missing_sqlite_file_stops_the_run(project: Path, standin_server: MockServer) -> None:
    missing = project / "nowhere" / "magento.db"

    code, output = _run(project, standin_server, f"sqlite:///{missing}", "--oracle", "both")

    assert code == 4
    _assert_one_message(output, f"The database sqlite:///{missing} does not exist "
                        f"(no file {missing}). {FIX}")
    assert not missing.parent.exists()  # read-only: nothing created


def test_a_database_without_the_store_views_stops_the_run(
        project: Path, standin_server: MockServer) -> None:
    url = _store_table(project / "other.db", ["default", "second"])

    code, output = _run(project, standin_server, url, "--oracle", "db",
                        "--store-views", "second")

    assert code == 4
    # Every view of the install, not only the calling ones: the oracle reads them all.
    _assert_one_message(output, f"Store view(s) third not in table store of the database {url}, "
                        f"which has default, second: is it the target's database? {FIX}")


def test_a_database_that_is_not_one_stops_the_run(project: Path,
                                                  standin_server: MockServer) -> None:
    text = project / "notes.txt"
    text.write_text("not a database\n" * 100)

    code, output = _run(project, standin_server, f"sqlite:///{text}", "--oracle", "db")

    assert code == 4
    _assert_one_message(output, f"Cannot read the database sqlite:///{text}: DatabaseError: "
                        f"file is not a database. {FIX}")


def test_an_unparsable_url_is_not_quoted(project: Path, standin_server: MockServer) -> None:
    code, output = _run(project, standin_server, f"no-scheme-{PASSWORD}", "--oracle", "db")

    assert code == 4
    _assert_one_message(output, "The database URL could not be parsed (not shown")
    assert PASSWORD not in output


def test_the_right_database_lets_the_run_start(project: Path,
                                               standin_server: MockServer) -> None:
    url = _store_table(project / "magento.db", ["default", "second", "third"])

    code, output = _run(project, standin_server, url, "--oracle", "db", "-q")

    assert code == 0, output
    assert "1 passed" in output


def test_a_table_prefix_is_honoured(project: Path, standin_server: MockServer) -> None:
    path = project / "prefixed.db"
    _store_table(path, ["default", "second", "third"])
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE store RENAME TO mg_store")
    db.close()

    code, output = _run(project, standin_server, f"sqlite:///{path}?prefix=mg_", "--oracle",
                        "db", "-q")

    assert code == 0, output
