"""The behaviour matrix: each catalogue statement and rule against each calling view, with the
run's verdict in each cell. Fed from pytest's test reports (under xdist, the controller gets
every worker's), written as Markdown to `reports/behaviour-matrix.md` and shown at the end of
the terminal output."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from conformance.catalogue import ALL_IDS

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
SYMBOLS = {PASSED: "pass", FAILED: "FAIL", SKIPPED: "skip"}
NO_VIEW = "-"


@dataclass
class Matrix:
    """Outcomes by (statement, calling view); several tests may share a cell."""

    cells: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    views: list[str] = field(default_factory=list)

    def record(self, statement: str, view: str | None, outcome: str) -> None:
        column = view or NO_VIEW
        if column not in self.views:
            self.views.append(column)
        self.cells[(statement, column)].append(outcome)

    def verdict(self, statement: str, view: str) -> str:
        """A failure anywhere in the cell wins; then a pass; a cell of skips only is a skip."""
        outcomes = self.cells.get((statement, view), [])
        for outcome in (FAILED, PASSED, SKIPPED):
            if outcome in outcomes:
                return SYMBOLS[outcome]
        return ""

    def render(self) -> str:
        views = sorted(v for v in self.views if v != NO_VIEW)
        views += [NO_VIEW] if NO_VIEW in self.views else []
        statements = [s for s in ALL_IDS if any((s, v) in self.cells for v in views)]
        lines = ["| statement | " + " | ".join(views) + " |",
                 "|---|" + "---|" * len(views)]
        for statement in statements:
            cells = [self.verdict(statement, view) for view in views]
            lines.append(f"| {statement} | " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def write(self, path: Path, target: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"# Behaviour matrix\n\nTarget: {target}\n\nColumns are the calling views "
            f"('{NO_VIEW}': a check made in no particular view). Statements: "
            "docs/BEHAVIOURS.md.\n\n" + self.render() + "\n"
        )


def outcome_of(report) -> str | None:
    """The outcome a test report gives its cell: the call's, or a set-up failure or skip."""
    if report.when == "call" or (report.when == "setup" and not report.passed):
        return FAILED if report.failed else SKIPPED if report.skipped else PASSED
    if report.when == "teardown" and report.failed:
        return FAILED
    return None
