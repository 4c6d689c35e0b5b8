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

    def killed_by(self) -> list[str]:
        return self.failed.get(self.breaks, [])

    def save(self) -> None:
        ROWS.mkdir(parents=True, exist_ok=True)
        (ROWS / f"{self.fault}.json").write_text(json.dumps(asdict(self), indent=1))


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


def run_suite(fault: Fault | None, workdir: Path, oracle: str = "probe") -> Verdict:
    """Start a mock server (with the fault, if any), run every scenario against it through
    the environment a user would set, and read the JUnit XML it writes."""
    junit = workdir / "junit.xml"
    started = time.monotonic()
    with MockServer(faults=[fault.name] if fault else []) as server:
        env = _suite_environ(server, oracle)
        command = [sys.executable, "-m", "pytest", str(SCENARIOS), "-p", "no:cacheprovider",
                   "-q", "-n", "0", f"--junitxml={junit}", *SUITE_ARGS]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=SUITE_TIMEOUT, check=False)
    seconds = time.monotonic() - started
    if not junit.exists():
        raise RuntimeError(f"the suite wrote no JUnit XML (exit {done.returncode}):\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    failed, passed = read_junit(junit)
    if not failed and done.returncode != 0:
        raise RuntimeError(f"the suite failed (exit {done.returncode}) with no failed test:\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    name = fault.name if fault else f"(none, {oracle} oracle)"
    breaks = fault.breaks if fault else "-"
    return Verdict(name, breaks, done.returncode, failed, passed, round(seconds, 1))


def _suite_environ(server: MockServer, oracle: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COMMERCE_", "PYTEST_"))}
    env["COMMERCE_BASE_URL"] = server.base_url
    env["COMMERCE_ADMIN_TOKEN"] = server.admin_token.reveal()
    env["COMMERCE_ORACLE"] = oracle
    env["COMMERCE_DB_URL"] = f"sqlite:///{server.db_path}"
    return env


def read_junit(path: Path) -> tuple[dict[str, list[str]], int]:
    """Failed test ids by the statement property each carries, and the count that passed."""
    failed: dict[str, list[str]] = {}
    passed = 0
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome = {child.tag for child in case}
        if outcome & {"failure", "error"}:
            test_id = f"{case.get('name')}"
            for statement in _statements(case):
                failed.setdefault(statement, []).append(test_id)
        elif "skipped" not in outcome:
            passed += 1
    return failed, passed


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
