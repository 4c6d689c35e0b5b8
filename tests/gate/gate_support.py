"""Running the conformance suite, as a user would, against a mock server with one fault on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from pathlib import Path

from conformance.server import MockServer

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "conformance" / "scenarios"
ROWS = REPO / "reports" / "fault-gate"
# The folder of this run's rows: set by the controller before its workers start (they inherit
# it), so that two runs of the tests at once cannot mix or wipe each other's rows.
ROWS_VARIABLE = "COMMERCE_GATE_ROWS"


def rows_dir() -> Path:
    return Path(os.environ.get(ROWS_VARIABLE) or ROWS)
# The gate asks for everything the suite can check, opt-ins included.
SUITE_ARGS = ("--conformance-strict", "magento-rules")
SUITE_TIMEOUT = 600


@dataclass(frozen=True)
class Fault:
    name: str
    breaks: str
    meaning: str


@dataclass(frozen=True)
class Verdict:
    """What one run of the suite found: failed tests, by the statement each names."""

    fault: str
    breaks: str
    exit_code: int
    failed: dict[str, list[str]]
    passed: int
    seconds: float
    passed_statements: tuple[str, ...] = ()

    def killed_by(self) -> list[str]:
        return self.failed.get(self.breaks, [])

    def save(self) -> None:
        rows = rows_dir()
        rows.mkdir(parents=True, exist_ok=True)
        (rows / f"{self.fault}.json").write_text(json.dumps(asdict(self), indent=1))


def list_faults() -> list[Fault]:
    """The faults the mock server offers, from its own `--list-faults`."""
    listing = subprocess.run(
        [sys.executable, "-m", "commerce_mock", "--list-faults"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    return [_parse_fault(line) for line in listing.splitlines() if line.strip()]


def _parse_fault(line: str) -> Fault:
    name, rest = line.split(None, 1)
    breaks, meaning = rest.split("]", 1)
    return Fault(name, breaks.strip().lstrip("["), meaning.strip())


def run_suite(fault: Fault | None, workdir: Path, oracle: str = "probe",
              store_views: tuple[str, ...] | None = None) -> Verdict:
    """Start a mock server (with the fault, if any), run every scenario against it through
    the environment a user would set, and read the JUnit XML it writes. A fault that breaks
    SINGLE-STORE is run against a single-store server, the only place that statement runs."""
    junit = workdir / "junit.xml"
    if fault and fault.breaks == "SINGLE-STORE":
        store_views = ("default",)
    started = time.monotonic()
    with MockServer(store_views=store_views, faults=[fault.name] if fault else []) as server:
        env = _suite_environ(server, oracle)
        command = [sys.executable, "-m", "pytest", str(SCENARIOS), "-p", "no:cacheprovider",
                   "-q", "-n", "0", f"--junitxml={junit}", *SUITE_ARGS]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=SUITE_TIMEOUT, check=False)
    seconds = time.monotonic() - started
    if not junit.exists():
        raise RuntimeError(f"the suite wrote no JUnit XML (exit {done.returncode}):\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    failed, passed, passed_statements = read_junit(junit)
    if not failed and done.returncode != 0:
        raise RuntimeError(f"the suite failed (exit {done.returncode}) with no failed test:\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    name = fault.name if fault else f"(none, {oracle} oracle)"
    breaks = fault.breaks if fault else "-"
    return Verdict(name, breaks, done.returncode, failed, passed, round(seconds, 1),
                   tuple(sorted(passed_statements)))


def _suite_environ(server: MockServer, oracle: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COMMERCE_", "PYTEST_"))}
    env["COMMERCE_BASE_URL"] = server.base_url
    env["COMMERCE_ADMIN_TOKEN"] = server.admin_token.reveal()
    env["COMMERCE_ORACLE"] = oracle
    env["COMMERCE_DB_URL"] = f"sqlite:///{server.db_path}"
    return env


def read_junit(path: Path) -> tuple[dict[str, list[str]], int, set[str]]:
    """Failed test ids by the statement each names; how many passed; the statements passed."""
    failed: dict[str, list[str]] = {}
    passed = 0
    passed_statements: set[str] = set()
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome = {child.tag for child in case}
        if outcome & {"failure", "error"}:
            for statement in _statements(case):
                failed.setdefault(statement, []).append(f"{case.get('name')}")
        elif "skipped" not in outcome:
            passed += 1
            passed_statements.update(_statements(case))
    return failed, passed, passed_statements


def read_skips(path: Path) -> dict[str, list[str]]:
    """The skip reasons of skipped tests, by the statement each names."""
    skips: dict[str, list[str]] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        for skipped in case.iter("skipped"):
            for statement in _statements(case):
                skips.setdefault(statement, []).append(skipped.get("message", ""))
    return skips


def _statements(case: ET.Element) -> list[str]:
    return [
        prop.get("value", "")
        for prop in case.iter("property")
        if prop.get("name") == "statement"
    ]


def render_table(rows: list[dict]) -> str:
    """The gate's table in Markdown: fault, what it breaks, killed by, seconds."""
    lines = ["| fault | breaks | killed by | seconds |", "|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: r["fault"]):
        if row["fault"].startswith("(none"):
            outcome = "clean run: " + ("passes" if not row["failed"] else "FAILS")
            lines.append(f"| {row['fault']} | - | {outcome} ({row['passed']} passed) | "
                         f"{row['seconds']} |")
            continue
        killers = row["failed"].get(row["breaks"], [])
        shown = ", ".join(killers[:3]) + (f" (+{len(killers) - 3})" if len(killers) > 3 else "")
        lines.append(f"| {row['fault']} | {row['breaks']} | {shown or 'NOT KILLED'} | "
                     f"{row['seconds']} |")
    faults = [r for r in rows if not r["fault"].startswith("(none")]
    killed = sum(1 for r in faults if r["failed"].get(r["breaks"]))
    if faults:
        lines.append(f"\nKill rate: {killed}/{len(faults)} ({100 * killed // len(faults)}%)")
    return "\n".join(lines)
