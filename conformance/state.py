"""The inheritance state of a product's gallery in every store view, and what a scenario expects.

An oracle reads a `GalleryState`: for each store view, which gallery entries it shows and, for
each entry, whether each field inherits the global value or is overridden in that view; the
same for the gallery's roles. A scenario states an `Expectation` (only what the catalogue says)
and `assert_state` turns any difference into a message that reads like a diff.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

INHERITS = "inherits"
OVERRIDDEN = "overridden"

ENTRY_FIELDS = ("label", "position", "disabled")
VIDEO_FIELDS = ("video_title", "video_description")
ROLES = ("image", "small_image", "thumbnail", "swatch_image")


@dataclass(frozen=True)
class EntryState:
    """One gallery entry as one store view has it."""

    file: str
    fields: Mapping[str, str]
    values: Mapping[str, Any] = field(default_factory=dict)

    def describe(self, entry_id: int) -> str:
        return f"entry {entry_id} ({self.file})"


@dataclass(frozen=True)
class ViewState:
    """A store view's gallery: its entries by id, and each role's state and holder."""

    entries: Mapping[int, EntryState]
    roles: Mapping[str, str]
    role_holders: Mapping[str, int | None] = field(default_factory=dict)

    @property
    def sort_order(self) -> str:
        # Magento keeps one "Use Default Value" box for the whole gallery's order: it is
        # overridden as soon as one entry has a position of its own in the view.
        overridden = any(e.fields.get("position") == OVERRIDDEN for e in self.entries.values())
        return OVERRIDDEN if overridden else INHERITS


@dataclass(frozen=True)
class GalleryState:
    """What an oracle found for one product, in every store view it read."""

    sku: str
    views: Mapping[str, ViewState]
    oracle: str

    def entry_ids(self, view: str) -> frozenset[int]:
        return frozenset(self.views[view].entries)


@dataclass
class Expectation:
    """The part of a `GalleryState` that a scenario asserts; anything not named is not checked.

    Built from the state before a call (`unchanged_from`) and then edited to say what the
    catalogue statement changes, so that "other views: unchanged" is asserted in full.
    """

    entries: dict[str, set[int]] = field(default_factory=dict)
    fields: dict[tuple[str, int, str], str] = field(default_factory=dict)
    roles: dict[tuple[str, str], str] = field(default_factory=dict)
    sort_orders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def unchanged_from(cls, state: GalleryState) -> Expectation:
        expected = cls()
        for view, view_state in state.views.items():
            expected.entries[view] = set(view_state.entries)
            expected.sort_orders[view] = view_state.sort_order
            for entry_id, entry in view_state.entries.items():
                for name, found in entry.fields.items():
                    expected.fields[(view, entry_id, name)] = found
            for role, found in view_state.roles.items():
                expected.roles[(view, role)] = found
        return expected

    @classmethod
    def all_inherit(cls, state: GalleryState) -> Expectation:
        """Every field and role of every entry inherits, in every view the state covers."""
        expected = cls.unchanged_from(state)
        for key in expected.fields:
            expected.fields[key] = INHERITS
        for key in expected.roles:
            expected.roles[key] = INHERITS
        for view in expected.sort_orders:
            expected.sort_orders[view] = INHERITS
        return expected

    def views(self) -> list[str]:
        """Every view the expectation says anything about."""
        named = {key[0] for key in self.fields} | {key[0] for key in self.roles}
        return sorted(named | set(self.entries) | set(self.sort_orders))

    def set_field(self, view: str, entry_id: int, name: str, state: str) -> None:
        self.fields[(view, entry_id, name)] = state

    def set_fields(self, view: str, entry_id: int, names: Iterable[str], state: str) -> None:
        for name in names:
            self.set_field(view, entry_id, name, state)

    def set_role(self, view: str, role: str, state: str) -> None:
        self.roles[(view, role)] = state

    def set_sort_order(self, view: str, state: str) -> None:
        self.sort_orders[view] = state

    def forget_view_fields(self, view: str, names: Iterable[str]) -> None:
        for key in [k for k in self.fields if k[0] == view and k[2] in set(names)]:
            del self.fields[key]

    def forget_roles(self, view: str) -> None:
        for key in [k for k in self.roles if k[0] == view]:
            del self.roles[key]


def differences(state: GalleryState, expected: Expectation) -> list[str]:
    """One readable line per place where the state is not what was expected."""
    lines: list[str] = []
    for view in expected.views():
        view_state = state.views.get(view)
        if view_state is None:
            lines.append(f"view '{view}': expected to be read, but the oracle has no state for it")
            continue
        lines += _entry_differences(view, view_state, expected)
        lines += _sort_order_difference(view, view_state, expected)
        lines += _role_differences(view, view_state, expected)
    return lines


def _entry_differences(view: str, view_state: ViewState, expected: Expectation) -> list[str]:
    lines = []
    wanted = expected.entries.get(view)
    if wanted is not None:
        for entry_id in sorted(wanted - set(view_state.entries)):
            lines.append(f"view '{view}', entry {entry_id}: expected present, found missing")
        for entry_id in sorted(set(view_state.entries) - wanted):
            entry = view_state.entries[entry_id]
            lines.append(f"view '{view}', {entry.describe(entry_id)}: expected gone, found present")
    for (key_view, entry_id, name), want in sorted(expected.fields.items()):
        if key_view != view:
            continue
        entry = view_state.entries.get(entry_id)
        if entry is None:
            if wanted is None:
                lines.append(f"view '{view}', entry {entry_id}: expected {name} {want}, "
                             "but the view has no such entry")
            continue  # else the missing entry is reported above, once
        if name not in entry.fields:
            # An oracle that cannot tell must not pass for one that found it as expected.
            lines.append(f"view '{view}', {entry.describe(entry_id)}, {name}: expected "
                         f"{want}, but the oracle did not report it")
            continue
        if entry.fields[name] == want:
            continue
        seen = entry.values.get(name, "?")
        lines.append(
            f"view '{view}', {entry.describe(entry_id)}, {name}: "
            f"expected {want}, found {entry.fields[name]} (value seen {seen!r})"
        )
    return lines


def _sort_order_difference(view: str, view_state: ViewState, expected: Expectation) -> list[str]:
    want = expected.sort_orders.get(view)
    if want is None or view_state.sort_order == want:
        return []
    return [f"view '{view}', sort order: expected {want}, found {view_state.sort_order}"]


def _role_differences(view: str, view_state: ViewState, expected: Expectation) -> list[str]:
    lines = []
    for (key_view, role), want in sorted(expected.roles.items()):
        if key_view != view or view_state.roles.get(role) == want:
            continue
        if role not in view_state.roles:
            lines.append(f"view '{view}', role {role}: expected {want}, "
                         "but the oracle did not report it")
            continue
        holder = view_state.role_holders.get(role)
        lines.append(
            f"view '{view}', role {role}: expected {want}, found {view_state.roles[role]}"
            f" (held by entry {holder})"
        )
    return lines


def assert_state(state: GalleryState, expected: Expectation, *, statement: str, when: str) -> None:
    """Fail with a diff-like message naming the catalogue statement, if the state differs."""
    lines = differences(state, expected)
    if lines:
        header = f"{statement}: inheritance state {when} is not what the catalogue says"
        body = "\n".join(f"  {line}" for line in lines)
        raise AssertionError(f"{header} (oracle: {state.oracle}, sku {state.sku}):\n{body}")


def render_table(state: GalleryState) -> str:
    """A plain-text table of the state, one row per (view, entry), then a line per view for
    its sort order and roles; attached to reports before and after each call."""
    names = (*ENTRY_FIELDS, *VIDEO_FIELDS)
    rows = [("view", "entry", "file", *names)]
    for view, view_state in state.views.items():
        for entry_id, entry in sorted(view_state.entries.items()):
            cells = [entry.fields.get(name, "-") for name in names]
            rows.append((view, str(entry_id), entry.file, *cells))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    lines.append("")
    for view, view_state in state.views.items():
        roles = ", ".join(f"{role} {view_state.roles[role]}" for role in sorted(view_state.roles))
        lines.append(f"{view}: sort order {view_state.sort_order}; roles: {roles or 'none'}")
    return "\n".join(lines)
