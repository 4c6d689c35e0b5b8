"""The REST probe: finds what inherits by moving the global values and watching every view.

Magento answers any GET at store code `all` with 400, so the global values cannot be read;
they can only be written. The probe therefore writes them, twice, and watches each store view:

1. read the product in every store view (the baseline);
2. phase A: one POST at `all` giving every entry sentinel values (label `probe-a-<id>-<nonce>`,
   position 1000+i, disabled, video title and description) and each role to one entry;
   read every view;
3. phase B: the same with other sentinels (position 2000+i, enabled, each role on another
   entry or on none); read every view. A role's two holders are chosen, where the gallery
   allows, among entries (or "none") that hold it in no view yet, so that a view that keeps
   its holder cannot be mistaken for one that followed;
4. a field inherits in a view when the view showed the global sentinel in both phases, and is
   overridden when it showed its baseline value all three times. Not "matched neither
   sentinel": `disabled` has only two values, so an override always equals one of them.
   Anything else (e.g. followed phase A only) means the target does not behave like a scope
   model, and the probe fails after restoring. A role is decided the same way by its holder;
5. restore the global values with one POST at `all`: a value seen in a view where the field
   inherits (it is the global value), else the run's known global value, else a best guess
   and a failure saying so;
6. read every view again and fail unless each one shows exactly its baseline.

Reliance: the probe assumes that a save at global scope leaves store-view values alone, as
Magento's does. A target that wiped view overrides on a global save would look as if they
inherited; step 6 then finds the lost override and fails. The database oracle reads the
tables instead and does not rely on this.

Cost: 4 reads per store view and 3 writes per call, counted in `last_request_count`.
"""

from __future__ import annotations

import inspect
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from conformance import schemas
from conformance.client import error_message
from conformance.oracles.base import (
    VIDEO_MEDIA_TYPE,
    KnownEntry,
    OracleError,
    Product,
    fields_of,
    view_state,
)
from conformance.state import INHERITS, OVERRIDDEN, ROLES, EntryState, GalleryState

log = logging.getLogger(__name__)

GLOBAL_SCOPE = "all"
PURPOSE = "oracle"
_MISSING = object()


@dataclass(frozen=True)
class SeenEntry:
    """One entry as a GET in one store view returned it: effective values only."""

    file: str
    media_type: str
    values: Mapping[str, Any]
    video_content: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class SeenView:
    """A store view's gallery as read over REST: entries by id, and each role's holder."""

    entries: Mapping[int, SeenEntry]
    holders: Mapping[str, int | None]


Seen = Mapping[str, SeenView]


@dataclass(frozen=True)
class GlobalWrite:
    """The global values one POST at `all` sets: per entry and field, and each role's holder."""

    name: str
    values: Mapping[int, Mapping[str, Any]]
    holders: Mapping[str, int | None]


class ProbeOracle:
    """Decides inheritance over REST alone, by writing sentinel global values and restoring."""

    name = "probe"

    def __init__(self, client: Any, store_views: Iterable[str]) -> None:
        self.client = client
        self.store_views = tuple(store_views)
        if not self.store_views:
            raise OracleError("the probe needs at least one store view to read")
        if GLOBAL_SCOPE in self.store_views:
            raise OracleError("'all' is the global scope, which cannot be read over REST")
        self.last_request_count = 0
        self._changed = False

    def __repr__(self) -> str:
        return f"ProbeOracle(store_views={self.store_views!r})"

    def read(self, product: Product) -> GalleryState:
        self.last_request_count = 0
        sku = product.sku
        baseline = self._read_views(sku, "baseline")
        gallery = gallery_of(baseline)
        if not gallery:
            # Nothing can hold a role and nothing can move: no write is needed (or possible).
            log.info("probe %s: no gallery entries, nothing to probe", sku)
            return build_state(sku, baseline, {}, {})
        writes = phase_writes(gallery, secrets.token_hex(4), baseline)
        phases: list[dict[str, SeenView]] = []
        self._changed = False
        try:
            for write in writes:
                self._write(sku, gallery, write)
                phases.append(self._read_views(sku, write.name))
        except OracleError as exc:
            if not self._changed:
                raise OracleError(_report(sku, [str(exc)], [], changed=False)) from None
            self._restore(product, gallery, baseline, {}, {}, cause=[str(exc)])
            raise  # not reached: _restore raises when given a cause
        fields, roles, problems = decide(gallery, baseline, phases[0], phases[1], writes)
        if problems:
            problems.insert(0, "the target does not behave like a scope model; these neither "
                               "followed the global value nor kept their own:")
        self._restore(product, gallery, baseline, fields, roles, cause=problems)
        log.info("probe %s: decided in %d requests", sku, self.last_request_count)
        return build_state(sku, baseline, fields, roles)

    # --- requests -------------------------------------------------------------------------

    def _read_views(self, sku: str, step: str) -> dict[str, SeenView]:
        return {view: self._read_view(sku, view, step) for view in self.store_views}

    def _read_view(self, sku: str, view: str, step: str) -> SeenView:
        call = f"GET /rest/{view}/V1/products/{sku} ({step})"
        response = self._call(call, self.client.get_product, sku, view)
        return parse_view(_require_ok(response, call), view)

    def _write(self, sku: str, gallery: Mapping[int, SeenEntry], write: GlobalWrite) -> None:
        call = f"POST /rest/{GLOBAL_SCOPE}/V1/products ({write.name})"
        changed, self._changed = self._changed, True  # a write without an answer may be done
        response = self._call(call, self.client.save_product, payload(sku, gallery, write),
                              GLOBAL_SCOPE)
        if response.status_code != 200:
            self._changed = changed  # refused: this write changed nothing
        _require_ok(response, call)

    def _call(self, call: str, method: Callable[..., Any], *args: Any) -> Any:
        self.last_request_count += 1
        kwargs = {"purpose": PURPOSE} if _accepts_purpose(method) else {}
        try:
            return method(*args, **kwargs)
        except httpx.HTTPError as exc:
            raise OracleError(f"{call} got no answer: {type(exc).__name__}: {exc}") from exc

    # --- restoring ------------------------------------------------------------------------

    def _restore(self, product: Product, gallery: Mapping[int, SeenEntry], baseline: Seen,
                 fields: Mapping[tuple[str, int, str], str], roles: Mapping[tuple[str, str], str],
                 *, cause: Sequence[str]) -> None:
        """Put the global values back and check every view; raise if anything is off."""
        known = {int(entry.id): entry for entry in product.entries}
        write, guesses = restore_write(gallery, baseline, fields, roles, known)
        issues = [f"could not determine the global value, wrote a guess: {g}" for g in guesses]
        try:
            self._write(product.sku, gallery, write)
            after = self._read_views(product.sku, "restore check")
        except OracleError as exc:
            issues.append(f"restoring the global values failed: {exc}")
        else:
            issues += restore_differences(baseline, after)
        if cause or issues:
            raise OracleError(_report(product.sku, cause, issues))


# --- reading a response ---------------------------------------------------------------------


def _require_ok(response: Any, call: str) -> Any:
    """The product a 200 answer carries, valid against the project's product schema (every
    response the suite reads is checked, the probe's own included)."""
    if response.status_code != 200:
        raise OracleError(f"{call} answered {response.status_code}: {error_message(response)}")
    try:
        body = response.json()
    except ValueError:
        raise OracleError(f"{call} answered 200 without a JSON body") from None
    try:
        schemas.validate("product", body)
    except AssertionError as exc:
        raise OracleError(f"{call} answered a product of the wrong shape: {exc}") from None
    return body


def _accepts_purpose(method: Callable[..., Any]) -> bool:
    """Whether a client method takes `purpose=`, so that duck-typed clients work as well."""
    try:
        params = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "purpose" or p.kind is p.VAR_KEYWORD for p in params)


def parse_view(body: Any, view: str) -> SeenView:
    """Effective values and role holders from a product as one store view returned it."""
    if not isinstance(body, dict):
        raise OracleError(f"view '{view}': the product is not a JSON object")
    entries: dict[int, SeenEntry] = {}
    holders: dict[str, int | None] = dict.fromkeys(ROLES)
    for item in body.get("media_gallery_entries") or []:
        entry_id = int(item["id"])
        entries[entry_id] = parse_entry(item)
        for role in item.get("types") or []:
            if role in holders:
                holders[role] = _one_holder(view, role, holders[role], entry_id)
    return SeenView(entries=entries, holders=holders)


def _one_holder(view: str, role: str, held_by: int | None, entry_id: int) -> int:
    if held_by is None:
        return entry_id
    # Magento keeps one file per role and scope; two holders is the target's bug, which the
    # scenarios report. The oracle keeps the lowest id so that its reading stays stable.
    log.warning("view %s: role %s held by entries %s and %s", view, role, held_by, entry_id)
    return min(held_by, entry_id)


def parse_entry(item: Mapping[str, Any]) -> SeenEntry:
    media_type = item.get("media_type") or "image"
    position = item.get("position")
    values: dict[str, Any] = {
        "label": item.get("label"),
        "position": int(position) if position is not None else None,
        "disabled": bool(item.get("disabled")),
    }
    video = (item.get("extension_attributes") or {}).get("video_content")
    if media_type == VIDEO_MEDIA_TYPE:
        values["video_title"] = (video or {}).get("video_title")
        values["video_description"] = (video or {}).get("video_description")
    return SeenEntry(file=str(item.get("file")), media_type=media_type, values=values,
                     video_content=dict(video) if isinstance(video, dict) else None)


def gallery_of(baseline: Seen) -> dict[int, SeenEntry]:
    """The entries to probe, by id. Every view must show the same ones: a global save that
    listed fewer would remove the others."""
    ids_by_view = {view: set(seen.entries) for view, seen in baseline.items()}
    first_view, ids = next(iter(ids_by_view.items()))
    for view, other in ids_by_view.items():
        if other != ids:
            raise OracleError(
                f"store views disagree on the gallery's entries ('{first_view}': {sorted(ids)}, "
                f"'{view}': {sorted(other)}); probing would remove entries, so it was not tried")
    gallery = {entry_id: baseline[first_view].entries[entry_id] for entry_id in sorted(ids)}
    for entry_id, entry in gallery.items():
        if entry.media_type == VIDEO_MEDIA_TYPE and entry.video_content is None:
            raise OracleError(f"entry {entry_id} is an {VIDEO_MEDIA_TYPE} without "
                              "extension_attributes.video_content; its video fields cannot be "
                              "probed")
    return gallery


# --- the global writes ----------------------------------------------------------------------


def phase_writes(gallery: Mapping[int, SeenEntry], nonce: str,
                 baseline: Seen) -> tuple[GlobalWrite, GlobalWrite]:
    """Two sets of global sentinels, different in every field, and different role holders."""
    holders = {role: _phase_holders(list(gallery), baseline, role) for role in ROLES}
    return (
        GlobalWrite("phase A", _sentinels(gallery, "a", 1000, True, nonce),
                    {role: pair[0] for role, pair in holders.items()}),
        GlobalWrite("phase B", _sentinels(gallery, "b", 2000, False, nonce),
                    {role: pair[1] for role, pair in holders.items()}),
    )


def _phase_holders(ids: list[int], baseline: Seen,
                   role: str) -> tuple[int | None, int | None]:
    """Two different holders for a role, preferring ones no view shows it on already."""
    shown = {seen.holders.get(role) for seen in baseline.values()}
    options: list[int | None] = [*ids, None]
    fresh = [holder for holder in options if holder not in shown]
    first, second = [*fresh, *(h for h in options if h not in fresh)][:2]
    return first, second


def _sentinels(gallery: Mapping[int, SeenEntry], tag: str, base: int, disabled: bool,
               nonce: str) -> dict[int, dict[str, Any]]:
    values = {}
    for index, (entry_id, entry) in enumerate(gallery.items()):
        sentinel = {
            "label": f"probe-{tag}-{entry_id}-{nonce}",
            "position": base + index,
            "disabled": disabled,
            "video_title": f"probe-{tag}-title-{entry_id}-{nonce}",
            "video_description": f"probe-{tag}-description-{entry_id}-{nonce}",
        }
        values[entry_id] = {name: sentinel[name] for name in fields_of(entry.media_type)}
    return values


def payload(sku: str, gallery: Mapping[int, SeenEntry], write: GlobalWrite) -> dict[str, Any]:
    """The product to POST at `all`: every entry, so that none is removed."""
    entries = []
    for entry_id, entry in gallery.items():
        values = write.values[entry_id]
        item: dict[str, Any] = {
            "id": entry_id,
            "media_type": entry.media_type,
            "file": entry.file,
            "label": values["label"],
            "position": values["position"],
            "disabled": values["disabled"],
            "types": [role for role in ROLES if write.holders.get(role) == entry_id],
        }
        if entry.video_content is not None:
            video = dict(entry.video_content)
            video["video_title"] = values.get("video_title")
            video["video_description"] = values.get("video_description")
            item["extension_attributes"] = {"video_content": video}
        entries.append(item)
    return {"sku": sku, "media_gallery_entries": entries}


# --- deciding -------------------------------------------------------------------------------


def classify(before: Any, seen_a: Any, seen_b: Any, global_a: Any, global_b: Any) -> str | None:
    """INHERITS if the view followed the global value both times, OVERRIDDEN if it kept its
    baseline value throughout, None if neither (the target is not a scope model)."""
    if seen_a == global_a and seen_b == global_b:
        return INHERITS
    if before == seen_a == seen_b:
        return OVERRIDDEN
    return None


def decide(gallery: Mapping[int, SeenEntry], baseline: Seen, seen_a: Seen, seen_b: Seen,
           writes: Sequence[GlobalWrite]) -> tuple[dict[tuple[str, int, str], str],
                                                   dict[tuple[str, str], str], list[str]]:
    """Each (view, entry, field) and (view, role) state, and every place that is neither."""
    fields: dict[tuple[str, int, str], str] = {}
    roles: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    for view in baseline:
        reads = (baseline[view], seen_a[view], seen_b[view])
        problems += _entry_set_problems(view, gallery, reads)
        for entry_id, entry in gallery.items():
            if any(entry_id not in seen.entries for seen in reads):
                continue
            for name in fields_of(entry.media_type):
                values = [seen.entries[entry_id].values[name] for seen in reads]
                sentinels = [write.values[entry_id][name] for write in writes]
                found = classify(*values, *sentinels)
                if found is None:
                    problems.append(_unsettled(f"view '{view}', entry {entry_id}, {name}",
                                               values, sentinels))
                else:
                    fields[(view, entry_id, name)] = found
        for role in ROLES:
            holders = [seen.holders.get(role) for seen in reads]
            sentinels = [write.holders[role] for write in writes]
            found = classify(*holders, *sentinels)
            if found is None:
                problems.append(_unsettled(f"view '{view}', role {role} (holder)", holders,
                                           sentinels))
            else:
                roles[(view, role)] = found
    return fields, roles, problems


def _entry_set_problems(view: str, gallery: Mapping[int, SeenEntry],
                        reads: Sequence[SeenView]) -> list[str]:
    return [f"view '{view}' showed entries {sorted(seen.entries)} after {phase}, "
            f"not {sorted(gallery)}"
            for phase, seen in zip(("phase A", "phase B"), reads[1:], strict=True)
            if set(seen.entries) != set(gallery)]


def _unsettled(where: str, values: Sequence[Any], sentinels: Sequence[Any]) -> str:
    before, seen_a, seen_b = values
    return (f"{where}: {before!r} before; global set to {sentinels[0]!r} then "
            f"{sentinels[1]!r}, the view showed {seen_a!r} then {seen_b!r}")


def build_state(sku: str, baseline: Seen, fields: Mapping[tuple[str, int, str], str],
                roles: Mapping[tuple[str, str], str]) -> GalleryState:
    views = {}
    for view, seen in baseline.items():
        entries = {
            entry_id: EntryState(
                file=entry.file,
                fields={name: fields[(view, entry_id, name)]
                        for name in fields_of(entry.media_type)
                        if (view, entry_id, name) in fields},
                values=dict(entry.values),
            )
            for entry_id, entry in seen.entries.items()
        }
        view_roles = {role: roles[(view, role)] for role in ROLES if (view, role) in roles}
        views[view] = view_state(entries, view_roles, seen.holders)
    return GalleryState(sku=sku, views=views, oracle="probe")


# --- restoring ------------------------------------------------------------------------------


def restore_write(gallery: Mapping[int, SeenEntry], baseline: Seen,
                  fields: Mapping[tuple[str, int, str], str],
                  roles: Mapping[tuple[str, str], str],
                  known: Mapping[int, KnownEntry]) -> tuple[GlobalWrite, list[str]]:
    """The original global values, and a note for each one that had to be guessed."""
    guesses: list[str] = []
    values: dict[int, dict[str, Any]] = {}
    for entry_id, entry in gallery.items():
        values[entry_id] = {}
        for name in fields_of(entry.media_type):
            value = _global_value(baseline, fields, known, entry_id, name)
            if value is _MISSING:
                value = next(iter(baseline.values())).entries[entry_id].values[name]
                guesses.append(f"entry {entry_id}, {name} (overridden in every view and not "
                               f"known to the run; wrote {value!r})")
            values[entry_id][name] = value
    holders: dict[str, int | None] = {}
    for role in ROLES:
        holder = _global_holder(baseline, roles, known, gallery, role)
        if holder is _MISSING:
            holder = next(iter(baseline.values())).holders.get(role)
            guesses.append(f"role {role} (overridden in every view and not known to the run; "
                           f"gave it to entry {holder})")
        holders[role] = holder
    return GlobalWrite("restore", values, holders), guesses


def _global_value(baseline: Seen, fields: Mapping[tuple[str, int, str], str],
                  known: Mapping[int, KnownEntry], entry_id: int, name: str) -> Any:
    for view, seen in baseline.items():
        # Where the field inherits, the view's effective value is the global value.
        if fields.get((view, entry_id, name)) == INHERITS:
            return seen.entries[entry_id].values[name]
    entry = known.get(entry_id)
    if entry is None:
        return _MISSING
    value = getattr(entry, name, None)
    if name == "position" and value is not None:
        return int(value)
    return bool(value) if name == "disabled" else value


def _global_holder(baseline: Seen, roles: Mapping[tuple[str, str], str],
                   known: Mapping[int, KnownEntry], gallery: Mapping[int, SeenEntry],
                   role: str) -> Any:
    for view, seen in baseline.items():
        if roles.get((view, role)) == INHERITS:
            return seen.holders.get(role)
    # The run's record answers only if it covers every entry: an unknown one might hold it.
    if not set(gallery) <= set(known):
        return _MISSING
    holders = [entry_id for entry_id in gallery if role in (known[entry_id].types or ())]
    return holders[0] if holders else None


def restore_differences(before: Seen, after: Seen) -> list[str]:
    """Every place where a view's effective gallery is not what it was before the probe."""
    lines = []
    for view, seen in before.items():
        now = after[view]
        for entry_id in sorted(set(seen.entries) ^ set(now.entries)):
            where = "before" if entry_id in seen.entries else "after"
            lines.append(f"view '{view}', entry {entry_id}: present only {where} the probe")
        for entry_id in sorted(set(seen.entries) & set(now.entries)):
            lines += _entry_differences(view, entry_id, seen.entries[entry_id],
                                        now.entries[entry_id])
        for role in ROLES:
            if seen.holders.get(role) != now.holders.get(role):
                lines.append(f"view '{view}', role {role}: held by entry "
                             f"{seen.holders.get(role)} before, by entry "
                             f"{now.holders.get(role)} after")
    return lines


def _entry_differences(view: str, entry_id: int, before: SeenEntry,
                       after: SeenEntry) -> list[str]:
    pairs: dict[str, tuple[Any, Any]] = {
        "file": (before.file, after.file),
        "media_type": (before.media_type, after.media_type),
    }
    for name in sorted(set(before.values) | set(after.values)):
        pairs[name] = (before.values.get(name), after.values.get(name))
    return [f"view '{view}', entry {entry_id}, {name}: before {old!r}, after {new!r}"
            for name, (old, new) in pairs.items() if old != new]


def _report(sku: str, cause: Sequence[str], issues: Sequence[str], *,
            changed: bool = True) -> str:
    lines = [f"the probe could not decide the inheritance state of sku {sku!r}:"]
    lines += [f"  {line}" for line in cause]
    if not changed:
        lines.append("no global write was accepted, so nothing was changed")
    elif issues:
        lines.append("the global values may not be as they were:")
        lines += [f"  {line}" for line in issues]
    else:
        lines.append("the global values were restored and every view reads as before")
    return "\n".join(lines)
