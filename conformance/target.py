"""The target of a run: the embedded mock server or a configured URL, checked before any test.

`connect` turns `Settings` into a `Connection` (a `Target`, the admin token, the server it
started if any). Every reason a run cannot start is one `PreflightError` with one sentence a
person can act on, instead of forty identical test failures.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from conformance.client import CommerceClient, TokenRefused, error_message
from conformance.config import Settings
from conformance.secret import Secret
from conformance.server import MockServer, ServerStartError

log = logging.getLogger(__name__)

ADMIN_STORE_ID = 0


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
    return _connect_url(settings, settings.base_url)


def _connect_embedded(settings: Settings) -> Connection:
    server = MockServer(store_views=settings.store_views)
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
    """Check that the target answers, accepts the token and has the store views."""
    with CommerceClient(base_url, token, secrets=settings.secrets()) as client:
        with client.purpose("preflight"):
            records = _store_view_records(client, base_url)
            _check_token(client, base_url)
            views = _chosen_views(records, settings.store_views, base_url)
            every_view = _chosen_views(records, None, base_url)
            default_view = _default_view(client, records, views)
            version = _version(client)
    return Target(base_url=base_url, store_views=views, default_view=default_view,
                  db_url=db_url, embedded=embedded, version=version, install_views=every_view)


def _store_view_records(client: CommerceClient, base_url: str) -> list[dict[str, Any]]:
    try:
        response = client.store_views()
    except httpx.HTTPError as exc:
        raise PreflightError(_unreachable(base_url, exc)) from None
    body = _json(response)
    if response.status_code != 200 or not isinstance(body, list):
        raise PreflightError(
            f"{base_url} answered GET /rest/V1/store/storeViews with {response.status_code} "
            f"({error_message(response)}); is this the base URL of an Adobe Commerce store? "
            "Check --base-url / COMMERCE_BASE_URL.")
    return [record for record in body if isinstance(record, dict)]


def _check_token(client: CommerceClient, base_url: str) -> None:
    try:
        response = client.request("GET", "/V1/products", params={"searchCriteria[pageSize]": 1})
    except httpx.HTTPError as exc:
        raise PreflightError(_unreachable(base_url, exc)) from None
    if response.status_code == 401:
        raise PreflightError(
            f"The admin token was refused (401) by {base_url}: {error_message(response)} "
            "Check --admin-token / COMMERCE_ADMIN_TOKEN (admin tokens expire, by default "
            "after 4 hours), or give --admin-username / --admin-password instead.")
    if response.status_code != 200:
        raise PreflightError(
            f"{base_url} answered the token check (GET /rest/V1/products) with "
            f"{response.status_code}: {error_message(response)}")


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
    return f"Cannot reach {base_url}: {_reason(exc)}. Check --base-url / COMMERCE_BASE_URL."


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
