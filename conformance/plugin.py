"""The pytest plugin: options, the target (embedded mock server or a URL), preflight, fixtures.

The target is prepared once, in the controller process, before any test: under xdist the
workers receive it through `workerinput` rather than each starting a server. It is prepared
eagerly only when the run collects the conformance scenarios (or the ini option
`conformance_eager_target` is set); other runs (the project's own tests) prepare it on first
use of the `target` or `client` fixture, if ever, in the process that uses it.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conformance.client import CommerceClient
from conformance.config import ORACLES, ConfigError, Settings, settings_from_pytest
from conformance.products import FixtureImage, ProductFactory, load_fixture_images, sweep
from conformance.reporting import AllureListener
from conformance.schemas import fixtures_dir
from conformance.secret import Secret
from conformance.target import Connection, PreflightError, Target, connect

log = logging.getLogger(__name__)

SCENARIOS_DIR = Path(__file__).resolve().parent / "scenarios"
EXIT_PREFLIGHT = 4  # pytest's own "usage error" code: nothing ran
SERVER_EXIT_GRACE_S = 2.0


@dataclass
class Runtime:
    """The run's resolved target; `owner` is the process that must sweep and stop it."""

    settings: Settings
    target: Target
    token: Secret
    connection: Connection | None
    worker_id: str | None
    sku_counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def owner(self) -> bool:
        return self.connection is not None

    @property
    def sku_prefix(self) -> str:
        run = f"cmc-{self.settings.run_id}"
        return f"{run}-{self.worker_id}" if self.worker_id else run


_SETTINGS = pytest.StashKey[Settings]()
_RUNTIME = pytest.StashKey[Runtime]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("commerce conformance", "Commerce conformance: the target under test")
    group.addoption("--base-url", dest="commerce_base_url", metavar="URL",
                    help="Store base URL (env COMMERCE_BASE_URL); none: the embedded mock server.")
    group.addoption("--admin-token", dest="commerce_admin_token", metavar="TOKEN",
                    help="Admin bearer token (env COMMERCE_ADMIN_TOKEN).")
    group.addoption("--admin-username", dest="commerce_admin_username", metavar="NAME",
                    help="Admin user to ask a token for (env COMMERCE_ADMIN_USERNAME).")
    group.addoption("--admin-password", dest="commerce_admin_password", metavar="PASSWORD",
                    help="Its password (env COMMERCE_ADMIN_PASSWORD; prefer env or .env).")
    group.addoption("--store-views", dest="commerce_store_views", metavar="A,B",
                    help="Store view codes to check (env COMMERCE_STORE_VIEWS); default: all.")
    group.addoption("--oracle", dest="commerce_oracle", choices=ORACLES,
                    help="How inheritance is read (env COMMERCE_ORACLE); default probe.")
    group.addoption("--db-url", dest="commerce_db_url", metavar="URL",
                    help="Read-only SQLAlchemy URL of the target's database (env COMMERCE_DB_URL).")
    # Not --strict: pytest 9 owns that flag.
    parser.addini("conformance_eager_target", type="bool", default=False,
                  help="Prepare the target before collection even when no path of the run is "
                  "conformance/scenarios (for suites kept elsewhere).")
    group.addoption("--conformance-strict", dest="commerce_strict", action="append",
                    metavar="NAME", help="Opt in to a named stricter check (repeatable; env "
                    "COMMERCE_STRICT, a comma list).")


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and "commerce_base_url" in workerinput:
        config.stash[_RUNTIME] = _runtime_from_workerinput(config, workerinput)
        config.stash[_SETTINGS] = config.stash[_RUNTIME].settings
    elif workerinput is None and not config.option.help and _collects_scenarios(config):
        config.stash[_RUNTIME] = _prepare(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist, in the controller: hand the prepared target to a worker."""
    runtime = node.config.stash.get(_RUNTIME, None)
    if runtime is not None:
        node.workerinput.update(_workerinput(runtime))


def pytest_unconfigure(config: pytest.Config) -> None:
    runtime = config.stash.get(_RUNTIME, None)
    if runtime is None or not runtime.owner:
        return
    try:
        _sweep(runtime)
    finally:
        assert runtime.connection is not None
        runtime.connection.close()


def pytest_report_header(config: pytest.Config) -> list[str]:
    runtime = config.stash.get(_RUNTIME, None)
    if runtime is None:
        return ["commerce target: prepared on first use (this run collects no scenarios)"]
    target, settings = runtime.target, runtime.settings
    return [
        f"commerce target: {target.describe()}",
        f"commerce store views: {', '.join(target.store_views)} "
        f"{_views_note(target)}"
        f"(default view: {target.default_view}); oracle: {settings.oracle}; "
        f"run id: {settings.run_id}",
    ]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def settings(request: pytest.FixtureRequest) -> Settings:
    """The resolved configuration (options > environment > .env)."""
    return _settings(request.config)


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Target:
    """The checked target: base URL, store views, default view, database URL."""
    return _runtime(request.config).target


@pytest.fixture(scope="session")
def client(request: pytest.FixtureRequest) -> Iterator[CommerceClient]:
    """A REST client with the admin token whose exchanges become Allure steps."""
    runtime = _runtime(request.config)
    with CommerceClient(runtime.target.base_url, runtime.token, listeners=[AllureListener()],
                        secrets=runtime.settings.secrets()) as commerce:
        yield commerce


@pytest.fixture(scope="session")
def fixture_images() -> tuple[FixtureImage, ...]:
    """The real images of `fixtures/images`, in file name order."""
    return load_fixture_images(fixtures_dir() / "images")


@pytest.fixture
def product_factory(request: pytest.FixtureRequest, client: CommerceClient,
                    fixture_images: tuple[FixtureImage, ...]) -> Iterator[ProductFactory]:
    """Creates products with known global values; deletes them after the test, pass or fail."""
    runtime = _runtime(request.config)
    factory = ProductFactory(client, fixture_images, runtime.sku_prefix, runtime.sku_counter,
                             read_view=runtime.target.default_view)
    yield factory
    left = factory.cleanup()
    if left:
        log.warning("products left for the end-of-run sweep: %s", left)


# --- for higher layers ------------------------------------------------------------------------


def target_of(config: pytest.Config) -> Target:
    """The run's target from a hook (e.g. `pytest_generate_tests` parametrizing by view)."""
    return _runtime(config).target


def settings_of(config: pytest.Config) -> Settings:
    return _settings(config)


# --- preparing the target ---------------------------------------------------------------------


def _settings(config: pytest.Config) -> Settings:
    if _SETTINGS not in config.stash:
        try:
            config.stash[_SETTINGS] = settings_from_pytest(config, os.environ)
        except ConfigError as exc:
            pytest.exit(f"commerce conformance: {exc}", returncode=EXIT_PREFLIGHT)
    return config.stash[_SETTINGS]


def _runtime(config: pytest.Config) -> Runtime:
    """The prepared target; prepared here, in this process, if the run did not do it first."""
    if _RUNTIME not in config.stash:
        config.stash[_RUNTIME] = _prepare(config)
    return config.stash[_RUNTIME]


def _prepare(config: pytest.Config) -> Runtime:
    settings = _settings(config)
    try:
        connection = connect(settings)
    except PreflightError as exc:
        pytest.exit(f"commerce conformance: {exc}", returncode=EXIT_PREFLIGHT)
    log.info("commerce target: %s", connection.target.describe())
    return Runtime(settings, connection.target, connection.token, connection, _worker_id(config))


def _collects_scenarios(config: pytest.Config) -> bool:
    """True when a path of the run is the scenarios folder, inside it, or above it."""
    if config.getini("conformance_eager_target"):
        return True
    base = Path(config.invocation_params.dir)
    for arg in config.args:
        path = (base / arg.split("::")[0]).resolve()
        if path == SCENARIOS_DIR or path in SCENARIOS_DIR.parents or SCENARIOS_DIR in path.parents:
            return True
    return False


def _worker_id(config: pytest.Config) -> str | None:
    workerinput = getattr(config, "workerinput", None)
    return workerinput.get("workerid") if workerinput else None


def _views_note(target: Target) -> str:
    """Said in the header: what the run checks besides the calling views, or that it cannot."""
    if len(target.install_views) == 1:
        return ("(one store view: inheritance does not apply, only scope-free checks run, "
                "SINGLE-STORE) ")
    others = [v for v in target.install_views if v not in target.store_views]
    return f"(states also checked in {', '.join(others)}) " if others else ""


def _workerinput(runtime: Runtime) -> dict[str, Any]:
    """Plain values only: execnet carries builtins. The token travels in memory, not argv."""
    target = runtime.target
    return {
        "commerce_base_url": target.base_url,
        "commerce_token": runtime.token.reveal(),
        "commerce_store_views": list(target.store_views),
        "commerce_install_views": list(target.install_views),
        "commerce_default_view": target.default_view,
        "commerce_db_url": target.db_url.reveal() if target.db_url else None,
        "commerce_embedded": target.embedded,
        "commerce_version": target.version,
        "commerce_run_id": runtime.settings.run_id,
    }


def _runtime_from_workerinput(config: pytest.Config, data: dict[str, Any]) -> Runtime:
    try:
        settings = settings_from_pytest(config, os.environ, run_id=data["commerce_run_id"])
    except ConfigError as exc:  # the controller validated the same inputs already
        raise pytest.UsageError(str(exc)) from None
    db_url = data["commerce_db_url"]
    target = Target(
        base_url=data["commerce_base_url"], store_views=tuple(data["commerce_store_views"]),
        default_view=data["commerce_default_view"], db_url=Secret(db_url) if db_url else None,
        embedded=data["commerce_embedded"], version=data["commerce_version"],
        install_views=tuple(data["commerce_install_views"]),
    )
    return Runtime(settings, target, Secret(data["commerce_token"]), None, data.get("workerid"))


def _sweep(runtime: Runtime) -> None:
    """Delete whatever this run's products survived their teardown (an interrupt, a crash)."""
    if _embedded_server_gone(runtime):
        return
    try:
        with CommerceClient(runtime.target.base_url, runtime.token,
                            secrets=runtime.settings.secrets()) as commerce:
            deleted = sweep(commerce, runtime.settings.run_id)
    except Exception as exc:  # noqa: BLE001 - the run is over; say so, do not mask its result
        if _embedded_server_gone(runtime, grace_s=SERVER_EXIT_GRACE_S):
            return
        log.warning("end-of-run sweep of cmc-%s-* failed: %s", runtime.settings.run_id, exc)
        return
    if deleted:
        log.info("end-of-run sweep deleted %s", deleted)


def _embedded_server_gone(runtime: Runtime, grace_s: float = 0.0) -> bool:
    """True when the run's embedded server has exited, within `grace_s` if given.

    Ctrl-C reaches the whole process group, so the server often dies before the sweep; its
    database was temporary, so there is nothing to sweep and nothing worth a warning. The
    grace covers a server that has closed its port but not yet exited.
    """
    server = runtime.connection.server if runtime.connection else None
    if server is None:
        return False
    deadline = time.monotonic() + grace_s
    while server.running and time.monotonic() < deadline:
        time.sleep(0.05)
    return not server.running
