"""What every inheritance oracle shares: its interface, its error, and how it names fields.

An oracle answers one question for a product: in each store view, does each entry's field (and
each gallery role) inherit the global value or is it overridden there? Two oracles answer it
from different evidence, the REST probe and the database, so that each can check the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Protocol, runtime_checkable

from conformance.state import (
    ENTRY_FIELDS,
    INHERITS,
    OVERRIDDEN,
    ROLES,
    VIDEO_FIELDS,
    EntryState,
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
