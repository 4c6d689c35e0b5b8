"""The fault gate's table: each gate test leaves a row in reports/fault-gate/; at the end of
the run the rows become reports/fault-gate.md and the terminal's last section. Kept here,
not in tests/gate/, because under xdist only this conftest is loaded in the controller."""

from __future__ import annotations

import json
import os
import shutil
import tempfile

from tests.gate.gate_support import REPO, ROWS, ROWS_VARIABLE, render_table, rows_dir


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):
        ROWS.mkdir(parents=True, exist_ok=True)
        os.environ[ROWS_VARIABLE] = tempfile.mkdtemp(prefix="run-", dir=ROWS)


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput") or not rows_dir().is_dir():
        return
    rows = [json.loads(path.read_text()) for path in sorted(rows_dir().glob("*.json"))]
    shutil.rmtree(rows_dir(), ignore_errors=True)
    if not rows:
        return
    table = render_table(rows)
    (REPO / "reports" / "fault-gate.md").write_text(f"# Fault gate\n\n{table}\n")
    terminalreporter.section("fault gate")
    terminalreporter.write_line(table)
