"""`commerce-conformance` runs the scenarios with the project's report locations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import clean_environ


def test_cli_passes_arguments_and_returns_pytests_exit_code(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; from conformance.cli import main; "
               "sys.exit(main(sys.argv[1:]))", "--base-url", "http://127.0.0.1:9",
               "--admin-token", "x", "-p", "no:cacheprovider"]

    result = subprocess.run(command, cwd=tmp_path, env=clean_environ(), capture_output=True,
                            text=True, timeout=60, check=False)

    assert result.returncode == 4, result.stdout + result.stderr
    assert "Cannot reach http://127.0.0.1:9" in result.stderr
