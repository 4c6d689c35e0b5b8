"""`commerce-conformance` runs the scenarios with the project's report locations."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conformance import cli
from conformance.config import SOURCES

from .conftest import REPO, clean_environ


def test_cli_passes_arguments_and_returns_pytests_exit_code(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; from conformance.cli import main; "
               "sys.exit(main(sys.argv[1:]))", "--base-url", "http://127.0.0.1:9",
               "--admin-token", "x", "-p", "no:cacheprovider"]

    result = subprocess.run(command, cwd=tmp_path, env=clean_environ(), capture_output=True,
                            text=True, timeout=60, check=False)

    assert result.returncode == 4, result.stdout + result.stderr
    assert "Cannot reach http://127.0.0.1:9" in result.stderr


# --- the help --------------------------------------------------------------------------------


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "import sys; from conformance.cli import main; "
               "sys.exit(main(sys.argv[1:]))", *args]
    return subprocess.run(command, env=clean_environ(), capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_is_the_projects_own_and_short(flag: str) -> None:
    result = _main(flag)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: commerce-conformance ")
    assert len(result.stdout.splitlines()) < 40
    for _, env_name, option in SOURCES.values():
        assert option in result.stdout and env_name in result.stdout
    assert "reports/allure-results" in result.stdout
    assert "commerce-conformance --pytest-help" in result.stdout


def test_pytest_help_lists_pytests_options_and_the_projects() -> None:
    result = _main("--pytest-help")

    assert result.returncode == 0, result.stderr
    assert "--alluredir" in result.stdout and "-n numprocesses" in result.stdout
    assert "--conformance-strict" in result.stdout


# --- what it passes to pytest ----------------------------------------------------------------


@pytest.fixture
def pytest_args(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """The arguments each pytest.main call got, run in an empty folder instead of pytest."""
    calls: list[list[str]] = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli.pytest, "main", lambda args: calls.append(list(args)) or 0)
    return calls


def test_the_allure_results_of_the_last_run_are_removed(pytest_args: list[list[str]],
                                                        tmp_path: Path) -> None:
    results = tmp_path / "reports" / "allure-results"
    (results / "old-attachments").mkdir(parents=True)
    (results / "old-result.json").write_text("{}")

    assert cli.main(["-x"]) == 0

    assert results.is_dir() and list(results.iterdir()) == []
    assert pytest_args == [["-p", "conformance.plugin", str(cli.SCENARIOS),
                            "--alluredir=reports/allure-results",
                            "--junitxml=reports/junit.xml", "-x"]]


@pytest.mark.parametrize("given", [["--alluredir", "mine"], ["--alluredir=mine"]])
def test_a_users_alluredir_is_left_alone_and_ours_not_passed(
        pytest_args: list[list[str]], tmp_path: Path, given: list[str]) -> None:
    for folder in ("mine", "reports/allure-results"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "kept.json").write_text("{}")

    cli.main(given)

    assert (tmp_path / "mine" / "kept.json").exists()
    assert (tmp_path / "reports" / "allure-results" / "kept.json").exists()
    assert not any(arg.startswith("--alluredir=reports") for arg in pytest_args[0])
    assert pytest_args[0][-len(given):] == given


def test_help_runs_no_pytest_and_empties_nothing(pytest_args: list[list[str]],
                                                 tmp_path: Path) -> None:
    results = tmp_path / "reports" / "allure-results"
    results.mkdir(parents=True)
    (results / "kept.json").write_text("{}")

    assert cli.main(["--help"]) == 0

    assert pytest_args == [] and (results / "kept.json").exists()


# --- make: ARGS may hold secrets ---------------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
@pytest.mark.parametrize("goal", ["conformance", "test"])
def test_make_does_not_echo_args(tmp_path: Path, goal: str) -> None:
    """With a stand-in pytest that only says it ran: what make itself prints is checked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pytest").write_text("#!/bin/sh\necho stand-in pytest ran with $# arguments\n")
    (bin_dir / "pytest").chmod(0o755)
    stamp = tmp_path / "installed"
    stamp.write_text("")
    command = ["make", "-C", str(REPO), goal, f"BIN={bin_dir}", f"STAMP={stamp}",
               f"RESULTS={tmp_path / 'results'}", "-o", str(stamp),
               "ARGS=--admin-token=zzzsecret -q"]

    result = subprocess.run(command, env=clean_environ(), capture_output=True, text=True,
                            timeout=60, check=False)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "zzzsecret" not in output
    assert "(ARGS not shown: they may hold secrets)" in output
    assert "stand-in pytest ran with" in output
