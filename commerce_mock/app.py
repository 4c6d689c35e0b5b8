"""The HTTP face: Magento's REST routing (`/rest/<store code>/V1/...`), bearer tokens, the
request log, latency and the faults header. Domain work lives in products and gallery."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Send
from starlette.types import Scope as AsgiScope

from commerce_mock import content, errors, faults, gallery, payload, products, stores
from commerce_mock.scope import GLOBAL, Scope, default_store_view, store_view
from commerce_mock.storage import Storage

logger = logging.getLogger(__name__)

MAGENTO_VERSION = "Magento/2.4 (Community)"
ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
STORE_KEY = "commerce_mock.store"


@dataclass
class Settings:
    storage: Storage
    admin_username: str
    admin_password: str
    admin_token: str | None = None
    latency_ms: int = 0
    issued_tokens: set[str] = field(default_factory=set)

    def accepts(self, token: str) -> bool:
        if self.admin_token and secrets.compare_digest(token, self.admin_token):
            return True
        return token in self.issued_tokens


@dataclass
class Call:
    """One REST call after routing: the scope it acts in, path parameters, the raw body."""

    db: Any
    scope: Scope
    params: dict[str, str]
    raw_body: bytes
    query: list[tuple[str, str]]
    base_url: str
    settings: Settings

    def body(self) -> Any:
        return payload.parse_json(self.raw_body)

    def entry_id(self) -> int:
        return payload.to_int(self.params["entryId"])


# ----------------------------------------------------------------------------- handlers


def issue_token(call: Call) -> str:
    body = call.body()
    if not isinstance(body, dict):
        raise errors.required_field("username")
    for name in ("username", "password"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise errors.required_field(name)
    settings = call.settings
    good = secrets.compare_digest(body["username"], settings.admin_username) and (
        secrets.compare_digest(body["password"], settings.admin_password)
    )
    if not good:
        raise errors.MagentoError(401, errors.SIGN_IN_INCORRECT)
    token = secrets.token_hex(16)
    settings.issued_tokens.add(token)
    return token


def search_products(call: Call) -> Any:
    return products.search(call.db, call.scope.store_id, call.query)


def save_product(call: Call) -> Any:
    data = payload.required_object(call.body(), "product")
    row = products.save_product(call.db, call.scope, data, call.params.get("sku"))
    return products.product_shape(call.db, row, call.scope.store_id)


def get_product(call: Call) -> Any:
    row = products.require_product(call.db, call.params["sku"])
    return products.product_shape(call.db, row, call.scope.store_id)


def delete_product(call: Call) -> Any:
    products.delete_product(call.db, call.params["sku"])
    return True


def with_content(call: Call, entry: dict[str, Any]) -> dict[str, Any]:
    """Media endpoints answer each entry with its file as base64 `content`, as Magento does."""
    file_content = content.file_content(call.db, entry["file"])
    return {**entry, "content": file_content} if file_content else entry


def list_media(call: Call) -> Any:
    row = products.require_product(call.db, call.params["sku"])
    entries = gallery.read_entries(call.db, row["entity_id"], call.scope.store_id)
    return [with_content(call, entry) for entry in entries]


def get_media(call: Call) -> Any:
    entry_id = call.entry_id()
    row = products.find_product(call.db, call.params["sku"])
    if row is None:
        raise errors.not_found(errors.PRODUCT_GET_MEDIA_NOT_FOUND)
    entries = gallery.read_entries(call.db, row["entity_id"], call.scope.store_id)
    if faults.active("media-get-wrong-entry"):
        entries = [entry for entry in entries if entry["id"] != entry_id] + entries
        entry_id = entries[0]["id"] if entries else entry_id
    for entry in entries:
        if entry["id"] == entry_id:
            return with_content(call, entry)
    raise errors.not_found(errors.ENTRY_GET_NOT_FOUND)


def add_media(call: Call) -> Any:
    raw_entry = payload.required_object(call.body(), "entry")
    entry = gallery.parse_entry(raw_entry)  # content is checked before the product, as Magento
    gallery.require_content(entry)
    row = products.require_product(call.db, call.params["sku"])
    value_id = gallery.create_entry(call.db, row["entity_id"], call.scope, raw_entry)
    return str(value_id) if faults.active("media-add-id-string") else value_id


def update_media(call: Call) -> Any:
    raw_entry = payload.required_object(call.body(), "entry")
    entry_id = call.entry_id()
    row = products.require_product(call.db, call.params["sku"])
    try:
        gallery.update_entry(call.db, row["entity_id"], call.scope, entry_id, raw_entry)
    except errors.MagentoError as error:
        if error.status == 404 and faults.active("unknown-entry-accepted"):
            return True
        raise
    return True


def delete_media(call: Call) -> Any:
    entry_id = call.entry_id()
    row = products.require_product(call.db, call.params["sku"])
    try:
        gallery.delete_entry(call.db, row["entity_id"], call.scope, entry_id)
    except errors.MagentoError as error:
        if error.status == 404 and faults.active("unknown-entry-accepted"):
            return True
        raise
    return True


Handler = Callable[[Call], Any]
# (method, path after /V1, handler, needs a token)
ROUTES: list[tuple[str, tuple[str, ...], Handler, bool]] = [
    ("POST", ("integration", "admin", "token"), issue_token, False),
    ("GET", ("store", "storeViews"), lambda call: stores.store_views(call.db), False),
    ("GET", ("store", "storeGroups"), lambda call: stores.store_groups(call.db), False),
    ("GET", ("store", "websites"), lambda call: stores.websites(call.db), False),
    ("GET", ("store", "storeConfigs"),
     lambda call: stores.store_configs(call.db, call.base_url), False),
    ("GET", ("products",), search_products, True),
    ("POST", ("products",), save_product, True),
    ("GET", ("products", "{sku}"), get_product, True),
    ("PUT", ("products", "{sku}"), save_product, True),
    ("DELETE", ("products", "{sku}"), delete_product, True),
    ("GET", ("products", "{sku}", "media"), list_media, True),
    ("POST", ("products", "{sku}", "media"), add_media, True),
    ("GET", ("products", "{sku}", "media", "{entryId}"), get_media, True),
    ("PUT", ("products", "{sku}", "media", "{entryId}"), update_media, True),
    ("DELETE", ("products", "{sku}", "media", "{entryId}"), delete_media, True),
]


# ----------------------------------------------------------------------------- routing


def match_route(method: str, segments: list[str]) -> tuple[Handler, bool, dict[str, str]]:
    for route_method, pattern, handler, needs_token in ROUTES:
        if route_method != method or len(pattern) != len(segments):
            continue
        params: dict[str, str] = {}
        for part, segment in zip(pattern, segments, strict=True):
            if part.startswith("{"):
                params[part[1:-1]] = segment
            elif part != segment:
                break
        else:
            if all(params.values()):
                return handler, needs_token, params
    raise errors.not_found()


def split_rest_path(raw_path: bytes) -> tuple[str | None, list[str]]:
    """`/rest/<code>/V1/a/b` -> ("<code>", ["a", "b"]); `/rest/V1/...` has no code.
    Segments are split before decoding so that a sku may hold an encoded '/'."""
    parts = raw_path.decode("latin-1").split("/")[2:]
    code = None
    if parts and parts[0] != "V1":
        code = unquote(parts[0])
        parts = parts[1:]
    if not parts or parts[0] != "V1":
        raise errors.not_found()
    return code, [unquote(part, errors="replace") for part in parts[1:]]


def resolve_scope(db: Any, code: str | None, method: str, segments: list[str]) -> Scope:
    if code is None:
        one_product = segments[:1] == ["products"] and len(segments) == 2
        if one_product and faults.active("default-route-as-all"):
            return GLOBAL
        return default_store_view(db)
    scope = store_view(db, code)
    if scope is None:
        writes_go_default = faults.active("unknown-store-writes") and method != "GET"
        if not (faults.active("unknown-store-as-default") or writes_go_default):
            raise errors.not_found()
        scope = default_store_view(db)
    if scope.is_global and method == "GET" and faults.active("get-at-all-allowed"):
        scope = default_store_view(db)
    return scope


def check_token(request: Request, settings: Settings) -> None:
    if faults.active("auth-not-enforced"):
        return
    if faults.active("auth-reads-only") and request.method.upper() != "GET":
        return
    header = request.headers.get("authorization", "")
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not settings.accepts(token.strip()):
        raise errors.unauthorized()


def refuse_get_at_all(scope: Scope, method: str, segments: list[str]) -> None:
    """Magento refuses any GET at store code 'all' (fault: media reads get through)."""
    media_read = segments[2:3] == ["media"]
    if media_read and faults.active("get-media-at-all-allowed"):
        return
    if scope.is_global and method == "GET":
        raise errors.bad_request(errors.GET_AT_ALL)


def run_call(request: Request, settings: Settings, raw_body: bytes) -> Any:
    code, segments = split_rest_path(request.scope.get("raw_path") or b"")
    method = request.method.upper()
    request.scope[STORE_KEY] = code or "(default)"
    handler, needs_token, params = match_route(method, segments)
    with settings.storage.transaction() as db:
        scope = resolve_scope(db, code, method, segments)
        if needs_token:
            check_token(request, settings)
        refuse_get_at_all(scope, method, segments)
        call = Call(db, scope, params, raw_body, list(request.query_params.multi_items()),
                    f"{request.url.scheme}://{request.url.netloc}/", settings)
        return handler(call)


# ----------------------------------------------------------------------------- responses


def json_response(value: Any, status: int = 200) -> Response:
    return Response(json.dumps(value), status_code=status,
                    media_type="application/json; charset=utf-8")


def error_response(error: errors.MagentoError) -> Response:
    body = error.body()
    if faults.active("error-body-without-message"):
        body["error"] = body.pop("message")
    return json_response(body, error.status)


async def read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > payload.MAX_BODY_BYTES:
        raise errors.bad_request(errors.BODY_TOO_LARGE)
    return await request.body()


def make_app(settings: Settings) -> ASGIApp:
    async def rest(request: Request) -> Response:
        try:
            raw_body = await read_body(request)
            return json_response(run_call(request, settings, raw_body))
        except errors.MagentoError as error:
            return error_response(error)
        except Exception:  # a bug: logged with a report id, answered as Magento does
            report = uuid.uuid4().hex[:12]
            logger.exception("internal error, report %s", report)
            return error_response(errors.MagentoError(500, errors.INTERNAL_ERROR, [report]))

    async def version(_request: Request) -> Response:
        return PlainTextResponse(MAGENTO_VERSION, media_type="text/html")

    async def elsewhere(_request: Request) -> Response:
        return error_response(errors.not_found())

    app = Starlette(routes=[
        Route("/magento_version", version, methods=["GET"]),
        Route("/rest/{rest:path}", rest, methods=ALL_METHODS),
        Route("/{other:path}", elsewhere, methods=ALL_METHODS),
    ])
    return RequestLog(app, settings.latency_ms)


class RequestLog:
    """One log line per request (never a token or body), the latency option, and the faults
    header on every response so a reader of any answer knows the server is broken on purpose."""

    def __init__(self, app: ASGIApp, latency_ms: int) -> None:
        self.app = app
        self.latency = latency_ms / 1000

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        faults_header = ",".join(faults.active_names()).encode()

        async def send_with_header(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if faults_header:
                    headers = [*message.get("headers", []),
                               (b"x-commerce-mock-faults", faults_header)]
                    message = {**message, "headers": headers}
            await send(message)

        if self.latency:
            await asyncio.sleep(self.latency)
        await self.app(scope, receive, send_with_header)
        logger.info("%s %s store=%s status=%s %.1fms", scope["method"], scope["path"],
                    scope.get(STORE_KEY, "-"), status, (time.perf_counter() - started) * 1000)
