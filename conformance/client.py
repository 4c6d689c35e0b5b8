"""The suite's only way to reach a target: a thin REST client that records every exchange.

Helpers return the raw `httpx.Response`: scenarios assert on status and body themselves, since
what a target answers is exactly what the suite is testing. Each call emits one `Exchange` to
every listener (today the Allure steps; the place for request counts and timings too); the
recorded bodies are redacted so that no report can carry a token, a password or an image's
full base64.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from conformance.secret import MASK, Secret

log = logging.getLogger(__name__)

Listener = Callable[["Exchange"], None]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
MAX_TEXT = 4000
MAX_STRING = 2000
BASE64_KEEP = 64
_UNSET: Any = object()
_SECRET_KEYS = ("password", "token", "secret")
_HTML_TITLE = re.compile(r"<title[^>]*>([^<]*)</title>", re.IGNORECASE)


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its answer, as recorded (already redacted)."""

    method: str
    url: str
    store: str | None
    request_body: Any
    status: int | None
    response_body: Any
    duration_ms: float
    purpose: str | None = None
    error: str | None = None

    @property
    def path(self) -> str:
        """The URL without scheme and host, for titles: `/rest/second/V1/products`."""
        return httpx.URL(self.url).raw_path.decode("ascii", "replace")

    def title(self) -> str:
        outcome = str(self.status) if self.status is not None else (self.error or "no answer")
        label = f" ({self.purpose})" if self.purpose else ""
        return f"{self.method} {self.path} → {outcome}{label}"


class Redactor:
    """Masks secrets in anything about to be recorded."""

    def __init__(self, secrets: Iterable[Secret] = ()) -> None:
        self._secrets: list[Secret] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: Secret | None) -> None:
        # Very short values would mask ordinary words; nobody's token is that short.
        if secret and len(secret.reveal()) >= 4 and secret not in self._secrets:
            self._secrets.append(secret)

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret.reveal(), MASK)
        return value

    def body(self, value: Any) -> Any:
        """A redacted copy of a JSON-like value."""
        if isinstance(value, dict):
            return {key: self._field(str(key), item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.body(item) for item in value]
        if isinstance(value, str):
            return self.text(_shorten(value, MAX_STRING))
        if isinstance(value, Secret):
            return MASK
        return value

    def _field(self, key: str, value: Any) -> Any:
        lowered = key.lower()
        if any(word in lowered for word in _SECRET_KEYS) and value is not None:
            return MASK
        if lowered == "base64_encoded_data" and isinstance(value, str):
            return describe_base64(value)
        return self.body(value)


def describe_base64(data: str) -> str:
    """`<N bytes base64>` for long data: the size is what a reader of a report needs."""
    if len(data) <= BASE64_KEEP:
        return data
    size = len(data) * 3 // 4 - data[-2:].count("=")
    return f"<{size} bytes base64>"


def _shorten(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value)} chars)"


class _BearerAuth(httpx.Auth):
    """Adds the token at send time, so no header dict or local ever holds it in clear."""

    def __init__(self, token: Secret) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        yield request


class TokenRefused(RuntimeError):
    """The target would not issue an admin token for the given credentials."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"the admin token request was refused ({status}): {message}")
        self.status = status


class CommerceClient:
    """REST client for one target; `store=None` means the default store view (`/rest/V1`)."""

    def __init__(self, base_url: str, token: Secret | None = None,
                 listeners: Iterable[Listener] = (), *,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 secrets: Iterable[Secret] = ()) -> None:
        self.base_url = base_url.rstrip("/")
        self.listeners: list[Listener] = list(listeners)
        self.redactor = Redactor([*secrets, *([token] if token else [])])
        self._purpose: str | None = None
        self._http = httpx.Client(
            auth=_BearerAuth(token) if token else None,
            timeout=timeout,
            headers={"Accept": "application/json"},
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"CommerceClient({self.base_url!r})"

    def __enter__(self) -> CommerceClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        self.listeners.remove(listener)

    @contextmanager
    def purpose(self, label: str) -> Iterator[None]:
        """Label every exchange made inside, e.g. "state check" for the benchmarks."""
        previous, self._purpose = self._purpose, label
        try:
            yield
        finally:
            self._purpose = previous

    def url(self, path: str, store: str | None = None) -> str:
        """`{base}/rest/{store}/V1/...`, or `{base}/rest/V1/...` for the default view."""
        if not path.startswith("/V1/"):
            raise ValueError(f"REST paths start with /V1/, not {path!r}")
        scope = f"/{quote(store, safe='')}" if store is not None else ""
        return f"{self.base_url}/rest{scope}{path}"

    def request(self, method: str, path: str, *, store: str | None = None, json: Any = _UNSET,
                params: Any = None, purpose: str | None = None) -> httpx.Response:
        """Send one REST call and emit its `Exchange`."""
        return self._send(method, self.url(path, store), store=store, body=json, params=params,
                          purpose=purpose)

    # --- products -------------------------------------------------------------------------

    def get_product(self, sku: str, store: str | None = None, **kw: Any) -> httpx.Response:
        return self.request("GET", f"/V1/products/{_sku(sku)}", store=store, **kw)

    def save_product(self, product: dict[str, Any], store: str | None = None,
                     **kw: Any) -> httpx.Response:
        return self.request("POST", "/V1/products", store=store, json={"product": product}, **kw)

    def delete_product(self, sku: str, store: str | None = "all", **kw: Any) -> httpx.Response:
        return self.request("DELETE", f"/V1/products/{_sku(sku)}", store=store, **kw)

    def search_products(self, sku_like: str, store: str | None = None,
                        **kw: Any) -> httpx.Response:
        """Products whose SKU matches an SQL `like` pattern (`%` is the wildcard)."""
        prefix = "searchCriteria[filterGroups][0][filters][0]"
        params = {f"{prefix}[field]": "sku", f"{prefix}[value]": sku_like,
                  f"{prefix}[conditionType]": "like"}
        return self.request("GET", "/V1/products", store=store, params=params, **kw)

    # --- media ----------------------------------------------------------------------------

    def list_media(self, sku: str, store: str | None = None, **kw: Any) -> httpx.Response:
        return self.request("GET", f"/V1/products/{_sku(sku)}/media", store=store, **kw)

    def add_media(self, sku: str, entry: dict[str, Any], store: str | None = None,
                  **kw: Any) -> httpx.Response:
        return self.request("POST", f"/V1/products/{_sku(sku)}/media", store=store,
                            json={"entry": entry}, **kw)

    def get_media(self, sku: str, entry_id: int, store: str | None = None,
                  **kw: Any) -> httpx.Response:
        return self.request("GET", f"/V1/products/{_sku(sku)}/media/{int(entry_id)}",
                            store=store, **kw)

    def update_media(self, sku: str, entry_id: int, entry: dict[str, Any],
                     store: str | None = None, **kw: Any) -> httpx.Response:
        return self.request("PUT", f"/V1/products/{_sku(sku)}/media/{int(entry_id)}",
                            store=store, json={"entry": entry}, **kw)

    def delete_media(self, sku: str, entry_id: int, store: str | None = None,
                     **kw: Any) -> httpx.Response:
        return self.request("DELETE", f"/V1/products/{_sku(sku)}/media/{int(entry_id)}",
                            store=store, **kw)

    # --- the install ----------------------------------------------------------------------

    def store_views(self, **kw: Any) -> httpx.Response:
        return self.request("GET", "/V1/store/storeViews", **kw)

    def store_groups(self, **kw: Any) -> httpx.Response:
        return self.request("GET", "/V1/store/storeGroups", **kw)

    def websites(self, **kw: Any) -> httpx.Response:
        return self.request("GET", "/V1/store/websites", **kw)

    def magento_version(self, purpose: str | None = None) -> httpx.Response:
        """`GET /magento_version` at the site root: `Magento/2.4 (Community)` on real installs."""
        return self._send("GET", f"{self.base_url}/magento_version", store=None, body=_UNSET,
                          params=None, purpose=purpose)

    def admin_token(self, username: str, password: Secret) -> Secret:
        """Ask for an admin token; raises `TokenRefused` unless the target issues one."""
        self.redactor.add(password)
        response = self._send(
            "POST", self.url("/V1/integration/admin/token"), store=None,
            body={"username": username, "password": password}, params=None,
            purpose="admin token", secret_response=True,
        )
        if response.status_code != 200:
            raise TokenRefused(response.status_code, _message(response))
        if not isinstance(_json_or_none(response), str):
            # Not quoted in the message: an unquoted token would still be a token.
            raise TokenRefused(response.status_code, "the answer was not a JSON string")
        token = Secret(response.json())
        self.redactor.add(token)
        return token

    # --- sending and recording ------------------------------------------------------------

    def _send(self, method: str, url: str, *, store: str | None, body: Any, params: Any,
              purpose: str | None, secret_response: bool = False) -> httpx.Response:
        purpose = purpose or self._purpose
        started = time.perf_counter()
        sent_body = None if body is _UNSET else body
        try:
            if body is _UNSET:
                response = self._http.request(method, url, params=params)
            else:
                # Encoded inline: a body may hold `Secret`s, revealed only in the bytes sent.
                response = self._http.request(method, url, params=params, content=_encode(body),
                                              headers={"Content-Type": "application/json"})
        except httpx.HTTPError as exc:
            self._emit(method, str(httpx.URL(url, params=params)), store, sent_body, None, None,
                       started, purpose, error=f"{type(exc).__name__}: {exc}")
            raise
        recorded = MASK if secret_response else _response_body(response)
        self._emit(method, str(response.request.url), store, sent_body, response.status_code,
                   recorded, started, purpose)
        return response

    def _emit(self, method: str, url: str, store: str | None, request_body: Any,
              status: int | None, response_body: Any, started: float, purpose: str | None,
              error: str | None = None) -> None:
        exchange = Exchange(
            method=method,
            url=self.redactor.text(url),
            store=store,
            request_body=self.redactor.body(request_body),
            status=status,
            response_body=self.redactor.body(response_body),
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
            purpose=purpose,
            error=self.redactor.text(error) if error else None,
        )
        log.debug("%s", exchange.title())
        for listener in list(self.listeners):
            listener(exchange)


def _encode(body: Any) -> bytes:
    return json.dumps(body, default=_reveal).encode()


def _reveal(value: Any) -> Any:
    if isinstance(value, Secret):
        return value.reveal()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _sku(sku: str) -> str:
    return quote(sku, safe="")


def _response_body(response: httpx.Response) -> Any:
    parsed = _json_or_none(response)
    if parsed is not None or response.text.strip() == "null":
        return parsed
    return _shorten(response.text, MAX_TEXT)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _message(response: httpx.Response) -> str:
    """The `message` of a Magento error body with its parameters filled in; for an HTML page a
    mention of it, not its markup; else the start of the text."""
    body = _json_or_none(response)
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return fill_parameters(body["message"], body.get("parameters"))
    if is_html(response):
        return html_summary(response)
    return _shorten(response.text, 200)


def fill_parameters(message: str, parameters: Any) -> str:
    """Magento's placeholders filled in, as its `Phrase` renderer does: `%1`, `%2`, ... from a
    list, `%name` from a dict. Error bodies keep them raw ("... access %resources.")."""
    if isinstance(parameters, list):
        values = {str(index): value for index, value in enumerate(parameters, start=1)}
    elif isinstance(parameters, dict):
        values = {str(key): value for key, value in parameters.items()}
    else:
        return message
    if not values:
        return message
    # Longest names first, so that `%1` does not eat the start of `%10` or `%name` of `%names`.
    names = sorted(values, key=len, reverse=True)
    pattern = re.compile("%(" + "|".join(re.escape(name) for name in names) + ")")
    return pattern.sub(lambda match: str(values[match.group(1)]), message)


def is_html(response: httpx.Response) -> bool:
    """An HTML page, as a web server or a shop's storefront answers where no REST API is."""
    if "html" in response.headers.get("Content-Type", "").lower():
        return True
    start = response.text.lstrip()[:100].lower()
    return start.startswith(("<!doctype html", "<html"))


def html_summary(response: httpx.Response) -> str:
    """`an HTML page titled "..."`: what answered, without pasting its markup."""
    found = _HTML_TITLE.search(response.text[:MAX_TEXT])
    title = " ".join(html.unescape(found.group(1)).split())[:80] if found else ""
    return f'an HTML page titled "{title}"' if title else "an HTML page"


def error_message(response: httpx.Response) -> str:
    """Public form of `_message`, for failure messages in higher layers."""
    return _message(response)
