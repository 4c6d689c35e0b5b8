"""What scenarios are made of, below the calls themselves (`conformance.statements`): read a
view's gallery, check the inheritance state, check a response, set a view's own values.

A `Scene` is one scenario's handle on its target: the client, the oracle, the store views,
the catalogue statement under test and the product the run created for it. It keeps the
product's known global values up to date, since the REST probe needs them to restore a field
that every view overrides (nothing can read the global scope over REST).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from conformance import reporting, schemas
from conformance.products import GlobalEntry, ProductRef
from conformance.state import (
    ENTRY_FIELDS,
    INHERITS,
    OVERRIDDEN,
    ROLES,
    VIDEO_FIELDS,
    Expectation,
    GalleryState,
    assert_state,
    render_table,
)

log = logging.getLogger(__name__)

# Values a view sets for itself in set-up: each differs from every global value the product
# factory chooses, so that "the view shows the global value again" cannot hold by accident.
VIEW_OVERRIDES = {
    "label": lambda entry: f"view label {entry['id']}",
    "position": lambda entry: entry["position"] + 10,
    "disabled": lambda entry: not entry["disabled"],
}
VIDEO_VIEW_OVERRIDES = {
    "video_title": lambda entry: f"view title {entry['id']}",
    "video_description": lambda entry: f"view description {entry['id']}",
}


@dataclass
class TrackedProduct:
    """A product this run created, with the global values of its entries."""

    sku: str
    known: dict[int, GlobalEntry] = field(default_factory=dict)

    @property
    def entries(self) -> list[GlobalEntry]:
        return [self.known[i] for i in sorted(self.known)]

    @property
    def ids(self) -> list[int]:
        return sorted(self.known)

    def video_ids(self) -> list[int]:
        return [e.id for e in self.entries if e.is_video]

    def forget(self, entry_id: int) -> None:
        self.known.pop(entry_id, None)

    def forget_all(self) -> None:
        self.known.clear()


def track(product: ProductRef) -> TrackedProduct:
    """Adopt a product made by the product factory."""
    return TrackedProduct(sku=product.sku, known={e.id: e for e in product.entries})


def state_fields(entry: GlobalEntry) -> tuple[str, ...]:
    """The fields whose inheritance the state tracks for this entry."""
    return (*ENTRY_FIELDS, *VIDEO_FIELDS) if entry.is_video else ENTRY_FIELDS


class Scene:
    """One scenario: a statement, a calling view, a product, and the install's store views.

    With two or more other views, the last of them is a bystander: set-up gives it overrides
    of its own, so that "other views: unchanged" is tested on overrides as well as on
    inheritance, while the first other view keeps the page's starting state (everything
    inherits).
    """

    def __init__(self, *, client: Any, oracle: Any, views: Iterable[str], statement: str,
                 product: TrackedProduct, calling_view: str | None = None) -> None:
        self.client = client
        self.oracle = oracle
        self.views = tuple(views)
        self.statement = statement
        self.product = product
        self.calling_view = calling_view
        others = self.others(calling_view) if calling_view else []
        self.bystander = others[-1] if len(others) >= 2 else None
        self._start = Expectation()
        self._start_ids: frozenset[int] = frozenset()

    @property
    def inheritance_applies(self) -> bool:
        # SINGLE-STORE: with one store view every request targets the global values.
        return len(self.views) > 1

    def others(self, view: str) -> list[str]:
        return [v for v in self.views if v != view]

    def set_up(self) -> None:
        """Give the bystander its overrides and record the state every scenario starts from."""
        if self.bystander:
            self.override_in_view(self.bystander, VIEW_OVERRIDES)
        self._start = self._all_inherit()
        if self.bystander:
            mark_roundtrip(self._start, self.bystander, self.product.entries)
        self._start_ids = frozenset(self.product.ids)

    def baseline(self) -> Expectation:
        """The starting state for the entries the product has now: what "unchanged" means.
        Entries added since set-up inherit everything in every view."""
        expected = copy.deepcopy(self._start)
        ids = set(self.product.ids)
        for view in expected.entries:
            expected.entries[view] = set(ids)
        for key in [k for k in expected.fields if k[1] not in ids]:
            del expected.fields[key]
        for entry in self.product.entries:
            if entry.id not in self._start_ids:
                for view in self.views:
                    expected.set_fields(view, entry.id, state_fields(entry), INHERITS)
        if not ids:
            # No entry holds a role, and no entry has a position of its own.
            expected.roles.clear()
            for view in expected.sort_orders:
                expected.sort_orders[view] = INHERITS
        return expected

    # --- reading --------------------------------------------------------------------------

    def gallery(self, view: str) -> dict[int, dict[str, Any]]:
        """The gallery a GET of the product shows in a view, by entry id."""
        response = self.client.get_product(self.product.sku, view, purpose="read gallery")
        body = expect_response(response, 200, "product", call=f"GET product in '{view}'")
        return {entry["id"]: entry for entry in body["media_gallery_entries"]}

    def galleries(self, views: Iterable[str] | None = None) -> dict[str, dict[int, dict]]:
        return {view: self.gallery(view) for view in (self.views if views is None else views)}

    def state(self, when: str) -> GalleryState | None:
        """The inheritance state in every view, attached to the report; None when there is
        only one store view and so nothing to inherit."""
        if not self.inheritance_applies:
            with reporting.step(f"{when}: one store view, inheritance does not apply"):
                pass
            return None
        with reporting.step(f"inheritance state {when} ({self.oracle.name} oracle)"):
            with self.client.purpose("state check"):
                state = self.oracle.read(self.product)
            reporting.attach_text(f"state {when}", render_table(state))
        return state

    def expect(self, expected: Expectation, when: str) -> GalleryState | None:
        """Read the state and require it to be as expected."""
        state = self.state(when)
        if state is not None:
            assert_state(state, expected, statement=self.statement, when=when)
        return state

    def _all_inherit(self) -> Expectation:
        """Every view shows every known entry, and every field and role inherits."""
        expected = Expectation()
        for view in self.views:
            expected.entries[view] = set(self.product.ids)
            expected.sort_orders[view] = INHERITS
            for entry in self.product.entries:
                expected.set_fields(view, entry.id, state_fields(entry), INHERITS)
            for role in ROLES:
                expected.set_role(view, role, INHERITS)
        return expected

    # --- writing --------------------------------------------------------------------------

    def override_in_view(self, view: str, change: Mapping[str, Any] | None = None,
                         video_change: Mapping[str, Any] | None = None) -> None:
        """Set up: post the view's gallery back with each entry changed, which overrides the
        view's label, position, visibility and roles (SAVE-ROUNDTRIP)."""
        entries = [
            changed_entry(entry, change or {}, video_change or {})
            for entry in self.gallery(view).values()
        ]
        response = self.client.save_product(
            {"sku": self.product.sku, "media_gallery_entries": entries}, view, purpose="set up"
        )
        expect_response(response, 200, "product", call=f"set-up save in '{view}'")

    def learn_entry(self, entry_id: int, from_view: str) -> GlobalEntry:
        """Record the global values of an entry the run added, as a view that inherits shows
        them."""
        entry = self.gallery(from_view)[entry_id]
        known = known_from_response(entry)
        self.product.known[entry_id] = known
        return known

    def set_known(self, entry_id: int, **values: Any) -> None:
        self.product.known[entry_id] = replace(self.product.known[entry_id], **values)


def mark_roundtrip(expected: Expectation, view: str, entries: Iterable[GlobalEntry]) -> None:
    """What SAVE-ROUNDTRIP overrides in a view: the sort order, label, visibility and the
    roles the entries hold. (It says nothing of video title and description.)"""
    entries = list(entries)
    expected.set_sort_order(view, OVERRIDDEN)
    for entry in entries:
        expected.set_fields(view, entry.id, ENTRY_FIELDS, OVERRIDDEN)
        for name in VIDEO_FIELDS:
            expected.fields.pop((view, entry.id, name), None)
    held = {role for entry in entries for role in entry.types} & set(ROLES)
    for role in ROLES:
        if role in held:
            expected.set_role(view, role, OVERRIDDEN)
        else:
            # A role that no entry holds is no entry's role: the page says nothing of it.
            expected.roles.pop((view, role), None)


def changed_entry(entry: Mapping[str, Any], change: Mapping[str, Any],
                  video_change: Mapping[str, Any]) -> dict[str, Any]:
    """An entry as GET returned it, with some fields replaced; a callable computes the new
    value from the entry (so that each entry gets a value of its own)."""
    result = dict(entry)
    for name, value in change.items():
        result[name] = value(entry) if callable(value) else value
    content = (entry.get("extension_attributes") or {}).get("video_content")
    if content is not None and video_change:
        new_content = dict(content)
        for name, value in video_change.items():
            new_content[name] = value(entry) if callable(value) else value
        result["extension_attributes"] = {**entry["extension_attributes"],
                                          "video_content": new_content}
    return result


def known_from_response(entry: Mapping[str, Any]) -> GlobalEntry:
    video = (entry.get("extension_attributes") or {}).get("video_content") or {}
    return GlobalEntry(
        id=entry["id"], file=entry["file"], media_type=entry["media_type"],
        label=entry.get("label"), position=entry["position"], disabled=entry["disabled"],
        types=frozenset(entry.get("types") or ()),
        video_title=video.get("video_title"), video_description=video.get("video_description"),
    )


def expect_response(response: httpx.Response, status: int, schema: str | None, *,
                    call: str) -> Any:
    """Require a status and, where given, a body valid against one of the project's schemas;
    return the parsed body."""
    body = _json(response)
    if response.status_code != status:
        raise AssertionError(
            f"{call}: expected HTTP {status}, got {response.status_code}: {_short(body)}"
        )
    if schema is not None:
        schemas.validate(schema, body)
    return body


def expect_exact(response: httpx.Response, status: int, value: Any, *, call: str) -> None:
    """Require a status and a body that is exactly this JSON value (`true`, say)."""
    body = expect_response(response, status, None, call=call)
    # `true` must be the JSON literal: neither 1 nor "true" will do.
    if not (type(body) is type(value) and body == value):
        raise AssertionError(f"{call}: expected the body {value!r}, got {_short(body)}")


def effective_values(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a GET entry that inheritance governs, for before/after comparison."""
    video = (entry.get("extension_attributes") or {}).get("video_content") or {}
    values = {name: entry.get(name) for name in ENTRY_FIELDS}
    values["types"] = sorted(entry.get("types") or ())
    values["file"] = entry.get("file")
    if video:
        values.update({name: video.get(name) for name in VIDEO_FIELDS})
    return values


def assert_galleries_unchanged(before: Mapping[str, Mapping[int, Any]],
                               after: Mapping[str, Mapping[int, Any]], *,
                               statement: str) -> None:
    """Every view of `before` shows the same entries with the same effective values."""
    lines = []
    for view, entries in before.items():
        now = after.get(view, {})
        for entry_id in sorted(set(entries) | set(now)):
            if entry_id not in now:
                lines.append(f"view '{view}', entry {entry_id}: was there, now gone")
            elif entry_id not in entries:
                lines.append(f"view '{view}', entry {entry_id}: was not there, now present")
            else:
                lines += _value_changes(view, entry_id, entries[entry_id], now[entry_id])
    if lines:
        body = "\n".join(f"  {line}" for line in lines)
        raise AssertionError(f"{statement}: the gallery changed where it must not:\n{body}")


def _value_changes(view: str, entry_id: int, was: Any, now: Any) -> list[str]:
    old, new = effective_values(was), effective_values(now)
    return [
        f"view '{view}', entry {entry_id}, {name}: was {old[name]!r}, now {new.get(name)!r}"
        for name in old
        if old[name] != new.get(name)
    ]


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


def _short(body: Any, limit: int = 500) -> str:
    text = repr(body)
    return text if len(text) <= limit else text[:limit] + "…"
