"""Helpers for the suite's own tests: a stand-in server and pytest runs in subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from conformance.server import MockServer

HERE = Path(__file__).resolve().parent
STANDIN = HERE / "standin"
REPO = HERE.parents[1]


def clean_environ(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without any COMMERCE_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMERCE_")}
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    return {**env, **(extra or {})}


def standin_pythonpath() -> dict[str, str]:
    """Put the stand-in first, so `python -m commerce_mock` in a child finds it."""
    parts = [str(STANDIN), os.environ.get("PYTHONPATH", "")]
    return {"PYTHONPATH": os.pathsep.join(p for p in parts if p)}


@pytest.fixture(scope="session")
def standin_server() -> Iterator[MockServer]:
    with MockServer(env=standin_pythonpath()) as server:
        yield server


def run_pytest(project: Path, args: Sequence[str], env: Mapping[str, str] | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run pytest in `project` (its own rootdir and ini) with the conformance plugin."""
    ini = project / "pytest.ini"
    if not ini.exists():
        ini.write_text("[pytest]\n")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p",
               "conformance.plugin", "-c", str(ini), "--rootdir", str(project), *args]
    return subprocess.run(command, cwd=project, env=clean_environ(env), capture_output=True,
                          text=True, timeout=timeout, check=False)
