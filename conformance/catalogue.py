"""The catalogue's statements, as the suite names them in markers, test ids and reports.

The IDs are those of `docs/BEHAVIOURS.md`, the project's copy of its source catalogue; this
module carries what the code needs of it (each ID and a one-line summary).
A pytest marker cannot contain '-', so each ID's marker is the ID with '_' for '-'
(`pytest -m SAVE_OMIT`, `pytest -m "FIELD_NULL_label or MEDIA_ADD"`).
"""

from __future__ import annotations

STATEMENTS: dict[str, str] = {
    "SAVE-OMIT": "a product save without media_gallery_entries leaves every view's gallery alone",
    "SAVE-NULL": "a product save with media_gallery_entries null is the same as omitting it",
    "SAVE-EMPTY": "a product save with media_gallery_entries [] removes every entry everywhere",
    "SAVE-ROUNDTRIP": "a product posted back as read in a view overrides that view only",
    "FIELD-NULL-label": "label null restores inheritance of the label in the calling view",
    "FIELD-NULL-position": "position null restores inheritance of the position",
    "FIELD-NULL-disabled": "disabled null restores inheritance of the visibility",
    "FIELD-NULL-video_title": "video_title null restores inheritance of a video's title",
    "FIELD-NULL-video_description": "video_description null restores a video's description",
    "MEDIA-ADD": "a media POST in a view adds the entry everywhere, overriding that view only",
    "MEDIA-GET": "a media GET returns the entry and changes nothing",
    "MEDIA-UPDATE": "a media PUT in a view changes the entry in that view only",
    "MEDIA-DELETE": "a media DELETE removes the entry everywhere; the view's order inherits again",
    "WALKTHROUGH": "the source page's own sequence on one product, checked after every step",
    "SINGLE-STORE": "with one store view inheritance does not apply; scope-free checks only",
}

# The rules around the statements (BEHAVIOURS.md, "What Magento does around these
# statements"). The catalogue asks the suite to assert their shapes: statuses and bodies.
RULES: dict[str, str] = {
    "ENTRY-SHAPE": "media entries have Magento's fields and types",
    "PRODUCT-SHAPE": "a product always has media_gallery_entries, [] when empty",
    "ERROR-BODY": "an error answer is a body with a message",
    "ENTRY-404": "PUT or DELETE of an unknown entry id answers 404",
    "AUTH-401": "product endpoints without a valid token answer 401",
    "GET-AT-ALL": "a GET at store code 'all' answers 400",
    "STORE-CODE-404": "an unknown store code answers 404",
    "CONTENT-CHECKS": "bad image content, type or name answers 400 and adds nothing",
    "ALL-SCOPE-WRITES": "a write at 'all' sets the global values and no view's own",
    "ROLE-EXCLUSIVE": "a role given to an entry is taken from the entry that held it",
    "UNLISTED-REMOVED": "a save listing entries removes the entries it does not list",
    "FILE-NAMING": "new files are dispersed, lower-cased, and suffixed _1 when taken",
}

# Behaviour beyond shapes (ROLE-EXCLUSIVE, UNLISTED-REMOVED, FILE-NAMING): asserted only under
# the named opt-in `--conformance-strict magento-rules`, as the catalogue asks for shapes alone.
MAGENTO_RULES = "magento-rules"

# Statements that only mean something when there is another view to inherit into; with a
# single store view the suite skips them (SINGLE-STORE) and says why.
INHERITANCE_ONLY = frozenset({
    "SAVE-ROUNDTRIP",
    "FIELD-NULL-label",
    "FIELD-NULL-position",
    "FIELD-NULL-disabled",
    "FIELD-NULL-video_title",
    "FIELD-NULL-video_description",
    "WALKTHROUGH",
    "ALL-SCOPE-WRITES",
})


ALL_IDS: dict[str, str] = {**STATEMENTS, **RULES}


def marker_name(statement: str) -> str:
    return statement.replace("-", "_")


def statement_of(marker: str) -> str | None:
    """The catalogue ID behind a marker name, or None for a marker that is not one."""
    for statement in ALL_IDS:
        if marker_name(statement) == marker:
            return statement
    return None


def statements_of(node) -> set[str]:
    """The catalogue IDs a test carries as markers."""
    return {statement_of(mark.name) for mark in node.iter_markers()} - {None}


def family_of(statement: str) -> str | None:
    """The family marker a statement also carries: FIELD_NULL for the five FIELD-NULL-*."""
    return "FIELD_NULL" if statement.startswith("FIELD-NULL-") else None


def marker_lines() -> list[str]:
    """Marker registrations for pytest's `markers` ini value."""
    lines = [f"{marker_name(s)}: {s}: {summary}" for s, summary in ALL_IDS.items()]
    return [*lines, "FIELD_NULL: every FIELD-NULL-* statement"]
