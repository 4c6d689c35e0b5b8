"""A Secret never shows its value: not in repr, formatting, containers, copies or tracebacks."""

from __future__ import annotations

import copy
import pickle
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from conformance.config import Settings
from conformance.secret import Secret

from .conftest import run_pytest

VALUE = "tok-3f9a7c1e2b"


def test_printable_forms_are_masked() -> None:
    secret = Secret(VALUE)

    assert repr(secret) == "***"
    assert str(secret) == "***"
    assert f"{secret}" == "***"
    assert f"{secret!r:>5}" == "  ***"
    assert "%s %r" % (secret, secret) == "*** ***"


def test_reveal_gives_the_value() -> None:
    assert Secret(VALUE).reveal() == VALUE


def test_containers_and_dataclasses_are_masked() -> None:
    @dataclass
    class Holder:
        token: Secret

    settings = Settings(admin_token=Secret(VALUE), admin_password=Secret(VALUE + "pw"),
                        db_url=Secret(f"mysql://u:{VALUE}@db/x"))

    assert VALUE not in repr([Secret(VALUE)])
    assert VALUE not in repr({"t": Secret(VALUE)})
    assert VALUE not in repr(Holder(Secret(VALUE)))
    assert VALUE not in repr(settings)
    assert VALUE not in str(vars(Holder(Secret(VALUE))))


def test_copies_are_the_same_object_and_pickling_is_refused() -> None:
    secret = Secret(VALUE)

    assert copy.deepcopy(secret) is secret
    assert copy.copy(secret) is secret
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(secret)


def test_equality_compares_values() -> None:
    assert Secret(VALUE) == Secret(VALUE)
    assert Secret(VALUE) != Secret("other")
    assert not Secret("")
    with pytest.raises(TypeError):
        Secret(123)  # type: ignore[arg-type]


def test_traceback_with_captured_locals_is_masked() -> None:
    token = Secret(VALUE)

    try:
        raise RuntimeError(f"failed with {token}")
    except RuntimeError as exc:
        text = "".join(traceback.TracebackException.from_exception(
            exc, capture_locals=True).format())

    assert "token = ***" in text
    assert VALUE not in text


def test_pytest_showlocals_prints_only_the_mask(tmp_path: Path) -> None:
    # The value is assembled at run time so that the source listing cannot show it whole.
    head, tail = VALUE[:6], VALUE[6:]
    (tmp_path / "test_leak.py").write_text(
        "from conformance.secret import Secret\n"
        "from conformance.config import Settings\n"
        "def test_fails():\n"
        f"    token = Secret({head!r} + {tail!r})\n"
        "    settings = Settings(admin_token=token, oracle='probe')\n"
        "    assert settings.oracle == 'db', f'{token} {settings}'\n"
    )

    result = run_pytest(tmp_path, ["--showlocals", "--tb=long"])

    assert result.returncode == 1, result.stdout
    assert "token      = ***" in result.stdout
    assert VALUE not in result.stdout + result.stderr
