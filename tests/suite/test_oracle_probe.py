"""The REST probe against a tiny real HTTP server that keeps an in-memory scope model.

The server is written here, independently of the mock server: global values per entry, each
store view's overrides, and each role's holder per scope. It answers only what the probe uses
(GET a product in a store view, POST a product at `all`), can be told to misbehave, and lets
a test look at its global values afterwards to see that the probe put them back exactly.
"""

from __future__ import annotations

import base64
import copy
import io
import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conformance.client import CommerceClient, Exchange
from conformance.oracles import OracleError, ProbeOracle, make_oracle
from conformance.oracles import probe as probe_module
from conformance.oracles.base import expected_for
from conformance.oracles.probe import parse_view
from conformance.products import GlobalEntry, ProductRef
from conformance.server import MockServer
from conformance.state import (
    INHERITS,
    OVERRIDDEN,
    ROLES,
    EntryState,
    Expectation,
    GalleryState,
    ViewState,
    differences,
)

VIEWS = ("default", "second", "third")
SKU = "cmc-probe-1"
VIDEO = {"media_type": "external-video", "video_provider": "youtube",
         "video_url": "https://example.test/watch?v=1", "video_title": "global title",
         "video_description": "global description", "video_metadata": "meta"}
PRODUCT_PATH = re.compile(r"^/rest/(?P<store>[a-z0-9_]+)/V1/products(?:/(?P<sku>[^/?]+))?$")


@dataclass
class ScopeModel:
    """Global values, per-view overrides and role holders, as a scope model keeps them."""

    views: tuple[str, ...] = VIEWS
    entries: dict[int, dict[str, Any]] = field(default_factory=dict)
    holders: dict[str, int | None] = field(default_factory=dict)
    overrides: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    role_overrides: dict[tuple[str, str], int | None] = field(default_factory=dict)
    hidden: set[tuple[str, int]] = field(default_factory=set)
    global_writes: int = 0
    # Misbehaviour on demand.
    ignore_global_write: int | None = None
    wipe_overrides_on_global_write: bool = False
    refuse_global_write: int | None = None
    drop_read_after_write: int | None = None  # once, in the last view, with no answer at all
    lock: threading.Lock = field(default_factory=threading.Lock)

    def globals(self) -> tuple[dict[int, dict[str, Any]], dict[str, int | None]]:
        return copy.deepcopy(self.entries), dict(self.holders)

    def product(self, view: str) -> dict[str, Any]:
        items = [self._entry(view, entry_id) for entry_id in self.entries
                 if (view, entry_id) not in self.hidden]
        items.sort(key=lambda item: (item["position"], item["id"]))
        return {"id": 1, "sku": SKU, "name": "probe test product", "media_gallery_entries": items}

    def _entry(self, view: str, entry_id: int) -> dict[str, Any]:
        effective = {**self.entries[entry_id], **self.overrides.get((view, entry_id), {})}
        item = {key: effective[key] for key in ("media_type", "file", "label", "position",
                                                "disabled")}
        item["id"] = entry_id
        item["types"] = [role for role in ROLES if self._holder(view, role) == entry_id]
        if effective["media_type"] == "external-video":
            video = {**effective["video"], "video_title": effective["video_title"],
                     "video_description": effective["video_description"]}
            item["extension_attributes"] = {"video_content": video}
        return item

    def _holder(self, view: str, role: str) -> int | None:
        if (view, role) in self.role_overrides:
            return self.role_overrides[(view, role)]
        return self.holders.get(role)

    def save_global(self, product: dict[str, Any]) -> int:
        """A product save at `all`: the listed entries' global values, and the roles."""
        self.global_writes += 1
        if self.global_writes == self.refuse_global_write:
            return 400
        if self.global_writes == self.ignore_global_write:
            return 200
        listed = {int(item["id"]): item for item in product["media_gallery_entries"]}
        for entry_id in list(self.entries):
            if entry_id not in listed:
                del self.entries[entry_id]
        for entry_id, item in listed.items():
            entry = self.entries[entry_id]
            for key in ("label", "position", "disabled"):
                entry[key] = item[key]
            video = (item.get("extension_attributes") or {}).get("video_content")
            if video:
                entry["video_title"] = video["video_title"]
                entry["video_description"] = video["video_description"]
        for role in ROLES:
            claims = [i for i, item in listed.items() if role in item.get("types", [])]
            self.holders[role] = claims[0] if claims else None
        if self.wipe_overrides_on_global_write:
            self.overrides.clear()
        return 200


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Without this, http.server stalls ~40 ms per keep-alive request (see STYLE.md).
    disable_nagle_algorithm = True
    model: ScopeModel

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:
        match = PRODUCT_PATH.match(self.path)
        if not match or not match["sku"]:
            return self._send(404, {"message": "Request does not match any route."})
        store = match["store"]
        if store == "all":
            return self._send(400, {"message": "Cannot perform GET operation with store "
                                               "code 'all'"})
        if store not in self.model.views or match["sku"] != SKU:
            return self._send(404, {"message": "not found"})
        if self._drop(store):
            self.close_connection = True
            return None
        with self.model.lock:
            body = self.model.product(store)
        self._send(200, body)

    def do_POST(self) -> None:
        match = PRODUCT_PATH.match(self.path)
        length = int(self.headers.get("Content-Length", 0))
        payload = json.loads(self.rfile.read(length) or b"{}")
        if not match or match["sku"] or match["store"] != "all":
            return self._send(404, {"message": "only POST /rest/all/V1/products is served"})
        with self.model.lock:
            status = self.model.save_global(payload["product"])
            body = self.model.product(self.model.views[0])
        self._send(status, body if status == 200 else {"message": "refused"})

    def _drop(self, store: str) -> bool:
        with self.model.lock:
            if (store != self.model.views[-1]
                    or self.model.drop_read_after_write != self.model.global_writes):
                return False
            self.model.drop_read_after_write = None
            return True

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def standard_model() -> ScopeModel:
    """Two images and a video (ids 11-13), every value global, image roles on entry 11."""
    model = ScopeModel()
    for n, entry_id in enumerate((11, 12, 13), start=1):
        model.entries[entry_id] = {"media_type": "image", "file": f"/p/r/probe-{n}.png",
                                   "label": f"global label {n}", "position": n,
                                   "disabled": False}
    model.entries[13].update(media_type="external-video", video=dict(VIDEO),
                             video_title=VIDEO["video_title"],
                             video_description=VIDEO["video_description"])
    model.holders = {"image": 11, "small_image": 11, "thumbnail": 11, "swatch_image": None}
    return model


def known(model: ScopeModel) -> ProductRef:
    """What the run recorded when it created the product: the global values."""
    entries = []
    for entry_id, entry in model.entries.items():
        types = frozenset(role for role, holder in model.holders.items() if holder == entry_id)
        entries.append(GlobalEntry(
            id=entry_id, file=entry["file"], media_type=entry["media_type"],
            label=entry["label"], position=entry["position"], disabled=entry["disabled"],
            types=types, video_title=entry.get("video_title"),
            video_description=entry.get("video_description")))
    return ProductRef(sku=SKU, entries=tuple(entries))


def all_inherit(product: ProductRef) -> Expectation:
    """Every field of every known entry, and every role, inherits in every view: built from
    the product, not from the oracle's output, so a field the oracle leaves out is a failure."""
    return expected_for(VIEWS, {entry.id: entry.media_type for entry in product.entries})


@dataclass
class Target:
    model: ScopeModel
    client: CommerceClient
    exchanges: list[Exchange]

    def probe(self) -> ProbeOracle:
        oracle = make_oracle("probe", client=self.client, store_views=VIEWS)
        assert isinstance(oracle, ProbeOracle)
        return oracle


@pytest.fixture
def target() -> Iterator[Target]:
    model = standard_model()
    handler = type("BoundHandler", (Handler,), {"model": model})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    # A short poll interval: shutdown() waits for the loop's next poll.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              name="scope-fake", daemon=True)
    thread.start()
    exchanges: list[Exchange] = []
    client = CommerceClient(f"http://127.0.0.1:{server.server_address[1]}",
                            listeners=[exchanges.append])
    try:
        yield Target(model, client, exchanges)
    finally:
        client.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_all_inherit_is_found_and_the_globals_are_put_back(target: Target) -> None:
    before = target.model.globals()
    probe = target.probe()

    state = probe.read(known(target.model))

    assert differences(state, all_inherit(known(target.model))) == []
    assert {view: state.entry_ids(view) for view in VIEWS} == dict.fromkeys(VIEWS, {11, 12, 13})
    assert state.views["second"].role_holders["image"] == 11
    assert target.model.globals() == before
    assert target.model.global_writes == 3
    assert probe.last_request_count == 4 * len(VIEWS) + 3 == len(target.exchanges)


def test_the_probe_never_reads_at_all_and_labels_its_calls(target: Target) -> None:
    target.probe().read(known(target.model))

    assert all(x.store != "all" for x in target.exchanges if x.method == "GET")
    assert {x.purpose for x in target.exchanges} == {"oracle"}


def test_planted_overrides_are_found_even_where_they_equal_a_sentinel(target: Target) -> None:
    model = target.model
    model.overrides[("second", 11)] = {"label": "zweites Etikett"}
    model.overrides[("third", 12)] = {"position": 9}
    # disabled has two values only: these equal phase A's and phase B's global sentinel.
    model.overrides[("default", 12)] = {"disabled": True}
    model.overrides[("second", 13)] = {"disabled": False, "video_title": "zweiter Titel"}
    # A role moved to another entry, to the global holder of another role, and to none.
    model.role_overrides[("third", "thumbnail")] = 12
    model.role_overrides[("default", "swatch_image")] = 11
    model.role_overrides[("second", "image")] = None
    before = model.globals(), copy.deepcopy(model.overrides), dict(model.role_overrides)

    state = target.probe().read(known(model))

    expected = all_inherit(known(model))
    expected.set_field("second", 11, "label", OVERRIDDEN)
    expected.set_field("third", 12, "position", OVERRIDDEN)
    expected.set_sort_order("third", OVERRIDDEN)
    expected.set_field("default", 12, "disabled", OVERRIDDEN)
    expected.set_fields("second", 13, ["disabled", "video_title"], OVERRIDDEN)
    expected.set_role("third", "thumbnail", OVERRIDDEN)
    expected.set_role("default", "swatch_image", OVERRIDDEN)
    expected.set_role("second", "image", OVERRIDDEN)
    assert differences(state, expected) == []
    assert state.views["second"].entries[11].values["label"] == "zweites Etikett"
    assert state.views["third"].role_holders["thumbnail"] == 12
    assert (model.globals(), model.overrides, model.role_overrides) == before


def test_a_field_overridden_in_every_view_is_restored_from_the_known_value(
        target: Target) -> None:
    model = target.model
    for view in VIEWS:
        model.overrides[(view, 11)] = {"label": f"{view} label"}
        model.role_overrides[(view, "small_image")] = 13
    before = model.globals()

    state = target.probe().read(known(model))

    assert {state.views[view].entries[11].fields["label"] for view in VIEWS} == {OVERRIDDEN}
    assert {state.views[view].roles["small_image"] for view in VIEWS} == {OVERRIDDEN}
    assert model.globals() == before


def test_a_global_value_nobody_knows_is_guessed_and_reported(target: Target) -> None:
    model = target.model
    for view in VIEWS:
        model.overrides[(view, 11)] = {"label": f"{view} label"}
    unknown = ProductRef(sku=SKU, entries=())

    with pytest.raises(OracleError) as failure:
        target.probe().read(unknown)

    message = str(failure.value)
    assert "entry 11, label" in message and "guess" in message
    assert model.entries[11]["label"] == "default label"


def test_a_gallery_of_one_entry_moves_roles_to_no_entry_in_phase_b(target: Target) -> None:
    model = target.model
    del model.entries[12], model.entries[13]
    model.role_overrides[("second", "thumbnail")] = 11
    before = model.globals()

    state = target.probe().read(known(model))

    assert state.views["second"].roles["thumbnail"] == OVERRIDDEN
    assert state.views["third"].roles["thumbnail"] == INHERITS
    assert state.views["third"].roles["swatch_image"] == INHERITS
    assert model.globals() == before


def test_a_target_that_ignores_a_global_write_is_not_a_scope_model(target: Target) -> None:
    model = target.model
    model.ignore_global_write = 2
    before = model.globals()

    with pytest.raises(OracleError, match="does not behave like a scope model") as failure:
        target.probe().read(known(model))

    assert "view 'default', entry 11, label" in str(failure.value)
    assert "restored and every view reads as before" in str(failure.value)
    assert model.globals() == before


def test_a_target_that_wipes_view_values_on_a_global_save_is_caught(target: Target) -> None:
    model = target.model
    model.wipe_overrides_on_global_write = True
    model.overrides[("second", 11)] = {"label": "zweites Etikett"}

    with pytest.raises(OracleError) as failure:
        target.probe().read(known(model))

    assert ("view 'second', entry 11, label: before 'zweites Etikett', after 'global label 1'"
            in str(failure.value))


def test_a_refused_write_names_the_call_and_changes_nothing(target: Target) -> None:
    model = target.model
    model.refuse_global_write = 1
    before = model.globals()

    with pytest.raises(OracleError) as failure:
        target.probe().read(known(model))

    message = str(failure.value)
    assert "POST /rest/all/V1/products (phase A) answered 400" in message
    assert "nothing was changed" in message
    assert model.globals() == before and model.global_writes == 1


def test_a_failed_read_names_the_call_and_status(target: Target) -> None:
    probe = ProbeOracle(target.client, (*VIEWS, "fourth"))

    with pytest.raises(OracleError, match=r"GET /rest/fourth/V1/products/cmc-probe-1 "
                                          r"\(baseline\) answered 404"):
        probe.read(known(target.model))

    assert target.model.global_writes == 0


def test_views_that_disagree_on_entries_are_not_probed(target: Target) -> None:
    target.model.hidden.add(("third", 13))

    with pytest.raises(OracleError, match="disagree on the gallery's entries"):
        target.probe().read(known(target.model))

    assert target.model.global_writes == 0


def test_the_global_scope_cannot_be_a_store_view_to_read(target: Target) -> None:
    with pytest.raises(OracleError, match="'all' is the global scope"):
        ProbeOracle(target.client, ("default", "all"))


def test_a_read_without_an_answer_after_a_write_still_restores(target: Target) -> None:
    model = target.model
    model.drop_read_after_write = 1
    before = model.globals()

    with pytest.raises(OracleError) as failure:
        target.probe().read(known(model))

    message = str(failure.value)
    assert "GET /rest/third/V1/products/cmc-probe-1 (phase A) got no answer" in message
    assert "restored and every view reads as before" in message
    assert model.globals() == before and model.global_writes == 2


def _full_state(product: ProductRef) -> GalleryState:
    """What a correct oracle reads when everything inherits: built by hand."""
    views = {}
    for view in VIEWS:
        entries = {entry.id: EntryState(file=entry.file, fields=dict.fromkeys(
            ("label", "position", "disabled",
             *(("video_title", "video_description") if entry.is_video else ())), INHERITS))
            for entry in product.entries}
        views[view] = ViewState(entries, dict.fromkeys(ROLES, INHERITS),
                                dict.fromkeys(ROLES))
    return GalleryState(product.sku, views, "hand")


def _without(state: GalleryState, view: str, entry_id: int | None = None,
             field_name: str | None = None, role: str | None = None) -> GalleryState:
    views = dict(state.views)
    old = views[view]
    entries = dict(old.entries)
    if entry_id is not None and field_name is not None:
        entry = entries[entry_id]
        entries[entry_id] = EntryState(entry.file, {k: v for k, v in entry.fields.items()
                                                    if k != field_name}, entry.values)
    roles = {k: v for k, v in old.roles.items() if k != role}
    views[view] = ViewState(entries, roles, {k: v for k, v in old.role_holders.items()
                                             if k != role})
    return GalleryState(state.sku, views, state.oracle)


def test_the_expectation_reports_a_field_or_role_the_oracle_left_out() -> None:
    # Needs `differences` to report an asserted field or role that the state lacks.
    product = known(standard_model())
    expected = all_inherit(product)
    complete = _full_state(product)
    assert differences(complete, expected) == []

    no_disabled = differences(_without(complete, "second", 12, "disabled"), expected)
    no_video_title = differences(_without(complete, "third", 13, "video_title"), expected)
    no_role = differences(_without(complete, "default", role="swatch_image"), expected)

    assert len(no_disabled) == 1 and "second" in no_disabled[0]
    assert "entry 12" in no_disabled[0] and "disabled" in no_disabled[0]
    assert len(no_video_title) == 1 and "video_title" in no_video_title[0]
    assert len(no_role) == 1 and "swatch_image" in no_role[0]


def test_a_probe_that_drops_disabled_fails_the_all_inherit_check(
        target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    # The reviewer's patch: the probe silently reports no `disabled`.
    original = probe_module.build_state

    def without_disabled(sku: str, baseline: Any, fields: Any, roles: Any) -> GalleryState:
        kept = {key: found for key, found in fields.items() if key[2] != "disabled"}
        return original(sku, baseline, kept, roles)

    monkeypatch.setattr(probe_module, "build_state", without_disabled)

    state = target.probe().read(known(target.model))

    assert "disabled" not in state.views["default"].entries[11].fields
    lines = differences(state, all_inherit(known(target.model)))
    assert len(lines) == len(VIEWS) * 3
    assert all("disabled" in line for line in lines)


def test_a_role_shown_on_two_entries_keeps_the_lowest_and_the_rest_intact() -> None:
    body = {"media_gallery_entries": [
        {"id": 11, "file": "/a.png", "types": ["image"]},
        {"id": 12, "file": "/b.png", "types": ["image", "thumbnail"]},
    ]}

    seen = parse_view(body, "default")

    assert seen.holders == {"image": 11, "small_image": None, "thumbnail": 12,
                            "swatch_image": None}


# --- against the real mock server -----------------------------------------------------------


def _png(color: str) -> dict[str, str]:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(buffer, "PNG")
    return {"base64_encoded_data": base64.b64encode(buffer.getvalue()).decode("ascii"),
            "type": "image/png", "name": f"null-label-{color}.png"}


def _global_labels(db_path: Path, sku: str) -> dict[int, str | None]:
    """Store 0's label per entry, read-only from the mock's file."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        rows = db.execute(
            "SELECT v.value_id, v.label FROM catalog_product_entity_media_gallery_value v"
            " JOIN catalog_product_entity p ON p.entity_id = v.entity_id"
            " WHERE p.sku = ? AND v.store_id = 0", (sku,)).fetchall()
    return dict(rows)


def test_a_null_global_label_on_the_mock_is_restored_exactly() -> None:
    """A global label that is NULL (allowed: e.g. an entry added in a view without a label)
    must come back as NULL: the probe restores it by POSTing label null at `all`."""
    sku = "cmc-probe-null-label"
    entries = [{"media_type": "image", "label": label, "position": n, "disabled": False,
                "types": ["image"] if n == 1 else [], "content": _png(color)}
               for n, (label, color) in enumerate((("a label", "red"), (None, "green")),
                                                  start=1)]
    with MockServer(store_views=VIEWS) as server, \
            CommerceClient(str(server.base_url), server.admin_token) as client:
        product = {"sku": sku, "name": "null label", "price": 1, "attribute_set_id": 4,
                   "type_id": "simple", "media_gallery_entries": entries}
        assert client.save_product(product, "all").status_code == 200
        seen = client.get_product(sku, "default").json()["media_gallery_entries"]
        nameless = seen[1]["id"]
        before = _global_labels(server.db_path, sku)
        assert before[nameless] is None
        ref = ProductRef(sku=sku, entries=tuple(
            GlobalEntry(id=item["id"], file=item["file"], media_type=item["media_type"],
                        label=item["label"], position=item["position"],
                        disabled=item["disabled"], types=frozenset(item["types"]))
            for item in seen))

        state = ProbeOracle(client, VIEWS).read(ref)

        assert _global_labels(server.db_path, sku) == before
        assert {state.views[view].entries[nameless].fields["label"] for view in VIEWS} == {
            INHERITS}
        assert {state.views[view].entries[nameless].values["label"] for view in VIEWS} == {None}
