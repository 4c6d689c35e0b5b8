"""The REST client against a small recording HTTP server: URLs, headers, exchanges, redaction."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from conformance.client import (
    CommerceClient,
    Exchange,
    TokenRefused,
    describe_base64,
    error_message,
)
from conformance.secret import Secret

TOKEN = "tok-9c1d7e5a3b"
PASSWORD = "pw-71be04cd"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    client_port: int


@dataclass
class Recorder:
    """What the server saw, and what it answers next (status, JSON body)."""

    seen: list[Seen] = field(default_factory=list)
    answer: tuple[int, Any] = (200, {"ok": True})


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # Without it each keep-alive request waits ~40 ms for Nagle's algorithm.
        disable_nagle_algorithm = True
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            recorder.seen.append(Seen(self.command, self.path, dict(self.headers),
                                      json.loads(raw) if raw else None, self.client_address[1]))
            status, body = recorder.answer
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
            pass

    return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", recorder
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def recorder(server: tuple[str, Recorder]) -> Recorder:
    server[1].seen.clear()
    server[1].answer = (200, {"ok": True})
    return server[1]


@pytest.fixture
def exchanges() -> list[Exchange]:
    return []


@pytest.fixture
def commerce(server: tuple[str, Recorder], exchanges: list[Exchange]) -> Iterator[CommerceClient]:
    with CommerceClient(server[0] + "/", Secret(TOKEN), listeners=[exchanges.append],
                        secrets=[Secret(PASSWORD)]) as client:
        yield client


ENTRY = {"label": "x"}

CALLS = [
    pytest.param(lambda c: c.get_product("sku-1", None), "GET", "/rest/V1/products/sku-1",
                 id="get_product-default-view"),
    pytest.param(lambda c: c.get_product("sku-1", "second"), "GET",
                 "/rest/second/V1/products/sku-1", id="get_product-second"),
    pytest.param(lambda c: c.get_product("a b/c?d", "default"), "GET",
                 "/rest/default/V1/products/a%20b%2Fc%3Fd", id="get_product-sku-quoted"),
    pytest.param(lambda c: c.save_product({"sku": "s"}, "all"), "POST", "/rest/all/V1/products",
                 id="save_product-all"),
    pytest.param(lambda c: c.delete_product("s"), "DELETE", "/rest/all/V1/products/s",
                 id="delete_product-defaults-to-all"),
    pytest.param(lambda c: c.list_media("s", "third"), "GET", "/rest/third/V1/products/s/media",
                 id="list_media"),
    pytest.param(lambda c: c.add_media("s", ENTRY, "second"), "POST",
                 "/rest/second/V1/products/s/media", id="add_media"),
    pytest.param(lambda c: c.get_media("s", 7, "second"), "GET",
                 "/rest/second/V1/products/s/media/7", id="get_media"),
    pytest.param(lambda c: c.update_media("s", 7, ENTRY, "default"), "PUT",
                 "/rest/default/V1/products/s/media/7", id="update_media"),
    pytest.param(lambda c: c.delete_media("s", 7, None), "DELETE",
                 "/rest/V1/products/s/media/7", id="delete_media-default-view"),
    pytest.param(lambda c: c.store_views(), "GET", "/rest/V1/store/storeViews",
                 id="store_views"),
    pytest.param(lambda c: c.magento_version(), "GET", "/magento_version",
                 id="magento_version-at-site-root"),
]


@pytest.mark.parametrize(("call", "method", "path"), CALLS)
def test_each_helper_calls_the_right_url(commerce: CommerceClient, recorder: Recorder,
                                         exchanges: list[Exchange], call: Any, method: str,
                                         path: str) -> None:
    response = call(commerce)

    assert isinstance(response, httpx.Response)
    assert (recorder.seen[0].method, recorder.seen[0].path) == (method, path)
    assert len(exchanges) == 1
    assert exchanges[0].method == method
    assert exchanges[0].path == path
    assert exchanges[0].status == 200


def test_bodies_are_wrapped_as_magento_expects(commerce: CommerceClient,
                                               recorder: Recorder) -> None:
    commerce.save_product({"sku": "s"}, "all")
    commerce.add_media("s", ENTRY, "default")
    commerce.update_media("s", 3, ENTRY, "default")

    assert [seen.body for seen in recorder.seen] == [
        {"product": {"sku": "s"}}, {"entry": ENTRY}, {"entry": ENTRY}]


def test_search_filters_on_sku_like(commerce: CommerceClient, recorder: Recorder) -> None:
    commerce.search_products("cmc-abc-%")

    query = httpx.URL(recorder.seen[0].path).params
    prefix = "searchCriteria[filterGroups][0][filters][0]"
    assert query[f"{prefix}[field]"] == "sku"
    assert query[f"{prefix}[value]"] == "cmc-abc-%"
    assert query[f"{prefix}[conditionType]"] == "like"


def test_request_rejects_paths_outside_v1(commerce: CommerceClient) -> None:
    with pytest.raises(ValueError, match="start with /V1/"):
        commerce.request("GET", "/rest/V1/products")


def test_token_is_sent_but_never_recorded(commerce: CommerceClient, recorder: Recorder,
                                          exchanges: list[Exchange]) -> None:
    recorder.answer = (200, {"echo": f"Bearer {TOKEN}"})

    commerce.get_product("s", "default")

    assert recorder.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in repr(exchanges[0])
    assert exchanges[0].response_body == {"echo": "Bearer ***"}


def test_exchange_records_store_duration_and_purpose(commerce: CommerceClient,
                                                     exchanges: list[Exchange]) -> None:
    with commerce.purpose("state check"):
        commerce.list_media("s", "second")
    commerce.list_media("s", "second", purpose="explicit")
    commerce.list_media("s", "second")

    assert [e.purpose for e in exchanges] == ["state check", "explicit", None]
    assert exchanges[0].store == "second"
    assert exchanges[0].duration_ms >= 0
    assert exchanges[0].title() == "GET /rest/second/V1/products/s/media → 200 (state check)"


def test_secret_keys_and_values_are_redacted(commerce: CommerceClient, recorder: Recorder,
                                             exchanges: list[Exchange]) -> None:
    recorder.answer = (500, f"<html>login with {PASSWORD} failed</html>")
    body = {"username": "admin", "password": "typed-here", "nested": [{"access_token": "abc"}],
            "note": f"the password is {PASSWORD}"}

    commerce.request("POST", "/V1/anything", store="default", json=body)

    recorded = exchanges[0]
    assert recorded.request_body == {"username": "admin", "password": "***",
                                     "nested": [{"access_token": "***"}],
                                     "note": "the password is ***"}
    assert recorded.response_body == "<html>login with *** failed</html>"
    assert recorded.status == 500
    assert recorder.seen[0].body == body  # only the record is redacted, not what is sent


def test_long_base64_is_described_by_its_size(commerce: CommerceClient,
                                              exchanges: list[Exchange]) -> None:
    data = base64.b64encode(bytes(range(256)) * 10).decode()
    entry = {"content": {"base64_encoded_data": data, "type": "image/png", "name": "a.png"}}

    commerce.add_media("s", entry, "default")

    content = exchanges[0].request_body["entry"]["content"]
    assert content == {"base64_encoded_data": "<2560 bytes base64>", "type": "image/png",
                       "name": "a.png"}
    assert describe_base64("aGk=") == "aGk="


def test_admin_token_returns_a_secret_and_records_neither_side(
        commerce: CommerceClient, recorder: Recorder, exchanges: list[Exchange]) -> None:
    recorder.answer = (200, '"fresh-token-0042"')

    token = commerce.admin_token("admin", Secret(PASSWORD))

    assert isinstance(token, Secret) and token.reveal() == "fresh-token-0042"
    assert recorder.seen[0].path == "/rest/V1/integration/admin/token"
    assert recorder.seen[0].body == {"username": "admin", "password": PASSWORD}
    assert exchanges[0].request_body == {"username": "admin", "password": "***"}
    assert exchanges[0].response_body == "***"
    assert "fresh-token-0042" not in repr(exchanges)


def test_admin_token_refused(commerce: CommerceClient, recorder: Recorder) -> None:
    recorder.answer = (401, {"message": "The account sign-in was incorrect."})

    with pytest.raises(TokenRefused, match="401.*sign-in was incorrect"):
        commerce.admin_token("admin", Secret(PASSWORD))


def test_transport_errors_are_recorded_then_raised() -> None:
    exchanges: list[Exchange] = []
    with CommerceClient("http://127.0.0.1:9", listeners=[exchanges.append]) as client:
        with pytest.raises(httpx.ConnectError):
            client.store_views()

    assert exchanges[0].status is None
    assert "ConnectError" in (exchanges[0].error or "")
    assert exchanges[0].title().startswith("GET /rest/V1/store/storeViews → ConnectError")


def test_keep_alive_reuses_one_connection(commerce: CommerceClient, recorder: Recorder) -> None:
    for _ in range(3):
        commerce.store_views()

    assert len({seen.client_port for seen in recorder.seen}) == 1


@pytest.mark.parametrize(("body", "expected"), [
    pytest.param({"message": "The consumer isn't authorized to access %resources.",
                  "parameters": {"resources": "Magento_Catalog::products"}},
                 "The consumer isn't authorized to access Magento_Catalog::products.",
                 id="named"),
    pytest.param({"message": "The \"%1\" value for %2 is invalid.", "parameters": ["x", 7]},
                 "The \"x\" value for 7 is invalid.", id="numbered-from-a-list"),
    pytest.param({"message": "%field and %fieldName", "parameters": {"field": "a",
                                                                       "fieldName": "b"}},
                 "a and b", id="a-longer-name-is-not-eaten-by-a-shorter-one"),
    pytest.param({"message": "%1 and %10", "parameters": list("abcdefghij")},
                 "a and j", id="percent-ten-is-not-percent-one"),
    pytest.param({"message": "kept: %unknown", "parameters": {"other": 1}}, "kept: %unknown",
                 id="an-unknown-placeholder-stays"),
    pytest.param({"message": "no parameters: %1"}, "no parameters: %1", id="none-given"),
])
def test_error_messages_have_their_parameters_filled_in(body: dict[str, Any],
                                                         expected: str) -> None:
    assert error_message(httpx.Response(400, json=body)) == expected


def test_an_html_page_is_named_not_pasted() -> None:
    page = ("<!DOCTYPE html><html><head><title>404 &amp; Not   Found</title></head>"
            "<body><script>var x = 1;</script></body></html>")

    message = error_message(httpx.Response(404, html=page))

    assert message == 'an HTML page titled "404 & Not Found"'


def test_html_without_a_content_type_or_title_is_still_named() -> None:
    response = httpx.Response(502, content=b"<html><body><h1>Bad gateway</h1></body></html>")

    assert error_message(response) == "an HTML page"
