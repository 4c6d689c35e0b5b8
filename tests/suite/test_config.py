"""Settings: option > environment > .env, empty means unset, bad values fail clearly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conformance.config import SOURCES, ConfigError, Settings, read_dotenv, resolve_settings
from conformance.secret import Secret

from .conftest import run_pytest

SAMPLES = {
    "base_url": ("http://option.test", "http://env.test", "http://dotenv.test"),
    "admin_token": ("tok-option", "tok-env", "tok-dotenv"),
    "store_views": ("a,b", "c,d", "e"),
    "oracle": ("both", "db", "probe"),
    "db_url": ("sqlite:///o", "sqlite:///e", "sqlite:///d"),
}


def _layers(name: str, present: str) -> tuple[dict, dict, dict]:
    dest, env_name, _ = SOURCES[name]
    option, env, dotenv = SAMPLES[name]
    return ({dest: option} if "o" in present else {},
            {env_name: env} if "e" in present else {},
            {env_name: dotenv} if "d" in present else {})


def _plain(value: object) -> object:
    return value.reveal() if isinstance(value, Secret) else value


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize(("present", "winner"), [
    pytest.param("oed", 0, id="option-beats-env-and-dotenv"),
    pytest.param("ed", 1, id="env-beats-dotenv"),
    pytest.param("d", 2, id="dotenv-alone"),
])
def test_precedence(name: str, present: str, winner: int) -> None:
    settings = resolve_settings(*_layers(name, present))

    expected = SAMPLES[name][winner]
    if name == "store_views":
        assert settings.store_views == tuple(expected.split(","))
    else:
        assert _plain(getattr(settings, name)) == expected


def test_empty_values_fall_through_to_the_next_layer() -> None:
    settings = resolve_settings({"commerce_base_url": ""}, {"COMMERCE_BASE_URL": ""},
                                {"COMMERCE_BASE_URL": "http://dotenv.test"})

    assert settings.base_url == "http://dotenv.test"


def test_defaults() -> None:
    settings = resolve_settings({}, {}, {})

    assert settings.base_url is None
    assert settings.admin_token is None
    assert settings.oracle == "probe"
    assert settings.store_views is None
    assert settings.strict == frozenset()
    assert len(settings.run_id) == 6


def test_secrets_are_wrapped_and_listed() -> None:
    settings = resolve_settings({}, {"COMMERCE_ADMIN_TOKEN": "tok-1234",
                                     "COMMERCE_ADMIN_USERNAME": "admin",
                                     "COMMERCE_ADMIN_PASSWORD": "pw-5678"}, {})

    assert isinstance(settings.admin_token, Secret)
    assert isinstance(settings.admin_password, Secret)
    assert [s.reveal() for s in settings.secrets()] == ["tok-1234", "pw-5678"]
    assert "tok-1234" not in repr(settings) and "pw-5678" not in repr(settings)


def test_base_url_is_normalised() -> None:
    settings = resolve_settings({"commerce_base_url": " https://shop.test/magento/ "}, {}, {})

    assert settings.base_url == "https://shop.test/magento"


def test_strict_names_from_option_list_and_env_comma_list() -> None:
    from_options = resolve_settings({"commerce_strict": ["a", "b,c"]}, {}, {})
    from_env = resolve_settings({}, {"COMMERCE_STRICT": "x, y"}, {})

    assert from_options.strict == {"a", "b", "c"}
    assert from_env.strict == {"x", "y"}
    assert from_env.is_strict("x") and not from_env.is_strict("a")


@pytest.mark.parametrize(("env", "message"), [
    pytest.param({"COMMERCE_ORACLE": "sql"}, "Unknown oracle 'sql'", id="oracle"),
    pytest.param({"COMMERCE_BASE_URL": "shop.test"}, "needs a scheme", id="url-no-scheme"),
    pytest.param({"COMMERCE_BASE_URL": "ftp://shop.test"}, "needs a scheme", id="url-ftp"),
    pytest.param({"COMMERCE_BASE_URL": "http://shop.test/rest"}, "stop before /rest",
                 id="url-with-rest"),
    pytest.param({"COMMERCE_STORE_VIEWS": "Default,x y"}, "Store view codes", id="view-codes"),
    pytest.param({"COMMERCE_STORE_VIEWS": "default,all"}, "global scope", id="view-all"),
    pytest.param({"COMMERCE_STORE_VIEWS": "a,a"}, "twice", id="view-twice"),
    pytest.param({"COMMERCE_ADMIN_USERNAME": "admin"}, "without a password", id="no-password"),
])
def test_bad_values_raise_a_clear_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_settings({}, env, {})


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().oracle = "db"  # type: ignore[misc]


def test_read_dotenv_takes_the_first_existing_file_and_leaves_environ(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / ".env").write_text("COMMERCE_BASE_URL=http://b.test\nCMC_PROBE=1\n")

    values = read_dotenv([tmp_path / "a" / ".env", tmp_path / "b" / ".env"])

    assert values["COMMERCE_BASE_URL"] == "http://b.test"
    assert "CMC_PROBE" not in os.environ


def test_pytest_options_env_and_dotenv_reach_the_settings_fixture(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "COMMERCE_BASE_URL=http://dotenv.test\n"
        "COMMERCE_ORACLE=db\n"
        "COMMERCE_STORE_VIEWS=from_dotenv\n"
        "COMMERCE_ADMIN_TOKEN=tok-dotenv\n"
    )
    (tmp_path / "test_settings.py").write_text(
        "def test_settings(settings):\n"
        "    assert settings.base_url == 'http://option.test'\n"
        "    assert settings.oracle == 'both'\n"
        "    assert settings.store_views == ('from_dotenv',)\n"
        "    assert settings.admin_token.reveal() == 'tok-env'\n"
        "    assert settings.strict == {'exact-files'}\n"
    )

    result = run_pytest(tmp_path, ["--base-url", "http://option.test",
                                   "--conformance-strict", "exact-files", "-q"],
                        env={"COMMERCE_ORACLE": "both", "COMMERCE_ADMIN_TOKEN": "tok-env"})

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_setting_stops_the_run_with_exit_code_4(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text("def test_x(settings):\n    pass\n")

    result = run_pytest(tmp_path, ["-q", "-o", "conformance_eager_target=true"],
                        env={"COMMERCE_ORACLE": "magic"})

    assert result.returncode == 4
    assert "Unknown oracle 'magic'" in result.stderr
