"""Both oracles on the real mock server: the probe over REST and the database must agree.

Each test makes a product at global scope, puts it into one inheritance state with ordinary
REST calls in a store view, and reads it with the "both" oracle, which fails on any place where
the probe and the database disagree. The server runs as a subprocess; nothing is imported
from `commerce_mock`.
"""

from __future__ import annotations

import base64
import io
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conformance.client import CommerceClient
from conformance.oracles import (
    BothOracles,
    DatabaseOracle,
    OracleError,
    ProbeOracle,
    make_oracle,
)
from conformance.oracles.base import expected_for
from conformance.oracles.both import coverage_differences
from conformance.products import GlobalEntry, ProductRef
from conformance.server import MockServer
from conformance.state import (
    INHERITS,
    OVERRIDDEN,
    EntryState,
    GalleryState,
    ViewState,
    differences,
)

VIEWS = ("default", "second", "third")
ROLES_ON_FIRST = ("image", "small_image", "thumbnail")
VIDEO = {"media_type": "external-video", "video_provider": "youtube",
         "video_url": "https://www.youtube.com/watch?v=agree", "video_title": "global title",
         "video_description": "global description", "video_metadata": "meta"}
_skus = itertools.count(1)


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(store_views=VIEWS) as running:
        yield running


@pytest.fixture
def client(server: MockServer) -> Iterator[CommerceClient]:
    with CommerceClient(server.base_url or "", server.admin_token) as http:
        yield http


def png(color: str) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def content(name: str, color: str) -> dict[str, str]:
    return {"base64_encoded_data": png(color), "type": "image/png", "name": name}


def create_product(client: CommerceClient) -> ProductRef:
    """Three images and a video at global scope, image roles on the first; ids learnt after."""
    sku = f"cmc-agree-{next(_skus)}"
    entries: list[dict[str, Any]] = [
        {"media_type": "image", "label": f"global label {n}", "position": n, "disabled": False,
         "types": list(ROLES_ON_FIRST) if n == 1 else [],
         "content": content(f"{sku}-{n}.png", color)}
        for n, color in enumerate(("red", "green", "blue"), start=1)
    ]
    entries.append({"media_type": "external-video", "label": "global video label",
                    "position": 4, "disabled": False, "types": [],
                    "content": content(f"{sku}-video.png", "white"),
                    "extension_attributes": {"video_content": dict(VIDEO)}})
    product = {"sku": sku, "name": f"Agreement {sku}", "price": 1, "attribute_set_id": 4,
               "type_id": "simple", "media_gallery_entries": entries}
    assert client.save_product(product, "all").status_code == 200
    found = client.get_product(sku, "default").json()["media_gallery_entries"]
    return ProductRef(sku=sku, entries=tuple(_known(item) for item in found))


def _known(item: dict[str, Any]) -> GlobalEntry:
    video = (item.get("extension_attributes") or {}).get("video_content") or {}
    return GlobalEntry(id=item["id"], file=item["file"], media_type=item["media_type"],
                       label=item["label"], position=item["position"],
                       disabled=item["disabled"], types=frozenset(item["types"]),
                       video_title=video.get("video_title"),
                       video_description=video.get("video_description"))


def roundtrip(client: CommerceClient, product: ProductRef, view: str) -> dict[str, Any]:
    """SAVE-ROUNDTRIP: the product as the view reads it, posted back in that view."""
    body = client.get_product(product.sku, view).json()
    sent = {"sku": product.sku, "media_gallery_entries": body["media_gallery_entries"]}
    assert client.save_product(sent, view).status_code == 200
    return sent


@dataclass(frozen=True)
class Case:
    """One inheritance state, made by REST calls, and a few facts to check in it."""

    make: Callable[[CommerceClient, ProductRef], None]
    facts: Callable[[GalleryState, ProductRef], None]


def _nothing(client: CommerceClient, product: ProductRef) -> None:
    pass


def _all_inherit(state: GalleryState, product: ProductRef) -> None:
    # From the known product, not from the state: a field both oracles left out would fail.
    expected = expected_for(VIEWS, {entry.id: entry.media_type for entry in product.entries})
    assert differences(state, expected) == []


def _roundtrip_second(client: CommerceClient, product: ProductRef) -> None:
    roundtrip(client, product, "second")


def _second_overrides(state: GalleryState, product: ProductRef) -> None:
    first = product.entries[0].id
    assert state.views["second"].entries[first].fields["label"] == OVERRIDDEN
    assert state.views["second"].sort_order == OVERRIDDEN
    assert state.views["third"].entries[first].fields["label"] == INHERITS


def _label_null_after_roundtrip(client: CommerceClient, product: ProductRef) -> None:
    sent = roundtrip(client, product, "second")
    sent["media_gallery_entries"][0]["label"] = None
    assert client.save_product(sent, "second").status_code == 200


def _label_inherits_again(state: GalleryState, product: ProductRef) -> None:
    entry = state.views["second"].entries[product.entries[0].id]
    assert entry.fields["label"] == INHERITS
    assert entry.values["label"] == product.entries[0].label


def _video_title_in_third(client: CommerceClient, product: ProductRef) -> None:
    video = client.get_product(product.sku, "third").json()["media_gallery_entries"][3]
    video["extension_attributes"]["video_content"]["video_title"] = "dritter Titel"
    response = client.update_media(product.sku, video["id"], video, "third")
    assert response.status_code == 200


def _third_video_title(state: GalleryState, product: ProductRef) -> None:
    video = product.entries[3].id
    assert state.views["third"].entries[video].fields["video_title"] == OVERRIDDEN
    assert state.views["second"].entries[video].fields["video_title"] == INHERITS


def _media_add_in_default(client: CommerceClient, product: ProductRef) -> None:
    entry = {"media_type": "image", "label": "added", "position": 5, "disabled": False,
             "types": [], "content": content(f"{product.sku}-added.png", "black")}
    assert client.add_media(product.sku, entry, "default").status_code == 200


def _added_entry_everywhere(state: GalleryState, product: ProductRef) -> None:
    assert {len(state.entry_ids(view)) for view in VIEWS} == {5}
    assert state.views["default"].sort_order == OVERRIDDEN


def _disabled_at_all(client: CommerceClient, product: ProductRef) -> None:
    """Entry 2 hidden at global scope, by a media PUT at `all`."""
    entry = client.get_product(product.sku, "default").json()["media_gallery_entries"][1]
    entry["disabled"] = True
    assert client.update_media(product.sku, entry["id"], entry, "all").status_code == 200


def _hidden_everywhere_but_listed(state: GalleryState, product: ProductRef) -> None:
    # Hidden at global scope is the global `disabled` value: every view still lists the
    # entry (REST does), and inherits it.
    hidden = product.entries[1].id
    for view in VIEWS:
        entry = state.views[view].entries[hidden]
        assert entry.values["disabled"] is True
        assert entry.fields["disabled"] == INHERITS


def _media_add_disabled_at_all(client: CommerceClient, product: ProductRef) -> None:
    entry = {"media_type": "image", "label": "hidden", "position": 5, "disabled": True,
             "types": [], "content": content(f"{product.sku}-hidden.png", "black")}
    assert client.add_media(product.sku, entry, "all").status_code == 200


def _added_hidden_entry_in_every_view(state: GalleryState, product: ProductRef) -> None:
    assert {len(state.entry_ids(view)) for view in VIEWS} == {5}
    added = max(state.entry_ids("default"))
    for view in VIEWS:
        assert state.views[view].entries[added].values["disabled"] is True
        assert state.views[view].entries[added].fields["disabled"] == INHERITS


def _media_add_without_label_in_second(client: CommerceClient, product: ProductRef) -> None:
    # The new entry's global label is NULL (MEDIA-ADD in a view gives that view "").
    entry = {"media_type": "image", "position": 5, "disabled": False, "types": [],
             "content": content(f"{product.sku}-nameless.png", "black")}
    assert client.add_media(product.sku, entry, "second").status_code == 200


def _null_global_label_inherited_elsewhere(state: GalleryState, product: ProductRef) -> None:
    added = max(state.entry_ids("default"))
    for view in ("default", "third"):
        assert state.views[view].entries[added].fields["label"] == INHERITS
        assert state.views[view].entries[added].values["label"] is None
    assert state.views["second"].entries[added].fields["label"] == OVERRIDDEN


def _empty_video_title_in_second(client: CommerceClient, product: ProductRef) -> None:
    video = client.get_product(product.sku, "second").json()["media_gallery_entries"][3]
    video["extension_attributes"]["video_content"]["video_title"] = ""
    response = client.update_media(product.sku, video["id"], video, "second")
    assert response.status_code == 200


def _empty_title_shows_the_global_one(state: GalleryState, product: ProductRef) -> None:
    # Magento's video ReadHandler: an empty view value falls back to the global one.
    video = state.views["second"].entries[product.entries[3].id]
    assert video.fields["video_title"] == INHERITS
    assert video.values["video_title"] == VIDEO["video_title"]


@pytest.mark.parametrize("case", [
    pytest.param(Case(_nothing, _all_inherit), id="all-inherit"),
    pytest.param(Case(_disabled_at_all, _hidden_everywhere_but_listed),
                 id="disabled-at-all"),
    pytest.param(Case(_media_add_disabled_at_all, _added_hidden_entry_in_every_view),
                 id="media-add-disabled-at-all"),
    pytest.param(Case(_empty_video_title_in_second, _empty_title_shows_the_global_one),
                 id="empty-video-title-in-second"),
    pytest.param(Case(_media_add_without_label_in_second, _null_global_label_inherited_elsewhere),
                 id="null-global-label"),
    pytest.param(Case(_roundtrip_second, _second_overrides), id="roundtrip-in-second"),
    pytest.param(Case(_label_null_after_roundtrip, _label_inherits_again),
                 id="label-null-in-second"),
    pytest.param(Case(_video_title_in_third, _third_video_title), id="video-title-in-third"),
    pytest.param(Case(_media_add_in_default, _added_entry_everywhere), id="media-add-in-default"),
])
def test_probe_and_database_agree(server: MockServer, client: CommerceClient,
                                  case: Case) -> None:
    product = create_product(client)
    case.make(client, product)
    oracle = make_oracle("both", client=client, store_views=VIEWS,
                         db_url=f"sqlite:///{server.db_path}")
    assert isinstance(oracle, BothOracles)

    try:
        state = oracle.read(product)
    finally:
        oracle.close()

    case.facts(state, product)
    assert state.oracle == "both"


def test_a_disagreement_is_reported_place_by_place(server: MockServer, client: CommerceClient,
                                                   tmp_path: Path) -> None:
    product = create_product(client)
    copy = tmp_path / "copy.sqlite3"
    copy_database(server.db_path, copy)
    # One label overridden in 'third' in the copy only: REST does not show it.
    with closing(sqlite3.connect(copy)) as db, db:
        db.execute("INSERT INTO catalog_product_entity_media_gallery_value"
                   " (value_id, store_id, entity_id, label) SELECT ?, store_id, ?, 'only in db'"
                   " FROM store WHERE code = 'third'",
                   (product.entries[1].id, _entity_id(db, product.sku)))
    oracle = BothOracles(DatabaseOracle(f"sqlite:///{copy}", VIEWS),
                         ProbeOracle(client, VIEWS))

    with pytest.raises(OracleError) as failure:
        oracle.read(product)
    oracle.close()

    message = str(failure.value)
    assert "disagree" in message
    assert (f"view 'third', entry {product.entries[1].id} ({product.entries[1].file}), label: "
            "expected overridden, found inherits") in message


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of the server's live (WAL) file, read without writing to it."""
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as origin, \
            closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _entity_id(db: sqlite3.Connection, sku: str) -> int:
    return int(db.execute("SELECT entity_id FROM catalog_product_entity WHERE sku = ?",
                          (sku,)).fetchone()[0])


def test_a_field_only_one_oracle_reports_is_a_disagreement() -> None:
    image = EntryState(file="/a.png", fields=dict.fromkeys(("label", "position", "disabled"),
                                                           INHERITS))
    video = EntryState(file="/a.png", fields={**image.fields, "video_title": INHERITS,
                                              "video_description": INHERITS})
    roles = dict.fromkeys(("image", "small_image", "thumbnail", "swatch_image"), INHERITS)
    probe = GalleryState("sku", {"default": ViewState({1: image}, roles)}, "probe")
    db = GalleryState("sku", {"default": ViewState({1: video}, {})}, "db")

    lines = coverage_differences(probe, db)

    assert lines == [
        "view 'default', entry 1, video_description: only the database reports it",
        "view 'default', entry 1, video_title: only the database reports it",
        "view 'default', role image: only the probe reports it",
        "view 'default', role small_image: only the probe reports it",
        "view 'default', role swatch_image: only the probe reports it",
        "view 'default', role thumbnail: only the probe reports it",
    ]
