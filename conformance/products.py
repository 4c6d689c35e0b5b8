"""Products the run creates, with known global values, and the images they carry.

`ProductFactory.create` makes a product at global scope whose gallery values are all known
(`GlobalEntry`), so an oracle can tell "inherits" from "overridden" by comparing with them.
Only SKUs `cmc-<run_id>-...` are ever created or deleted: a run touches nothing else.
"""

from __future__ import annotations

import base64
import itertools
import logging
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from conformance import schemas
from conformance.client import CommerceClient, error_message

log = logging.getLogger(__name__)

MIME_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".gif": "image/gif"}
DEFAULT_ROLES = ("image", "small_image", "thumbnail")
HIDDEN_ENTRY = 3
# Role names for the first entry, or one collection of role names per entry.
Roles = Sequence[str] | Sequence[Collection[str]]
VIDEO = {
    "video_provider": "youtube",
    "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "video_title": "global video title",
    "video_description": "global video description",
    "video_metadata": "cmc global video metadata",
}


class ProductSetupError(RuntimeError):
    """The target did not accept or return a product the way the factory needs."""


@dataclass(frozen=True, order=True)
class FixtureImage:
    """One real image file from `fixtures/images`; path-like, and ordered by path."""

    path: Path
    mime_type: str = field(compare=False)
    data: bytes = field(repr=False, compare=False)

    def __fspath__(self) -> str:
        return str(self.path)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def extension(self) -> str:
        return self.path.suffix.lstrip(".").lower()

    def base64(self) -> str:
        return base64.b64encode(self.data).decode("ascii")

    def content(self, name: str | None = None) -> dict[str, str]:
        """The `content` object of a media entry; `name` is the file name the target stores."""
        return {"base64_encoded_data": self.base64(), "type": self.mime_type,
                "name": name or self.name}


def load_fixture_images(directory: Path) -> tuple[FixtureImage, ...]:
    """Every PNG, JPEG and GIF in `directory`, in file name order."""
    images = tuple(
        FixtureImage(path, MIME_TYPES[path.suffix.lower()], path.read_bytes())
        for path in sorted(directory.iterdir())
        if path.suffix.lower() in MIME_TYPES
    )
    if not images:
        raise ProductSetupError(f"no fixture images (*.png, *.jpg, *.gif) in {directory}")
    return images


@dataclass(frozen=True)
class GlobalEntry:
    """A gallery entry's id and file on the target, and the global values the run set."""

    id: int
    file: str
    media_type: str
    label: str | None
    position: int
    disabled: bool
    types: frozenset[str]
    video_title: str | None = None
    video_description: str | None = None

    @property
    def is_video(self) -> bool:
        return self.media_type == "external-video"


@dataclass(frozen=True)
class ProductRef:
    """A product this run created, with its gallery as set at global scope."""

    sku: str
    entries: tuple[GlobalEntry, ...]

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(entry.id for entry in self.entries)

    def entry(self, entry_id: int) -> GlobalEntry:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(f"{self.sku} has no entry {entry_id}")

    @property
    def video(self) -> GlobalEntry | None:
        return next((entry for entry in self.entries if entry.is_video), None)


@dataclass(frozen=True)
class _Planned:
    """An entry as sent: its global values, before the target gives it an id and a file."""

    payload: dict[str, Any]
    media_type: str
    label: str
    position: int
    types: frozenset[str]
    video_title: str | None = None
    video_description: str | None = None
    disabled: bool = False

    def known(self, entry_id: int, file: str) -> GlobalEntry:
        return GlobalEntry(id=entry_id, file=file, media_type=self.media_type, label=self.label,
                           position=self.position, disabled=self.disabled, types=self.types,
                           video_title=self.video_title,
                           video_description=self.video_description)


def plan_gallery(sku: str, images: Sequence[FixtureImage], count: int, video: bool,
                 roles: Roles) -> list[_Planned]:
    """`count` image entries (and a video) with distinct images, labels and positions 1..n."""
    needed = count + (1 if video else 0)
    if needed > len(images):
        raise ValueError(f"{needed} distinct images wanted, {len(images)} fixture images exist")
    layout = roles_per_entry(roles, count)
    planned = [_image_entry(sku, images[i], i + 1, layout[i]) for i in range(count)]
    if video:
        planned.append(_video_entry(sku, images[count], count + 1))
    return planned


def roles_per_entry(roles: Roles, count: int) -> list[tuple[str, ...]]:
    """`("image", ...)` gives those roles to the first entry; a sequence of role collections
    (`({"image"}, {"swatch_image"})`) gives one collection per entry, in order."""
    if isinstance(roles, str):
        raise TypeError("roles is a collection of role names, not a single string")
    items = list(roles)
    if all(isinstance(item, str) for item in items):
        layout = [tuple(items)]
    else:
        layout = [tuple(sorted(item)) for item in items]
    if len(layout) > count:
        raise ValueError(f"roles for {len(layout)} entries, but only {count} images")
    return layout + [()] * (count - len(layout))


def _image_entry(sku: str, image: FixtureImage, n: int, roles: Sequence[str]) -> _Planned:
    label = f"global label {n}"
    # The third image is hidden globally, so that "shows the global visibility again" is not
    # met by a target that reads a missing value as visible.
    disabled = n == HIDDEN_ENTRY
    payload = {"media_type": "image", "label": label, "position": n, "disabled": disabled,
               "types": list(roles), "content": image.content(f"{sku}-{n}.{image.extension}")}
    return _Planned(payload, "image", label, n, frozenset(roles), disabled=disabled)


def _video_entry(sku: str, preview: FixtureImage, n: int) -> _Planned:
    label = "global video label"
    payload = {
        "media_type": "external-video", "label": label, "position": n, "disabled": False,
        "types": [], "content": preview.content(f"{sku}-video.{preview.extension}"),
        "extension_attributes": {"video_content": {"media_type": "external-video", **VIDEO}},
    }
    return _Planned(payload, "external-video", label, n, frozenset(),
                    VIDEO["video_title"], VIDEO["video_description"])


def product_payload(sku: str, gallery: Sequence[_Planned]) -> dict[str, Any]:
    return {
        "sku": sku, "name": f"Conformance product {sku}", "price": 10, "status": 1,
        "visibility": 4, "type_id": "simple", "attribute_set_id": 4,
        "media_gallery_entries": [planned.payload for planned in gallery],
    }


@dataclass
class ProductFactory:
    """Creates products for one test and deletes them at teardown."""

    client: CommerceClient
    images: Sequence[FixtureImage]
    sku_prefix: str
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    created: list[str] = field(default_factory=list)
    # Where the ids are read back: a store view named by its code, so that set-up does not
    # rest on what `/rest/V1` means (SINGLE-STORE checks that).
    read_view: str | None = None

    def next_sku(self) -> str:
        return f"{self.sku_prefix}-{next(self.counter)}"

    def create(self, images: int = 3, video: bool = False, store: str | None = "all",
               roles: Roles = DEFAULT_ROLES) -> ProductRef:
        """Create a product at `store` (global by default); learn its ids in the default view."""
        sku = self.next_sku()
        gallery = plan_gallery(sku, self.images, images, video, roles)
        # Recorded before the call: a timeout may still have created it on the target.
        self.created.append(sku)
        with self.client.purpose("set up product"):
            response = self.client.save_product(product_payload(sku, gallery), store=store)
            if response.status_code != 200:
                raise ProductSetupError(f"creating {sku} at /rest/{store}/V1/products answered "
                                        f"{response.status_code}: {error_message(response)}")
            found = self.client.get_product(sku, self.read_view)
        if found.status_code != 200:
            raise ProductSetupError(f"reading back {sku} in the default view answered "
                                    f"{found.status_code}: {error_message(found)}")
        for answer in (response, found):
            _check_product_shape(answer, sku)
        entries = found.json().get("media_gallery_entries") or []
        return ProductRef(sku, _match(sku, gallery, entries))

    def cleanup(self) -> list[str]:
        """Delete every product made here at global scope; returns the SKUs left behind."""
        left = []
        with self.client.purpose("tear down product"):
            for sku in self.created:
                if not delete_quietly(self.client, sku):
                    left.append(sku)
        self.created.clear()
        return left


def _match(sku: str, gallery: Sequence[_Planned],
           entries: list[dict[str, Any]]) -> tuple[GlobalEntry, ...]:
    """Pair sent entries with returned ones by label, else by position order."""
    if len(entries) != len(gallery):
        raise ProductSetupError(f"{sku} was created with {len(gallery)} gallery entries but the "
                                f"default view shows {len(entries)}")
    by_label = {entry.get("label"): entry for entry in entries}
    if all(planned.label in by_label for planned in gallery):
        pairs = [(planned, by_label[planned.label]) for planned in gallery]
    else:
        ordered = sorted(entries, key=lambda entry: entry.get("position") or 0)
        pairs = list(zip(gallery, ordered, strict=True))
    return tuple(planned.known(int(entry["id"]), str(entry.get("file", "")))
                 for planned, entry in pairs)


def _check_product_shape(response: httpx.Response, sku: str) -> None:
    """Set-up reads products too, and every response the suite reads is schema-checked."""
    try:
        schemas.validate("product", response.json())
    except (AssertionError, ValueError) as exc:
        raise ProductSetupError(f"{sku}: {response.request.method} {response.request.url.path} "
                                f"answered a product of the wrong shape: {exc}") from None


def delete_quietly(client: CommerceClient, sku: str) -> bool:
    """Delete at global scope; True when it is gone (404 counts: a test may have deleted it)."""
    try:
        status = client.delete_product(sku, store="all").status_code
    except Exception as exc:  # noqa: BLE001 - teardown must go on; the sweep retries
        log.warning("could not delete %s: %s", sku, exc)
        return False
    if status not in (200, 404):
        log.warning("deleting %s answered %s; the end-of-run sweep will retry", sku, status)
    return status in (200, 404)


def sweep(client: CommerceClient, run_id: str) -> list[str]:
    """Delete every product left by this run (`cmc-<run_id>-*`); returns the SKUs deleted."""
    prefix = f"cmc-{run_id}-"
    with client.purpose("sweep"):
        response = client.search_products(f"{prefix}%")
        if response.status_code != 200:
            log.warning("sweep search for %s%% answered %s", prefix, response.status_code)
            return []
        items = response.json().get("items") or []
        # `like` treats _ as a wildcard too: re-check the prefix before deleting anything.
        skus = [item["sku"] for item in items if str(item.get("sku", "")).startswith(prefix)]
        return [sku for sku in skus if delete_quietly(client, sku)]
