"""The target of a run: the embedded mock server or a configured URL, checked before any test.

`connect` turns `Settings` into a `Connection` (a `Target`, the admin token, the server it
started if any). Every reason a run cannot start is one `PreflightError` with one sentence a
person can act on, instead of forty identical test failures.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from sqlalchemy import column, select, table
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from conformance.client import (
    CommerceClient,
    TokenRefused,
    error_message,
    html_summary,
    is_html,
)
from conformance.config import Settings
from conformance.database import TABLE_PREFIX, read_only_engine, sqlite_path
from conformance.secret import MASK, Secret
from conformance.server import MockServer, ServerStartError

log = logging.getLogger(__name__)

ADMIN_STORE_ID = 0
FIX_BASE_URL = "Check --base-url / COMMERCE_BASE_URL."
FIX_DB_URL = "Check --db-url / COMMERCE_DB_URL."
# A base URL copied from a REST call: /rest, /rest/V1, /rest/<store>, /rest/<store>/V1.
_REST_PATH = re.compile(r"/rest(?:/[A-Za-z0-9_]+)?(?:/[Vv]1)?$")


class PreflightError(RuntimeError):
    """The run cannot start; the message says why and which setting to change."""


@dataclass(frozen=True)
class Target:
    """What the suite runs against. `store_views` are the calling views the run uses (all of
    them unless configured); `install_views` are every store view of the install, whose states
    each scenario checks, since "every other view" means every one."""

    base_url: str
    store_views: tuple[str, ...]
    default_view: str
    db_url: Secret | None
    embedded: bool
    version: str | None = None
    install_views: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.install_views:
            object.__setattr__(self, "install_views", self.store_views)

    def describe(self) -> str:
        where = f"embedded mock server at {self.base_url}" if self.embedded else self.base_url
        return f"{where} (magento_version: {self.version or 'not answered'})"


@dataclass
class Connection:
    """A checked target, its admin token, and the mock server this process started, if any."""

    target: Target
    token: Secret
    server: MockServer | None = None

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


def connect(settings: Settings) -> Connection:
    """Start the embedded server when no URL is configured, then run the preflight checks."""
    if settings.needs_db and settings.base_url and not settings.db_url:
        raise PreflightError(f"--oracle {settings.oracle} reads the target's database: give "
                             "--db-url / COMMERCE_DB_URL, or use --oracle probe.")
    if settings.base_url is None:
        return _connect_embedded(settings)
    _check_base_path(settings.base_url)
    return _connect_url(settings, settings.base_url)


def _check_base_path(base_url: str) -> None:
    """The settings refuse a base URL ending in /rest; this catches the longer REST prefixes."""
    parts = urlsplit(base_url)
    found = _REST_PATH.search(parts.path)
    if found:
        root = f"{parts.scheme}://{parts.netloc}{parts.path[:found.start()]}"
        raise PreflightError(
            f"The base URL {base_url!r} should stop before /rest (the suite adds "
            f"/rest/<store>/V1/... itself): use {root!r}. {FIX_BASE_URL}")


def _connect_embedded(settings: Settings) -> Connection:
    # The embedded install has the mock server's own store views; --store-views picks the
    # calling views among them, as on any install. (A single-store install is a mock
    # server started with `commerce-mock --store-views default` and given as --base-url.)
    server = MockServer()
    try:
        server.start()
    except ServerStartError as exc:
        raise PreflightError(f"The embedded mock server did not start: {exc}") from None
    assert server.base_url is not None
    try:
        db_url = Secret(f"sqlite:///{server.db_path}")
        target = preflight(server.base_url, server.admin_token, settings, db_url=db_url,
                           embedded=True)
    except BaseException:
        server.stop()
        raise
    return Connection(target, server.admin_token, server)


def _connect_url(settings: Settings, base_url: str) -> Connection:
    token = settings.admin_token
    if token is None:
        token = _token_from_credentials(base_url, settings)
    target = preflight(base_url, token, settings, db_url=settings.db_url, embedded=False)
    return Connection(target, token)


def _token_from_credentials(base_url: str, settings: Settings) -> Secret:
    if not (settings.admin_username and settings.admin_password):
        raise PreflightError(
            f"No admin credentials for {base_url}: give --admin-token / COMMERCE_ADMIN_TOKEN, "
            "or --admin-username and --admin-password (COMMERCE_ADMIN_USERNAME / "
            "COMMERCE_ADMIN_PASSWORD).")
    with CommerceClient(base_url, secrets=settings.secrets()) as client:
        try:
            return client.admin_token(settings.admin_username, settings.admin_password)
        except httpx.HTTPError as exc:
            raise PreflightError(_unreachable(base_url, exc)) from None
        except TokenRefused as exc:
            raise PreflightError(
                f"{base_url} refused the admin username/password ({exc.status}). Check "
                "--admin-username / --admin-password (COMMERCE_ADMIN_USERNAME / "
                "COMMERCE_ADMIN_PASSWORD).") from None


def preflight(base_url: str, token: Secret, settings: Settings, *, db_url: Secret | None,
              embedded: bool) -> Target:
    """Check that the target answers, accepts the token and has the store views, and that
    the database the oracle will read (if any) opens and has them too."""
    with CommerceClient(base_url, token, secrets=settings.secrets()) as client:
        with client.purpose("preflight"):
            records = _store_view_records(client, base_url)
            _check_token(client, base_url)
            views = _chosen_views(records, settings.store_views, base_url)
            every_view = _chosen_views(records, None, base_url)
            default_view = _default_view(client, records, views)
            version = _version(client)
    if settings.needs_db and db_url is not None:
        check_database(db_url, every_view)
    return Target(base_url=base_url, store_views=views, default_view=default_view,
                  db_url=db_url, embedded=embedded, version=version, install_views=every_view)


def _store_view_records(client: CommerceClient, base_url: str) -> list[dict[str, Any]]:
    try:
        response = client.store_views()
    except httpx.HTTPError as exc:
        raise PreflightError(_unreachable(base_url, exc)) from None
    body = _json(response)
    if response.status_code == 401 and isinstance(body, dict):
        # Magento lists store views to admins only: a Magento error here is the token's fault.
        raise PreflightError(_token_refused(base_url, response))
    if response.status_code != 200 or not isinstance(body, list):
        raise PreflightError(_not_commerce(base_url, response))
    return [record for record in body if isinstance(record, dict)]


def _not_commerce(base_url: str, response: httpx.Response) -> str:
    call = f"{base_url} answered GET /rest/V1/store/storeViews with"
    if is_html(response):
        # A web server's or storefront's page: its markup would bury the message.
        return (f"{call} {html_summary(response)} (status {response.status_code}): it is "
                "probably not the base URL of Adobe Commerce (the site root, under which "
                f"/rest/V1/... answers JSON). {FIX_BASE_URL}")
    return (f"{call} {response.status_code} ({error_message(response)}); is this the base URL "
            f"of an Adobe Commerce store? {FIX_BASE_URL}")


def _check_token(client: CommerceClient, base_url: str) -> None:
    try:
        response = client.request("GET", "/V1/products", params={"searchCriteria[pageSize]": 1})
    except httpx.HTTPError as exc:
        raise PreflightError(_unreachable(base_url, exc)) from None
    if response.status_code == 401:
        raise PreflightError(_token_refused(base_url, response))
    if response.status_code != 200:
        raise PreflightError(
            f"{base_url} answered the token check (GET /rest/V1/products) with "
            f"{response.status_code}: {error_message(response)}")


def _token_refused(base_url: str, response: httpx.Response) -> str:
    return (f"The admin token was refused (401) by {base_url}: {error_message(response)} "
            "Check --admin-token / COMMERCE_ADMIN_TOKEN (admin tokens expire, by default "
            "after 4 hours), or give --admin-username / --admin-password instead.")


def _chosen_views(records: list[dict[str, Any]], wanted: tuple[str, ...] | None,
                  base_url: str) -> tuple[str, ...]:
    """The configured views, checked to exist; else every view but the admin store, by id."""
    present = [r["code"] for r in sorted(records, key=lambda r: r.get("id", 0))
               if isinstance(r.get("code"), str) and not _is_admin(r)]
    if not present:
        raise PreflightError(f"{base_url} lists no store views (GET /rest/V1/store/storeViews).")
    if wanted is None:
        return tuple(present)
    missing = [code for code in wanted if code not in present]
    if missing:
        raise PreflightError(
            f"Store view(s) {', '.join(missing)} not found on {base_url}; it has "
            f"{', '.join(present)}. Check --store-views / COMMERCE_STORE_VIEWS.")
    return wanted


def _is_admin(record: dict[str, Any]) -> bool:
    return record.get("id") == ADMIN_STORE_ID or record.get("code") == "admin"


def _default_view(client: CommerceClient, records: list[dict[str, Any]],
                  views: tuple[str, ...]) -> str:
    """The view `/rest/V1/...` means: the default group's default store of the first website.

    The REST store lists do not flag the default website, so the lowest website id stands in
    for it; when anything is missing the code `default` (Magento's own) or the first view is
    used.
    """
    codes = {r.get("id"): r.get("code") for r in records}
    try:
        websites = [w for w in _json(client.websites()) or [] if w.get("id")]
        groups = {g.get("id"): g for g in _json(client.store_groups()) or []}
        website = min(websites, key=lambda w: w["id"])
        found = codes.get(groups[website["default_group_id"]]["default_store_id"])
    except (httpx.HTTPError, KeyError, TypeError, ValueError, AttributeError):
        found = None
    if isinstance(found, str) and found != "admin":
        return found
    return "default" if "default" in codes.values() else views[0]


def _version(client: CommerceClient) -> str | None:
    """The `/magento_version` answer, for the report header; missing is not an error."""
    try:
        response = client.magento_version()
    except httpx.HTTPError:
        return None
    text = response.text.strip()
    if response.status_code != 200 or not text or len(text) > 100 or "<" in text:
        return None
    return text


def _unreachable(base_url: str, exc: httpx.HTTPError) -> str:
    return f"Cannot reach {base_url}: {_reason(exc)}. {FIX_BASE_URL}"


def _reason(exc: httpx.HTTPError) -> str:
    text = str(exc)
    if isinstance(exc, httpx.ConnectTimeout | httpx.ReadTimeout):
        return "no answer before the timeout"
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename" in text.lower():
        return "unknown host name"
    return text or type(exc).__name__


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


# --- the database of --oracle db / both -----------------------------------------------------


def check_database(db_url: Secret, views: tuple[str, ...]) -> None:
    """Open the database read-only and find every store view in its `store` table, so that a
    wrong --db-url stops the run once instead of failing every scenario."""
    url = _parsed_db_url(db_url)
    shown = url.render_as_string(hide_password=True)
    prefix = _table_prefix(url)
    _check_sqlite_file(url, shown)
    try:
        codes = _store_codes(url.difference_update_query(["prefix"]), prefix)
    except (SQLAlchemyError, ImportError) as exc:
        reason = getattr(exc, "orig", None) or exc
        message = f"Cannot read the database {shown}: {type(reason).__name__}: {reason}."
        raise PreflightError(_masked(f"{message} {FIX_DB_URL}", db_url, url)) from None
    missing = [view for view in views if view not in codes]
    if missing:
        raise PreflightError(
            f"Store view(s) {', '.join(missing)} not in table {prefix}store of the database "
            f"{shown}, which has {', '.join(codes) or 'none'}: is it the target's database? "
            f"{FIX_DB_URL}")


def _parsed_db_url(db_url: Secret) -> URL:
    try:
        return make_url(db_url.reveal())
    except ArgumentError:
        # SQLAlchemy's message quotes the URL, password included.
        raise PreflightError("The database URL could not be parsed (not shown: it may hold a "
                             "password); expected e.g. mysql+pymysql://user:password@host/magento "
                             f"or sqlite:///path. {FIX_DB_URL}") from None


def _table_prefix(url: URL) -> str:
    """`?prefix=`, as the database oracle reads it: table names cannot be bound parameters."""
    prefix = url.query.get("prefix") or ""
    if not isinstance(prefix, str) or not TABLE_PREFIX.match(prefix):
        raise PreflightError("The database URL's ?prefix= must be one table prefix of letters, "
                             f"digits and _. {FIX_DB_URL}")
    return prefix


def _check_sqlite_file(url: URL, shown: str) -> None:
    """A missing file said plainly: read-only SQLite would only say "unable to open"."""
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise PreflightError(f"The database {shown} does not exist (no file {path}). {FIX_DB_URL}")


def _store_codes(url: URL, prefix: str) -> list[str]:
    """The store view codes of the `store` table, in id order, without the admin store."""
    store = table(f"{prefix}store", column("store_id"), column("code"))
    engine = read_only_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(store.c.store_id, store.c.code)
                                .order_by(store.c.store_id)).all()
    finally:
        engine.dispose()
    return [str(row.code) for row in rows
            if row.store_id != ADMIN_STORE_ID and row.code != "admin"]


def _masked(text: str, db_url: Secret, url: URL) -> str:
    """A driver's message may quote the URL or its password: mask both, however encoded."""
    password = str(url.password or "")
    if not password:
        return text  # then the URL holds no secret, and masking it would hide the path too
    for secret in (db_url.reveal(), password, quote(password, safe="")):
        if len(secret) >= 3:
            text = text.replace(secret, MASK)
    return text
