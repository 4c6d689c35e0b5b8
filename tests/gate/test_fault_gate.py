"""The regression gate: with no fault the suite passes; with each fault of the mock server on,
at least one scenario of the statement that fault breaks fails."""

from __future__ import annotations

import pytest

from conformance.catalogue import ALL_IDS, INHERITANCE_ONLY
from tests.gate.gate_support import list_faults, read_skips, run_suite

FAULTS = list_faults()


def test_every_fault_breaks_something_the_suite_names():
    unnamed = [f"{f.name} -> {f.breaks}" for f in FAULTS if f.breaks not in ALL_IDS]
    assert not unnamed, f"faults that break an ID the suite does not know: {unnamed}"


@pytest.mark.parametrize("oracle", ["probe", "db", "both"])
def test_clean_run_passes(tmp_path, oracle):
    # With "both", every state check also requires the REST probe and the database to agree.
    verdict = run_suite(None, tmp_path, oracle)
    verdict.save()

    assert verdict.exit_code == 0 and not verdict.failed, (
        f"the suite fails against a mock server with no fault ({oracle} oracle): "
        f"{verdict.failed}"
    )
    assert verdict.passed > 0


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_is_caught(fault, tmp_path):
    verdict = run_suite(fault, tmp_path)
    verdict.save()

    assert verdict.killed_by(), (
        f"fault {fault.name} ({fault.meaning}) breaks {fault.breaks}, but no scenario of "
        f"{fault.breaks} failed; failures by statement: {verdict.failed or 'none'}"
    )


def test_single_store_run_says_inheritance_does_not_apply(tmp_path):
    # SINGLE-STORE: against an install with one store view, the inheritance-only statements
    # are skipped with that reason and the scope-free ones, SINGLE-STORE among them, pass.
    verdict = run_suite(None, tmp_path, store_views=("default",))

    assert verdict.exit_code == 0 and not verdict.failed, verdict.failed
    skipped = read_skips(tmp_path / "junit.xml")
    assert "SINGLE-STORE" in verdict.passed_statements
    for statement in INHERITANCE_ONLY:
        reasons = skipped.get(statement, [])
        assert reasons and all("inheritance does not apply" in r for r in reasons), (
            f"{statement} must be skipped as not applying to one store view: {reasons}"
        )
