"""The server runner: free port, token via environment, readiness, clean stop, start failures."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import httpx
import pytest

from conformance.server import TOKEN_ENV, MockServer, ServerStartError

from .conftest import standin_pythonpath


def _cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")


def _environ(pid: int) -> str:
    return Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")


def test_start_answers_on_a_free_port_and_stop_cleans_up() -> None:
    server = MockServer(store_views=("default", "fr"), env=standin_pythonpath())

    with server:
        assert server.running
        assert server.base_url and server.base_url.startswith("http://127.0.0.1:")
        assert int(server.base_url.rsplit(":", 1)[1]) > 0
        views = httpx.get(f"{server.base_url}/rest/V1/store/storeViews").json()
        assert [v["code"] for v in views] == ["admin", "default", "fr"]
        assert server.db_path.exists()
        workdir, log_path, pid = server.db_path.parent, server.log_path, server.pid

    assert not server.running
    assert not workdir.exists()
    assert not log_path.exists()
    assert pid is not None and not Path(f"/proc/{pid}").exists()


def test_token_goes_in_the_environment_never_on_the_command_line(
        standin_server: MockServer) -> None:
    token = standin_server.admin_token.reveal()
    assert standin_server.pid is not None

    cmdline = _cmdline(standin_server.pid)

    assert token not in " ".join(cmdline)
    assert f"{TOKEN_ENV}={token}" in _environ(standin_server.pid)
    assert cmdline[1:9] == ["-m", "commerce_mock", "--host", "127.0.0.1", "--port", "0",
                            "--db", str(standin_server.db_path)]
    answer = httpx.get(f"{standin_server.base_url}/rest/V1/products",
                       headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert token not in repr(standin_server)


def test_command_line_carries_views_latency_faults_and_extra_args() -> None:
    server = MockServer(store_views=["a", "b"], faults=["slow-save", "drop"], latency_ms=25,
                        extra_args=["--admin-username", "bob"])

    args = server.command()[3:]

    assert args[args.index("--store-views") + 1] == "a,b"
    assert args[args.index("--latency-ms") + 1] == "25"
    assert [args[i + 1] for i, a in enumerate(args) if a == "--fault"] == ["slow-save", "drop"]
    assert args[-2:] == ["--admin-username", "bob"]
    server.stop()


def test_a_given_db_path_is_used_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "kept.sqlite3"

    with MockServer(db_path=db, env=standin_pythonpath()) as server:
        assert server.db_path == db

    assert db.exists()


def test_a_server_that_exits_early_raises_with_its_stderr() -> None:
    server = MockServer(faults=["standin-crash"], env=standin_pythonpath())

    with pytest.raises(ServerStartError) as failure:
        server.start()

    assert "exited with code 3 before it was ready" in str(failure.value)
    assert "stand-in: crashing on purpose" in str(failure.value)
    assert not server.running


def test_a_server_that_never_says_it_is_ready_hits_the_deadline() -> None:
    server = MockServer(faults=["standin-silent"], env=standin_pythonpath(),
                        start_deadline_s=1.0)

    with pytest.raises(ServerStartError, match="did not print its ready line within 1 s"):
        server.start()

    assert not server.running


def test_the_real_mock_server_starts_and_accepts_the_token() -> None:
    assert importlib.util.find_spec("commerce_mock") is not None
    with MockServer(store_views=("default", "second")) as server:
        token = server.admin_token.reveal()
        views = httpx.get(f"{server.base_url}/rest/V1/store/storeViews").json()
        products = httpx.get(f"{server.base_url}/rest/V1/products",
                             params={"searchCriteria[pageSize]": 1},
                             headers={"Authorization": f"Bearer {token}"})
        refused = httpx.get(f"{server.base_url}/rest/V1/products",
                            headers={"Authorization": "Bearer wrong"})
        assert token not in " ".join(_cmdline(server.pid or 0))

    assert {v["code"] for v in views} >= {"default", "second"}
    assert products.status_code == 200
    assert refused.status_code == 401
    assert os.environ.get(TOKEN_ENV) is None
