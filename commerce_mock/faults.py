"""Named faults: each deliberately breaks ONE documented rule, so the suite can be proven to
catch it. All are off unless named on the command line (`--fault NAME`).

`breaks` is the catalogue ID (docs/BEHAVIOURS.md) or, for Magento rules around the statements,
a rule name listed in this package's README.md ("Faults"). A gate can check that the suite names
each of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    breaks: str
    meaning: str


REGISTRY: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        Fault("save-omit-overrides", "SAVE-OMIT",
              "a save without media_gallery_entries rewrites the gallery into view overrides"),
        Fault("save-null-as-empty", "SAVE-NULL",
              "media_gallery_entries: null is treated as [] and removes every entry"),
        Fault("save-empty-ignored", "SAVE-EMPTY",
              "media_gallery_entries: [] is ignored and the gallery is kept"),
        Fault("save-roundtrip-global", "SAVE-ROUNDTRIP",
              "a save listing entries in a store view writes global values, not the view's"),
        Fault("field-null-label-kept", "FIELD-NULL-label",
              "label: null keeps the view's label override instead of inheriting"),
        Fault("field-null-position-kept", "FIELD-NULL-position",
              "position: null keeps the view's position override instead of inheriting"),
        Fault("field-null-disabled-kept", "FIELD-NULL-disabled",
              "disabled: null keeps the view's disabled override instead of inheriting"),
        Fault("field-null-video-title-kept", "FIELD-NULL-video_title",
              "video_title: null keeps the view's title override instead of inheriting"),
        Fault("field-null-video-description-kept", "FIELD-NULL-video_description",
              "video_description: null keeps the view's override instead of inheriting"),
        Fault("media-add-global", "MEDIA-ADD",
              "a media POST in a store view writes no overrides in the calling view"),
        Fault("media-add-other-views", "MEDIA-ADD",
              "a media POST also writes the new entry's overrides in every other view"),
        Fault("save-omit-clears-overrides", "SAVE-OMIT",
              "a save without media_gallery_entries in a view wipes every view's overrides"),
        Fault("roundtrip-clears-other-views", "SAVE-ROUNDTRIP",
              "a save listing entries in a view wipes the other views' overrides"),
        Fault("field-null-every-view", "FIELD-NULL-label",
              "a null restores inheritance in every store view, not only the calling one"),
        Fault("field-null-resets-siblings", "FIELD-NULL-position",
              "a null on one of label/position/disabled makes all three inherit in the view"),
        Fault("field-null-writes-global", "FIELD-NULL-disabled",
              "a save with a null also writes its other fields at global scope"),
        Fault("media-add-hidden-elsewhere", "MEDIA-ADD",
              "an entry added in a view is hidden globally, so only that view shows it"),
        Fault("media-add-clears-other-views", "MEDIA-ADD",
              "a media POST in a view wipes the other views' overrides"),
        Fault("media-update-clears-other-views", "MEDIA-UPDATE",
              "a media PUT in a view wipes the entry's overrides in the other views"),
        Fault("media-delete-sort-every-view", "MEDIA-DELETE",
              "a media DELETE gives the default sort order back to every view, not just one"),
        Fault("field-null-first-only", "WALKTHROUGH",
              "of several null fields on one entry, only the first restores inheritance"),
        Fault("default-route-as-all", "SINGLE-STORE",
              "/rest/V1/products/{sku} (no store code) acts at 'all', not in the default view"),
        Fault("null-disabled-reads-visible", "FIELD-NULL-disabled",
              "a view row whose disabled is null reads as visible, not as the global value"),
        Fault("media-add-video-every-view", "MEDIA-ADD",
              "a video added in a view gets its title and description in every view"),
        Fault("media-update-video-global", "MEDIA-UPDATE",
              "a media PUT of a video in a view rewrites its title and description globally"),
        Fault("media-update-roles-global", "MEDIA-UPDATE",
              "the roles a media PUT in a view names are given at global scope"),
        Fault("auth-reads-only", "AUTH-401",
              "the token is checked on GET only: writes need none"),
        Fault("get-media-at-all-allowed", "GET-AT-ALL",
              "a GET of the media list or of one entry at 'all' is answered"),
        Fault("unknown-store-writes", "STORE-CODE-404",
              "writes at an unknown store code go to the default store view"),
        Fault("forbidden-name-partial", "CONTENT-CHECKS",
              "image names with |, { or } are accepted"),
        Fault("media-add-id-string", "MEDIA-ADD",
              "the new entry id is answered as a JSON string, not a bare integer"),
        Fault("media-get-wrong-entry", "MEDIA-GET",
              "GET of one entry answers another entry of the product"),
        Fault("entry-missing-types", "ENTRY-SHAPE",
              "media entries are answered without their types field"),
        Fault("media-update-global", "MEDIA-UPDATE",
              "a media PUT in a store view changes the global values instead of the view's"),
        Fault("media-delete-view-only", "MEDIA-DELETE",
              "a media DELETE only hides the entry in the calling view"),
        Fault("media-delete-sort-kept", "MEDIA-DELETE",
              "a media DELETE leaves the calling view's sort order overridden"),
        Fault("error-body-without-message", "ERROR-BODY",
              "error bodies carry 'error' instead of 'message'"),
        Fault("role-not-exclusive", "ROLE-EXCLUSIVE",
              "a role given to an entry is not taken from the entry that holds it"),
        Fault("save-unlisted-kept", "UNLISTED-REMOVED",
              "a save listing entries keeps the existing entries it does not list"),
        Fault("product-gallery-absent-when-empty", "PRODUCT-SHAPE",
              "a product without entries is answered without media_gallery_entries"),
        Fault("all-writes-view-rows", "ALL-SCOPE-WRITES",
              "writes at store code 'all' also write the default store view's overrides"),
        Fault("get-at-all-allowed", "GET-AT-ALL",
              "a GET at store code 'all' is answered (as the default view) instead of 400"),
        Fault("unknown-store-as-default", "STORE-CODE-404",
              "an unknown store code is served as the default store view instead of 404"),
        Fault("auth-not-enforced", "AUTH-401",
              "product endpoints answer without a valid bearer token"),
        Fault("content-mime-trusted", "CONTENT-CHECKS",
              "the declared MIME type is trusted instead of checking the real image type"),
        Fault("file-name-not-deduplicated", "FILE-NAMING",
              "a file name already in use is reused instead of getting a _1 suffix"),
        Fault("unknown-entry-accepted", "ENTRY-404",
              "PUT or DELETE of an unknown entry id answers true instead of 404"),
    )
}

_active: frozenset[str] = frozenset()


def unknown(names: Iterable[str]) -> list[str]:
    """The names that are not registered faults."""
    return [name for name in names if name not in REGISTRY]


def enable(names: Iterable[str]) -> None:
    """Switch the named faults on for this process (the server runs one configuration)."""
    global _active
    names = list(names)
    missing = unknown(names)
    if missing:
        raise ValueError(f"unknown fault(s): {', '.join(missing)}")
    _active = frozenset(names)


def active(name: str) -> bool:
    """Whether the named fault is on. A typo in a hook is a programming error, so it raises."""
    if name not in REGISTRY:
        raise KeyError(name)
    return name in _active


def active_names() -> list[str]:
    return sorted(_active)


def describe() -> str:
    """One line per fault: name, what it breaks, its meaning (for --list-faults)."""
    width = max(len(name) for name in REGISTRY)
    return "\n".join(
        f"{fault.name:<{width}}  [{fault.breaks}]  {fault.meaning}" for fault in REGISTRY.values()
    )
