"""`commerce-conformance`: run the conformance scenarios with the project's report locations."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
ALLURE_RESULTS = Path("reports/allure-results")
JUNIT_XML = "reports/junit.xml"
PYTEST_HELP = "--pytest-help"

USAGE = f"""\
usage: commerce-conformance [options] [pytest options]

Runs the conformance scenarios (conformance/scenarios) against a Magento 2 / Adobe Commerce
REST API, or against the embedded mock server when no base URL is configured.
Allure results go to {ALLURE_RESULTS}/ (emptied first), JUnit XML to {JUNIT_XML}.

The target (highest first: these options, the environment, a .env file):
  --base-url URL             COMMERCE_BASE_URL        the site root, e.g.
                                                      https://shop.example.com;
                                                      none: the embedded mock server
  --admin-token TOKEN        COMMERCE_ADMIN_TOKEN     an admin bearer token
  --admin-username NAME      COMMERCE_ADMIN_USERNAME  or an admin user
  --admin-password PASSWORD  COMMERCE_ADMIN_PASSWORD  and its password (prefer env, .env)
  --store-views A,B          COMMERCE_STORE_VIEWS     store view codes; default: all
  --oracle NAME              COMMERCE_ORACLE          probe (REST, the default), db
                                                      (read-only SQL) or both (must agree)
  --db-url URL               COMMERCE_DB_URL          for db and both, e.g. mysql+pymysql://
                                                      user:password@host/magento
  --conformance-strict NAME  COMMERCE_STRICT          opt in to a named stricter check
                                                      (repeatable; env: a comma list)

Any pytest option passes through, e.g. -n 4, -m SAVE_EMPTY, -k 'view=second', -x;
with your own --alluredir DIR, {ALLURE_RESULTS} is neither used nor emptied.
All of them, with these: commerce-conformance {PYTEST_HELP}
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run pytest on the scenarios; extra arguments (e.g. `--base-url`, `-n 4`) pass through."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "-h" in args or "--help" in args:
        print(USAGE, end="")
        return 0
    if PYTEST_HELP in args:
        return _pytest(["--help"])
    reports = [f"--junitxml={JUNIT_XML}"]
    if not _gives_alluredir(args):
        # Emptied here, once, rather than with --clean-alluredir, which races under xdist;
        # without it a report would mix this run's results with the last one's.
        _empty(ALLURE_RESULTS)
        reports.insert(0, f"--alluredir={ALLURE_RESULTS}")
    return _pytest([str(SCENARIOS), *reports, *args])


def _pytest(args: list[str]) -> int:
    # -p as well as the root conftest: an installed (non-editable) copy has no conftest.
    return int(pytest.main(["-p", "conformance.plugin", *args]))


def _gives_alluredir(args: Sequence[str]) -> bool:
    """The user's own --alluredir (pytest allows no abbreviation of it)."""
    return any(arg == "--alluredir" or arg.startswith("--alluredir=") for arg in args)


def _empty(folder: Path) -> None:
    """Remove what `folder` holds, keeping the folder itself (it may be a link elsewhere)."""
    folder.mkdir(parents=True, exist_ok=True)
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


if __name__ == "__main__":
    sys.exit(main())
