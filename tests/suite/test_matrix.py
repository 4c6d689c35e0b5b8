"""The behaviour matrix: one cell per statement and calling view."""

from __future__ import annotations

from conformance.matrix import FAILED, PASSED, SKIPPED, Matrix


def test_a_failure_anywhere_in_a_cell_fails_the_cell():
    matrix = Matrix()
    matrix.record("CONTENT-CHECKS", "second", PASSED)
    matrix.record("CONTENT-CHECKS", "second", FAILED)
    matrix.record("CONTENT-CHECKS", "second", SKIPPED)

    assert matrix.verdict("CONTENT-CHECKS", "second") == "FAIL"


def test_a_cell_of_skips_only_is_a_skip_and_a_pass_beats_a_skip():
    matrix = Matrix()
    matrix.record("FILE-NAMING", "default", SKIPPED)
    matrix.record("SAVE-OMIT", "default", SKIPPED)
    matrix.record("SAVE-OMIT", "default", PASSED)

    assert matrix.verdict("FILE-NAMING", "default") == "skip"
    assert matrix.verdict("SAVE-OMIT", "default") == "pass"


def test_rows_follow_the_catalogue_and_checks_in_no_view_get_their_own_column():
    matrix = Matrix()
    matrix.record("MEDIA-ADD", "second", PASSED)
    matrix.record("SAVE-OMIT", "default", FAILED)
    matrix.record("GET-AT-ALL", None, PASSED)

    assert matrix.render().splitlines() == [
        "| statement | default | second | - |",
        "|---|---|---|---|",
        "| SAVE-OMIT | FAIL |  |  |",
        "| MEDIA-ADD |  | pass |  |",
        "| GET-AT-ALL |  |  | pass |",
    ]
