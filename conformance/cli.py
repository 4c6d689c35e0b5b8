"""`commerce-conformance`: run the conformance scenarios with the project's report locations."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
REPORTS = ("--alluredir=reports/allure-results", "--junitxml=reports/junit.xml")


def main(argv: Sequence[str] | None = None) -> int:
    """Run pytest on the scenarios; extra arguments (e.g. `--base-url`, `-n 4`) pass through."""
    args = list(sys.argv[1:] if argv is None else argv)
    # -p as well as the root conftest: an installed (non-editable) copy has no conftest.
    return int(pytest.main(["-p", "conformance.plugin", str(SCENARIOS), *REPORTS, *args]))


if __name__ == "__main__":
    sys.exit(main())
