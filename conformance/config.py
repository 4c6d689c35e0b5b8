"""Where the suite finds its target: pytest options, then the environment, then a `.env` file.

`resolve_settings` is pure (it takes the three layers as mappings) so that precedence can be
tested without pytest; `settings_from_pytest` feeds it from a pytest `Config`.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dotenv import dotenv_values

from conformance.secret import Secret

ORACLES = ("probe", "db", "both")
DEFAULT_ORACLE = "probe"

# Setting name -> (pytest option dest, environment variable, option flag for messages).
SOURCES: dict[str, tuple[str, str, str]] = {
    "base_url": ("commerce_base_url", "COMMERCE_BASE_URL", "--base-url"),
    "admin_token": ("commerce_admin_token", "COMMERCE_ADMIN_TOKEN", "--admin-token"),
    "admin_username": ("commerce_admin_username", "COMMERCE_ADMIN_USERNAME", "--admin-username"),
    "admin_password": ("commerce_admin_password", "COMMERCE_ADMIN_PASSWORD", "--admin-password"),
    "store_views": ("commerce_store_views", "COMMERCE_STORE_VIEWS", "--store-views"),
    "oracle": ("commerce_oracle", "COMMERCE_ORACLE", "--oracle"),
    "db_url": ("commerce_db_url", "COMMERCE_DB_URL", "--db-url"),
    "strict": ("commerce_strict", "COMMERCE_STRICT", "--conformance-strict"),
}

_STORE_CODE = re.compile(r"^[a-z0-9_]+$")
_RUN_ID = re.compile(r"^[a-z0-9]{1,12}$")


class ConfigError(ValueError):
    """A setting has a value the suite cannot use; the message says which and where to fix it."""


def new_run_id() -> str:
    """Six hex characters: short enough for SKUs, random enough for concurrent runs."""
    return secrets.token_hex(3)


@dataclass(frozen=True)
class Settings:
    """Everything the user configured about the target; secrets stay wrapped."""

    base_url: str | None = None
    admin_token: Secret | None = None
    admin_username: str | None = None
    admin_password: Secret | None = None
    store_views: tuple[str, ...] | None = None
    oracle: str = DEFAULT_ORACLE
    db_url: Secret | None = None
    run_id: str = field(default_factory=new_run_id)
    strict: frozenset[str] = frozenset()

    @property
    def needs_db(self) -> bool:
        return self.oracle in ("db", "both")

    def secrets(self) -> tuple[Secret, ...]:
        """Every secret held, for the redaction of recorded exchanges."""
        held = (self.admin_token, self.admin_password, self.db_url)
        return tuple(s for s in held if s)

    def is_strict(self, name: str) -> bool:
        return name in self.strict


def resolve_settings(
    options: Mapping[str, Any],
    environ: Mapping[str, str],
    dotenv: Mapping[str, str | None],
    *,
    run_id: str | None = None,
) -> Settings:
    """Merge the three layers, highest first, and validate each value.

    `options` is keyed by option dest (see `SOURCES`); empty values count as unset at every
    layer so that `COMMERCE_BASE_URL=` in a `.env` means "use the embedded server".
    """
    raw = {name: _pick(name, options, environ, dotenv) for name in SOURCES}
    username = _text(raw["admin_username"])
    password = _secret(raw["admin_password"])
    if username and not password:
        raise ConfigError("An admin username was given without a password "
                          "(--admin-password / COMMERCE_ADMIN_PASSWORD).")
    return Settings(
        base_url=parse_base_url(raw["base_url"]),
        admin_token=_secret(raw["admin_token"]),
        admin_username=username,
        admin_password=password,
        store_views=parse_store_views(raw["store_views"]),
        oracle=parse_oracle(raw["oracle"]),
        db_url=_secret(raw["db_url"]),
        run_id=parse_run_id(run_id) if run_id else new_run_id(),
        strict=parse_strict(raw["strict"]),
    )


def settings_from_pytest(config: Any, environ: Mapping[str, str], *,
                         run_id: str | None = None) -> Settings:
    """Resolve from a pytest `Config`: its options, `environ`, and `.env` beside rootdir or cwd."""
    options = {dest: config.getoption(dest, None) for dest, _, _ in SOURCES.values()}
    dotenv = read_dotenv(_dotenv_candidates(Path(config.rootpath), Path.cwd()))
    return resolve_settings(options, environ, dotenv, run_id=run_id)


def read_dotenv(candidates: Iterable[Path]) -> dict[str, str | None]:
    """The first existing `.env` among `candidates`, parsed without touching `os.environ`."""
    for path in candidates:
        if path.is_file():
            return dict(dotenv_values(path))
    return {}


def _dotenv_candidates(rootdir: Path, cwd: Path) -> list[Path]:
    paths = [rootdir / ".env", cwd / ".env"]
    return list(dict.fromkeys(p.resolve() for p in paths))


def parse_base_url(value: str | None) -> str | None:
    text = _text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"The base URL {text!r} needs a scheme and a host, "
                          "e.g. https://shop.example.com (--base-url / COMMERCE_BASE_URL).")
    if parts.query or parts.fragment:
        raise ConfigError(f"The base URL {text!r} must not have a query or fragment.")
    # The suite appends /rest/...; a trailing /rest or slash would double it.
    path = parts.path.rstrip("/")
    if path.endswith("/rest"):
        raise ConfigError(f"The base URL {text!r} should stop before /rest "
                          "(the suite adds /rest/<store>/V1/... itself).")
    return f"{parts.scheme}://{parts.netloc}{path}"


def parse_store_views(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None or isinstance(value, str) and not value.strip():
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = tuple(code.strip() for code in items if code.strip())
    bad = [code for code in codes if not _STORE_CODE.match(code)]
    if bad or not codes:
        raise ConfigError(f"Store view codes must be lower-case letters, digits or _: {bad} "
                          "(--store-views / COMMERCE_STORE_VIEWS, a comma list).")
    if "admin" in codes or "all" in codes:
        raise ConfigError("--store-views lists store views; 'admin' and 'all' are the global "
                          "scope, which every run uses anyway.")
    if len(set(codes)) != len(codes):
        raise ConfigError(f"--store-views lists a store view twice: {','.join(codes)}")
    return codes


def parse_oracle(value: str | None) -> str:
    text = _text(value) or DEFAULT_ORACLE
    if text not in ORACLES:
        raise ConfigError(f"Unknown oracle {text!r}; choose one of {', '.join(ORACLES)} "
                          "(--oracle / COMMERCE_ORACLE).")
    return text


def parse_strict(value: str | Iterable[str] | None) -> frozenset[str]:
    """Named opt-ins; from the command line a list (repeatable option), from env a comma list."""
    if value is None:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else [
        part for item in value for part in item.split(",")]
    return frozenset(item.strip() for item in items if item.strip())


def parse_run_id(value: str) -> str:
    if not _RUN_ID.match(value):
        raise ConfigError(f"A run id is 1-12 lower-case letters or digits, not {value!r}.")
    return value


def _pick(name: str, options: Mapping[str, Any], environ: Mapping[str, str],
          dotenv: Mapping[str, str | None]) -> Any:
    dest, env_name, _ = SOURCES[name]
    for value in (options.get(dest), environ.get(env_name), dotenv.get(env_name)):
        if value not in (None, "", [], ()):
            return value
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _secret(value: Any) -> Secret | None:
    if isinstance(value, Secret):
        return value if value else None
    text = _text(value)
    return Secret(text) if text else None
