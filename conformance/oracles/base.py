"""What every inheritance oracle shares: its interface, its error, and how it names fields.

An oracle answers one question for a product: in each store view, does each entry's field (and
each gallery role) inherit the global value or is it overridden there? Two oracles answer it
from different evidence, the REST probe and the database, so that each can check the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Protocol, runtime_checkable

from conformance.state import (
    ENTRY_FIELDS,
    INHERITS,
    OVERRIDDEN,
    ROLES,
    VIDEO_FIELDS,
    EntryState,
    Expectation,
    GalleryState,
    ViewState,
)

VIDEO_MEDIA_TYPE = "external-video"


class OracleError(RuntimeError):
    """The oracle could not decide the inheritance state; the message says why."""


class KnownEntry(Protocol):
    """A gallery entry's global values as the run recorded them (the suite's own bookkeeping).

    Read-only members, so that frozen records such as `conformance.products.GlobalEntry` fit.
    """

    @property
    def id(self) -> int: ...
    @property
    def file(self) -> str: ...
    @property
    def media_type(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def position(self) -> int: ...
    @property
    def disabled(self) -> bool: ...
    @property
    def types(self) -> AbstractSet[str]: ...
    @property
    def video_title(self) -> str | None: ...
    @property
    def video_description(self) -> str | None: ...


class Product(Protocol):
    """The product an oracle reads: its SKU and the global values the run knows."""

    @property
    def sku(self) -> str: ...
    @property
    def entries(self) -> Sequence[KnownEntry]: ...


@runtime_checkable
class Oracle(Protocol):
    """Reads a product's inheritance state in the store views it was built for."""

    name: str

    def read(self, product: Product) -> GalleryState: ...


def fields_of(media_type: str | None) -> tuple[str, ...]:
    """The inheritable fields of an entry: video title and description only for videos."""
    if media_type == VIDEO_MEDIA_TYPE:
        return (*ENTRY_FIELDS, *VIDEO_FIELDS)
    return ENTRY_FIELDS


def view_state(entries: Mapping[int, EntryState], roles: Mapping[str, str],
               holders: Mapping[str, int | None]) -> ViewState:
    """A `ViewState` with the roles in the catalogue's order."""
    return ViewState(
        entries=dict(sorted(entries.items())),
        roles={role: roles[role] for role in ROLES if role in roles},
        role_holders={role: holders.get(role) for role in ROLES if role in roles},
    )


def state_name(overridden: bool) -> str:
    return OVERRIDDEN if overridden else INHERITS


def expected_for(views: Iterable[str], entries: Mapping[int, str | None],
                 state: str = INHERITS) -> Expectation:
    """Everything an oracle must report for a product whose entries are known, independently of
    what any oracle read: in every view, exactly these entries; for each, every field of its
    media type (`fields_of`); every role in `ROLES` (when there is an entry to hold one); the
    sort order. All set to `state`; edit the result for the places that differ.

    `entries` maps each entry id to its media type. Built from the product, not from an
    oracle's own output, so an oracle that leaves a field or role out cannot pass by omission.
    """
    expected = Expectation()
    for view in views:
        expected.entries[view] = set(entries)
        expected.sort_orders[view] = state
        for entry_id, media_type in entries.items():
            expected.set_fields(view, entry_id, fields_of(media_type), state)
        if entries:
            for role in ROLES:
                expected.set_role(view, role, state)
    return expected
